//! The example documents of RFC 6030 decode to the secrets the RFC states.
use softpass_core::pskc::{Encryption, PinUsage, Protection, PskcError, inspect, read};
use softpass_core::token::{Algorithm, Kind};

use crate::support::{SEED20 as RFC_SECRET, fixture_text, read_with_password};

/// A figure of RFC 6030 as shipped with python-pskc.
fn figure(name: &str) -> String {
    fixture_text(&format!("pskc/rfc6030/{name}"))
}

#[test]
fn figure2_plain_secret() {
    let keys = read(&figure("figure2.xml"), &Protection::Plain).unwrap();
    assert_eq!(keys.len(), 1);
    let k = &keys[0];
    assert_eq!(k.secret.expose(), b"1234");
    assert_eq!(k.key_id, "12345678");
    assert_eq!(k.issuer.as_deref(), Some("Issuer-A"));
    assert_eq!(k.params.kind, Kind::Hotp);
    assert_eq!(
        k.params.digits, 6,
        "no ResponseFormat: softpass's default of 6 digits"
    );
    assert_eq!(inspect(&figure("figure2.xml")).unwrap(), Encryption::None);
}

#[test]
fn figure3_supplementary_data() {
    let keys = read(&figure("figure3.xml"), &Protection::Plain).unwrap();
    let k = &keys[0];
    assert_eq!(k.secret.expose(), RFC_SECRET);
    assert_eq!(k.serial.as_deref(), Some("987654321"));
    assert_eq!(k.manufacturer.as_deref(), Some("Manufacturer"));
    assert_eq!(k.params.digits, 8);
    assert_eq!(k.params.algorithm, Algorithm::Sha1);
    assert_eq!(k.counter, 0);
}

#[test]
fn figure4_derived_key_has_no_secret_to_import() {
    // The key is derived from a master key softpass does not have: "missing <Secret>".
    let err = read(&figure("figure4.xml"), &Protection::Plain)
        .err()
        .unwrap();
    assert_eq!(
        err,
        PskcError::Missing {
            element: "KeyContainer/KeyPackage/Key/Data".into(),
            what: "<Secret>".into()
        }
    );
}

#[test]
fn figure5_pin_policy_and_pin_key_package() {
    let keys = read(&figure("figure5.xml"), &Protection::Plain).unwrap();
    assert_eq!(
        keys.len(),
        1,
        "the PIN key package is folded into the HOTP key"
    );
    let k = &keys[0];
    assert_eq!(k.secret.expose(), RFC_SECRET);
    let policy = k.pin_policy.unwrap();
    assert_eq!((policy.min_length, policy.max_length), (4, 4));
    assert!(policy.numeric);
    assert_eq!(policy.max_failed_attempts, None);
    assert_eq!(k.pin_usage, Some(PinUsage::Local));
    assert!(k.pin.as_ref().unwrap().ct_eq("1234"));
}

#[test]
fn figure6_pre_shared_aes_key() {
    let xml = figure("figure6.xml");
    assert_eq!(inspect(&xml).unwrap(), Encryption::PreShared);
    let psk = hex::decode("12345678901234567890123456789012").unwrap();
    let keys = read(&xml, &Protection::PreShared { key: &psk }).unwrap();
    assert_eq!(keys[0].secret.expose(), RFC_SECRET);
    assert_eq!(keys[0].params.digits, 8);
    assert_eq!(keys[0].counter, 0);
    // Without the key, the reader says what it needs.
    assert_eq!(
        read(&xml, &Protection::Plain).err(),
        Some(PskcError::KeyRequired("a pre-shared key"))
    );
    let mut wrong = psk.clone();
    wrong[0] ^= 1;
    assert!(matches!(
        read(&xml, &Protection::PreShared { key: &wrong }).err(),
        Some(PskcError::WrongKey(_))
    ));
}

#[test]
fn figure7_pbkdf2_passphrase() {
    let xml = figure("figure7.xml");
    assert_eq!(inspect(&xml).unwrap(), Encryption::Password);
    let keys = read_with_password(&xml, "qwerty").unwrap();
    assert_eq!(keys[0].secret.expose(), RFC_SECRET);
    assert_eq!(keys[0].manufacturer.as_deref(), Some("TokenVendorAcme"));
    assert_eq!(keys[0].issuer.as_deref(), Some("Example-Issuer"));
    assert!(matches!(
        read_with_password(&xml, "qwertz").err(),
        Some(PskcError::WrongKey(_))
    ));
    assert_eq!(
        read(&xml, &Protection::Plain).err(),
        Some(PskcError::KeyRequired("a password (the activation key)"))
    );
}

#[test]
fn figure10_bulk_provisioning_with_validity_dates() {
    let keys = read(&figure("figure10.xml"), &Protection::Plain).unwrap();
    let serials: Vec<_> = keys.iter().map(|k| k.serial.clone().unwrap()).collect();
    assert_eq!(serials, ["654321", "123456", "9999999", "9999999"]);
    for k in &keys {
        assert_eq!(k.secret.expose(), RFC_SECRET);
    }
    assert_eq!(keys[0].valid_from.as_deref(), Some("2006-05-01T00:00:00Z"));
    assert_eq!(keys[0].valid_until.as_deref(), Some("2006-05-31T00:00:00Z"));
    // Device 9999999 carries two keys, one for March and one for April.
    assert_eq!(keys[2].valid_until.as_deref(), Some("2006-03-31T00:00:00Z"));
    assert_eq!(keys[3].valid_from.as_deref(), Some("2006-04-01T00:00:00Z"));
}

#[test]
fn pin_policy_defaults_respect_the_given_bound() {
    // Figure 5 with only MaxLength="3": the default MinLength (4) must not exceed it.
    let xml = figure("figure5.xml").replace(r#"MinLength="4" MaxLength="4""#, r#"MaxLength="3""#);
    let keys = read(&xml, &Protection::Plain).unwrap();
    let p = keys[0].pin_policy.unwrap();
    assert_eq!((p.min_length, p.max_length), (3, 3));
}
