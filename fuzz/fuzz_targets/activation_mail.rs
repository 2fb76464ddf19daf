#![no_main]
//! Fuzz target: the activation e-mail readers (docs/email.md §4) return `Ok` or a typed error
//! for any input, never panic: the fact-line reader on any text, the message reader (mail-parser,
//! attachment choice, facts) on any bytes; a message it accepts holds a seed file.
//! Run: `cargo fuzz run activation_mail` (seed corpus: tests/testdata/email/*.eml).
use libfuzzer_sys::fuzz_target;
use softpass_client::mail;
use softpass_core::{activation_mail, seedfile};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(facts) = activation_mail::read_facts(text)
    {
        for value in [facts.activation_key, facts.application_pin].iter().flatten() {
            let v = value.expose();
            assert!(!v.is_empty() && v.trim() == v && !v.contains('\n'));
        }
    }
    if let Ok(m) = mail::read_message("fuzz.eml", data) {
        assert!(seedfile::detect(&m.seed).is_ok());
    }
});
