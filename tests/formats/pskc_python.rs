//! Files written by python-pskc (an independent implementation) decode in softpass.
//!
//! The committed fixtures come from `tests/interop/make_fixture.py`; `tests/interop/python-pskc.sh`
//! regenerates them in a temporary folder and points `SOFTPASS_PSKC_INTEROP_DIR` at it (running
//! `cargo test --test formats pskc_python::`), so the same checks run against files python-pskc
//! has just written.
use softpass_core::pskc::{Encryption, KeyPackage, PinUsage, PskcError, inspect};
use softpass_core::token::{Algorithm, Kind};
use std::path::PathBuf;

use crate::support::{SEED20, SEED32, fixture, read_with_password};

/// The constants of make_fixture.py (its secrets are the RFC 4226 / RFC 6238 seeds).
const PASSPHRASE: &str = "interop-passphrase";
const HOTP_SECRET: &[u8] = SEED20;
const TOTP_SECRET: &[u8] = SEED32;

/// The committed fixtures, and python-pskc's fresh output when the interop script runs.
fn dirs() -> Vec<PathBuf> {
    let mut d = vec![fixture("pskc/python-pskc")];
    if let Some(fresh) = std::env::var_os("SOFTPASS_PSKC_INTEROP_DIR") {
        d.push(PathBuf::from(fresh));
    }
    d
}

/// `name` in every directory: (its text, its keys opened with the passphrase).
fn each(name: &str) -> Vec<(PathBuf, String, Vec<KeyPackage>)> {
    dirs()
        .into_iter()
        .map(|dir| {
            let xml = std::fs::read_to_string(dir.join(name)).unwrap();
            let keys = read_with_password(&xml, PASSPHRASE).unwrap();
            (dir, xml, keys)
        })
        .collect()
}

#[test]
fn hotp_with_pin_key_package_pbkdf2_sha1() {
    for (dir, xml, keys) in each("hotp-sha1prf.xml") {
        assert_eq!(inspect(&xml).unwrap(), Encryption::Password);
        assert_eq!(keys.len(), 1, "{}", dir.display());
        let k = &keys[0];
        assert_eq!(k.secret.expose(), HOTP_SECRET);
        assert_eq!(k.params.kind, Kind::Hotp);
        assert_eq!(k.params.digits, 6);
        assert_eq!(k.counter, 42);
        assert_eq!(k.serial.as_deref(), Some("PY0000000001"));
        assert_eq!(k.issuer.as_deref(), Some("Interop"));
        let policy = k.pin_policy.unwrap();
        assert_eq!(policy.max_failed_attempts, Some(7));
        assert_eq!(
            (policy.min_length, policy.max_length, policy.numeric),
            (4, 8, true)
        );
        assert_eq!(k.pin_usage, Some(PinUsage::Local));
        assert!(k.pin.as_ref().unwrap().ct_eq("5678"));

        assert!(matches!(
            read_with_password(&xml, "interop-passphrasE").err(),
            Some(PskcError::WrongKey(_))
        ));
    }
}

#[test]
fn totp_aes256_pbkdf2_sha256_prf_written_as_text() {
    for (dir, _, keys) in each("totp-sha256prf.xml") {
        let k = &keys[0];
        assert_eq!(k.secret.expose(), TOTP_SECRET, "{}", dir.display());
        assert_eq!(k.params.kind, Kind::Totp);
        assert_eq!(k.params.algorithm, Algorithm::Sha256);
        assert_eq!((k.params.digits, k.params.period, k.params.t0), (8, 60, 0));
        assert!(k.pin.is_none() && k.pin_policy.is_none());
    }
}

#[test]
fn encrypted_counter_is_big_endian() {
    for (dir, _, keys) in each("hotp-encrypted-counter.xml") {
        assert_eq!(keys[0].secret.expose(), HOTP_SECRET);
        assert_eq!(keys[0].counter, 123_456_789, "{}", dir.display());
    }
}
