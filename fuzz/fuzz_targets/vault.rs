#![no_main]
//! Fuzz target: the vault reader. Any input must give Ok or a typed error (no panic, no huge
//! allocation); whatever parses must serialise and parse back to the same vault.
use libfuzzer_sys::fuzz_target;
use softpass_core::vault;

fuzz_target!(|data: &[u8]| {
    if let Ok(v) = vault::parse(data) {
        let bytes = vault::serialize(&v).expect("a parsed vault serialises");
        assert_eq!(vault::parse(&bytes).ok(), Some(v));
    }
});
