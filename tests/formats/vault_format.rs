//! The vault format (docs/vault-format.md): an independent writer's file, sealing round trips,
//! metadata binding, and the malformed-file kit (every defect is an error, never a partial read).
use sha2::{Digest, Sha256};
use softpass_core::secret::{SecretBytes, SecretString};
use softpass_core::token::{Algorithm, Kind, OtpParams, PinPolicy};
use softpass_core::vault::{
    self, KdfCost, NewToken, Sealing, Secrets, TokenRecord, Vault, VaultError,
};

use crate::support::{PYTHON_VAULT, SEED20, TINY};

fn record(name: &str, serial: &str) -> TokenRecord {
    let token = NewToken {
        name: name.into(),
        serial: serial.into(),
        params: OtpParams::hotp(Algorithm::Sha1, 6),
        issuer: Some("ACME".into()),
        counter: 7,
        pin_policy: PinPolicy::default(),
    };
    let secrets = Secrets {
        secret: SecretBytes::from_slice(SEED20),
        otp_pin: Some(SecretString::from("4321")),
    };
    let pin = SecretString::from("1234");
    let sealing = Sealing {
        pin: &pin,
        kdf: TINY,
        salt: [7; 16],
        nonce: [9; 24],
    };
    TokenRecord::seal(token, &secrets, &sealing).unwrap()
}

fn sample() -> Vec<u8> {
    let v = Vault {
        tokens: vec![record("a", "S1"), record("b", "S2")],
    };
    vault::serialize(&v).unwrap()
}

/// A file with the given tokens JSON text and a correct checksum (the spec's rule, computed here).
pub fn with_tokens(version: u32, tokens: &str) -> Vec<u8> {
    let sum = hex::encode(Sha256::digest(tokens.as_bytes()));
    format!(
        "{{\"format\":\"softpass-vault\",\"version\":{version},\"checksum\":\"{sum}\",\"tokens\":{tokens}}}\n"
    )
    .into_bytes()
}

/// The JSON text of the `tokens` member of a vault file.
pub fn tokens_text(file: &[u8]) -> String {
    let s = std::str::from_utf8(file).unwrap();
    let start = s.find("\"tokens\":").unwrap() + 9;
    s[start..s.len() - 2].to_owned()
}

#[test]
fn reads_a_vault_written_by_an_independent_implementation() {
    let v = vault::parse(PYTHON_VAULT).unwrap();
    let t = &v.tokens[0];
    assert_eq!(
        (t.name.as_str(), t.serial.as_str()),
        ("python", "RFC4226-D")
    );
    assert_eq!(
        (
            t.params.kind,
            t.params.algorithm,
            t.params.digits,
            t.counter
        ),
        (Kind::Hotp, Algorithm::Sha1, 6, 5)
    );
    let s = t.open(&SecretString::from("1234")).unwrap();
    assert_eq!(s.secret.expose(), SEED20);
    assert_eq!(s.otp_pin.unwrap().expose(), "99");
    assert_eq!(
        t.open(&SecretString::from("1235")).err(),
        Some(VaultError::WrongPin)
    );
}

#[test]
fn round_trip_keeps_every_field() {
    let bytes = sample();
    let v = vault::parse(&bytes).unwrap();
    assert_eq!(v.tokens.len(), 2);
    assert_eq!(vault::serialize(&v).unwrap(), bytes);
    let s = v.tokens[1].open(&SecretString::from("1234")).unwrap();
    assert_eq!(s.secret.expose(), SEED20);
    assert_eq!(s.otp_pin.unwrap().expose(), "4321");
}

#[test]
fn swapped_metadata_fails_like_a_wrong_pin() {
    let pin = SecretString::from("1234");
    let base = record("a", "S1");
    let edits: Vec<fn(&mut TokenRecord)> = vec![
        |t| t.serial = "S2".into(),
        |t| t.params.algorithm = Algorithm::Sha256,
        |t| t.params.digits = 8,
        |t| t.params.kind = Kind::Totp,
        |t| t.params.period = 60,
        |t| t.params.t0 = 1,
        |t| t.pin_policy.max_failed_attempts = Some(3),
        |t| t.pin_policy.min_length = 6,
        |t| t.sealed.ciphertext[0] ^= 1,
        |t| t.sealed.nonce[0] ^= 1,
        |t| t.sealed.salt[0] ^= 1,
    ];
    for (i, edit) in edits.iter().enumerate() {
        let mut t = base.clone();
        edit(&mut t);
        assert_eq!(t.open(&pin).err(), Some(VaultError::WrongPin), "edit {i}");
    }
    // Mutable metadata is not bound: renaming or advancing the counter keeps the token usable.
    let mut t = base.clone();
    t.name = "renamed".into();
    t.counter = 99;
    assert!(t.open(&pin).is_ok());
}

fn assert_corrupt(bytes: &[u8], what: &str) {
    match vault::parse(bytes) {
        Err(VaultError::Corrupt(_)) => {}
        other => panic!("{what}: expected Corrupt, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn every_flipped_byte_and_every_truncation_is_refused() {
    let bytes = sample();
    for i in 0..bytes.len() {
        for bit in [0x01u8, 0x20, 0x80] {
            let mut b = bytes.clone();
            b[i] ^= bit;
            // A flip in the version digit may read as a newer version: also a refusal.
            assert!(
                vault::parse(&b).is_err(),
                "flip {bit:#x} at byte {i} accepted"
            );
        }
    }
    for n in 0..bytes.len() - 1 {
        assert_corrupt(&bytes[..n], &format!("truncated to {n}"));
    }
}

#[test]
fn marker_version_garbage_and_cost_limits() {
    let bytes = sample();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert_corrupt(
        text.replace("softpass-vault", "softpass-vaulx").as_bytes(),
        "wrong magic",
    );
    assert_corrupt(b"{}", "empty object");
    assert_corrupt(b"", "empty file");
    assert_corrupt(b"\x89PNG\r\n", "binary");
    let mut trailing = bytes.clone();
    trailing.extend_from_slice(b"{}");
    assert_corrupt(&trailing, "trailing garbage");
    assert_eq!(
        vault::parse(text.replace("\"version\":1", "\"version\":2").as_bytes()).err(),
        Some(VaultError::Newer(2))
    );
    let tokens = tokens_text(&bytes);
    assert!(vault::parse(&with_tokens(1, &tokens)).is_ok());
    let huge = tokens.replacen("\"memory_kib\":64", "\"memory_kib\":4194304", 1);
    assert_corrupt(&with_tokens(1, &huge), "4 GiB KDF memory");
    let slow = tokens.replacen("\"iterations\":1", "\"iterations\":100000", 1);
    assert_corrupt(&with_tokens(1, &slow), "huge KDF iterations");
    let dup = tokens.replacen("\"name\":\"b\"", "\"name\":\"a\"", 1);
    assert_corrupt(&with_tokens(1, &dup), "duplicate name");
    let extra = tokens.replacen("\"locked\":false", "\"locked\":false,\"x\":1", 1);
    assert_corrupt(&with_tokens(1, &extra), "unknown member");
    let digits = tokens.replacen("\"digits\":6", "\"digits\":11", 1);
    assert_corrupt(&with_tokens(1, &digits), "11 digits");
    let salt = tokens.replacen("\"salt\":\"", "\"salt\":\"AAAA", 1);
    assert_corrupt(&with_tokens(1, &salt), "salt length");
}

#[test]
fn sealing_refuses_costs_outside_the_limits() {
    let mut t = record("a", "S1");
    let secrets = Secrets {
        secret: SecretBytes::from_slice(b"k"),
        otp_pin: None,
    };
    let huge = KdfCost {
        memory_kib: 1 << 22,
        ..TINY
    };
    let pin = SecretString::from("1234");
    let sealing = Sealing {
        pin: &pin,
        kdf: huge,
        salt: [0; 16],
        nonce: [0; 24],
    };
    let r = t.reseal(&secrets, &sealing);
    assert!(matches!(r, Err(VaultError::Cost(_))));
}

mod roundtrip {
    use super::*;
    use proptest::prelude::*;

    fn arb_record() -> impl Strategy<Value = TokenRecord> {
        (
            "[^\\p{Cc}]{1,64}",
            "[A-Za-z0-9:. -]{1,64}",
            prop_oneof![Just(Kind::Hotp), Just(Kind::Totp)],
            6u8..=10,
            1u32..=3600,
            any::<u64>(),
            any::<u32>(),
            proptest::option::of(any::<u64>()),
            proptest::option::of(1u32..100),
            proptest::option::of("\\PC{0,20}"),
        )
            .prop_map(
                |(name, serial, kind, digits, period, counter, failed, last, max, issuer)| {
                    let mut t = record("x", "y");
                    t.name = name;
                    t.serial = serial;
                    t.params.kind = kind;
                    t.params.digits = digits;
                    t.params.period = period;
                    t.counter = counter;
                    t.attempts.failed = failed;
                    t.attempts.last_failure = last;
                    t.pin_policy.max_failed_attempts = max;
                    t.attempts.locked = max.is_some_and(|m| failed >= m);
                    t.issuer = issuer;
                    t
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn serialise_then_parse_is_identity(t in arb_record()) {
            let v = Vault { tokens: vec![t] };
            let bytes = vault::serialize(&v).unwrap();
            prop_assert_eq!(vault::parse(&bytes).unwrap(), v);
        }
    }
}
