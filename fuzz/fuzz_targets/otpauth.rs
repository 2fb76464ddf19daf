#![no_main]
//! Fuzz target: the otpauth URI parser must never panic, and whatever it accepts must survive
//! emit → parse unchanged.
use libfuzzer_sys::fuzz_target;
use softpass_core::otpauth::KeyUri;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(uri) = KeyUri::parse(text) else {
        return;
    };
    let emitted = uri.to_uri();
    let back = KeyUri::parse(emitted.expose()).expect("an emitted URI parses");
    assert_eq!(back.kind, uri.kind);
    assert_eq!(back.issuer, uri.issuer);
    assert_eq!(back.account, uri.account);
    assert_eq!(back.secret.expose(), uri.secret.expose());
    assert_eq!(
        (back.algorithm, back.digits, back.counter, back.period),
        (uri.algorithm, uri.digits, uri.counter, uri.period)
    );
});
