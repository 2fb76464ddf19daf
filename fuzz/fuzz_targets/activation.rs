#![no_main]
//! Fuzz target: the activation-code parser must never panic, must accept only what it can format
//! back (legacy codes round-trip through `format_legacy`), and never echo more than one group.
use libfuzzer_sys::fuzz_target;
use softpass_core::activation::ActivationCode;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match ActivationCode::parse(text) {
        Ok(code) => {
            assert_eq!(code.entropy().len(), 10);
            let _ = code.key("18888710");
            if code.is_legacy() {
                let mut entropy = [0u8; 10];
                entropy.copy_from_slice(code.entropy());
                let again = ActivationCode::format_legacy(&entropy);
                let back = ActivationCode::parse(again.expose()).expect("a formatted code parses");
                assert_eq!(back.entropy(), code.entropy());
            } else {
                assert!(code.capability().is_some_and(|c| c < 32));
            }
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(!msg.contains('\n'));
            assert!(msg.len() < 200);
        }
    }
});
