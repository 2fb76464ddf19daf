#![no_main]
//! Fuzz target: activation parser (placeholder until its owner fills it in).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = data;
});
