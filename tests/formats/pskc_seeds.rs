//! The sample seed files in seeds/ open with their published activation keys and give the
//! eTokens listed in seeds/README.md (computed there with oathtool, independently of softpass).
use softpass_core::otp::Generator;
use softpass_core::pskc::{KeyPackage, PinUsage};
use softpass_core::token::{Algorithm, Kind};

use crate::support::*;

fn open(serial: &str, activation_key: &str) -> KeyPackage {
    let xml = std::fs::read_to_string(seed_file(serial)).unwrap();
    let mut keys = read_with_password(&xml, activation_key).unwrap();
    assert_eq!(keys.len(), 1);
    keys.remove(0)
}

#[test]
fn demo_token() {
    let k = open(DEMO_SERIAL, DEMO_KEY);
    assert_eq!(k.serial.as_deref(), Some(DEMO_SERIAL));
    assert_eq!(k.params.kind, Kind::Hotp);
    assert_eq!(
        (k.params.algorithm, k.params.digits, k.counter),
        (Algorithm::Sha1, 6, 0)
    );
    assert_eq!(hex::encode(k.secret.expose()), DEMO_SECRET_HEX);
    assert!(k.pin.as_ref().unwrap().ct_eq(DEMO_PIN));
    assert_eq!(k.pin_usage, Some(PinUsage::Local));
    assert_eq!(k.pin_policy.unwrap().max_failed_attempts, Some(10));
    let g = Generator::new(&k.params, &k.secret).unwrap();
    let codes: Vec<String> = (0..5).map(|c| g.hotp().code(c).to_string()).collect();
    assert_eq!(codes, DEMO_CODES);
}

#[test]
fn totp_sample() {
    let k = open(TOTP_SAMPLE_SERIAL, TOTP_SAMPLE_KEY);
    assert_eq!(k.params.kind, Kind::Totp);
    assert_eq!((k.params.digits, k.params.period), (6, 30));
    assert!(k.pin.as_ref().unwrap().ct_eq(TOTP_SAMPLE_PIN));
    assert_eq!(k.pin_policy.unwrap().max_failed_attempts, Some(5));
    let Generator::Time(t) = Generator::new(&k.params, &k.secret).unwrap() else {
        panic!("a TOTP token must give a time generator");
    };
    for (at, code) in TOTP_SAMPLE_CODES {
        assert_eq!(t.code_at(at).unwrap().to_string(), code, "at {at}");
    }
}
