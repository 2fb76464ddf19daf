#![no_main]
//! Fuzz target: the PSKC reader must return `Ok` or a typed error for any input, never panic.
//! Run: `cargo fuzz run pskc` (seed corpus: tests/testdata/pskc/**/*.xml).
use libfuzzer_sys::fuzz_target;
use softpass_core::pskc::{Protection, inspect, read};
use softpass_core::secret::SecretString;

fuzz_target!(|data: &[u8]| {
    let Ok(xml) = std::str::from_utf8(data) else {
        return;
    };
    let _ = inspect(xml);
    let _ = read(xml, &Protection::Plain);
    // A pre-shared key exercises MAC verification and decryption without PBKDF2's cost; the
    // password path is only taken for files with a small iteration count (the fuzzer would
    // otherwise spend its time in PBKDF2).
    let _ = read(xml, &Protection::PreShared { key: &[0x42; 16] });
    if xml.contains("<IterationCount>1</IterationCount>") {
        let pw = SecretString::from("fuzz");
        let _ = read(xml, &Protection::Password { password: &pw, iterations: 0 });
    }
});
