#![no_main]
//! Fuzz target: the OATH CSV reader (and format detection) must return `Ok` or a typed error for
//! any input, never panic; what it reads, its writer writes again.
//! Run: `cargo fuzz run oathcsv` (seed corpus: tests/testdata/oathcsv/*.csv).
use libfuzzer_sys::fuzz_target;
use softpass_core::pskc::Protection;
use softpass_core::{oathcsv, seedfile};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = seedfile::read(text, &Protection::Plain);
    if let Ok(file) = oathcsv::read(text) {
        let keys: Vec<_> = file.keys.into_iter().map(|(k, _)| k).collect();
        if let Ok(again) = oathcsv::write(&keys) {
            assert!(oathcsv::read(&again).is_ok());
        }
    }
});
