//! What the writer produces, the reader decodes to the same values, under every protection.
use proptest::prelude::*;
use softpass_core::pskc::{
    Encryption, KeyPackage, PinUsage, Protection, PskcError, WriteOptions, inspect, read, write,
};
use softpass_core::secret::{SecretBytes, SecretString};
use softpass_core::token::{Algorithm, Kind, OtpParams, PinPolicy};

fn rng(seed: u8) -> impl FnMut(&mut [u8]) {
    let mut n = seed;
    move |b: &mut [u8]| {
        for x in b {
            n = n.wrapping_mul(31).wrapping_add(7);
            *x = n;
        }
    }
}

fn package(params: OtpParams, secret: &[u8], pin: Option<&str>) -> KeyPackage {
    KeyPackage {
        serial: Some("4F214C507612A26A".into()),
        manufacturer: Some("softpass <&> \"tests\"".into()),
        model: Some("soft".into()),
        issue_no: Some("2".into()),
        issuer: Some("ACME & Co".into()),
        friendly_name: Some("Alice's token".into()),
        key_id: "k1".into(),
        params,
        counter: 17,
        time_drift: -2,
        secret: SecretBytes::from_slice(secret),
        pin_policy: pin.map(|_| PinPolicy {
            min_length: 4,
            max_length: 8,
            max_failed_attempts: Some(5),
            numeric: true,
        }),
        pin: pin.map(SecretString::from),
        valid_from: Some("2026-01-01T00:00:00Z".into()),
        valid_until: None,
        pin_usage: pin.map(|_| PinUsage::Local),
    }
}

fn assert_same(a: &KeyPackage, b: &KeyPackage) {
    assert_eq!(a.secret.expose(), b.secret.expose());
    assert_eq!(a.params, b.params);
    assert_eq!(a.serial, b.serial);
    assert_eq!(a.manufacturer, b.manufacturer);
    assert_eq!((&a.model, &a.issue_no), (&b.model, &b.issue_no));
    assert_eq!((&a.issuer, &a.friendly_name), (&b.issuer, &b.friendly_name));
    assert_eq!(a.key_id, b.key_id);
    assert_eq!(
        (&a.valid_from, &a.valid_until),
        (&b.valid_from, &b.valid_until)
    );
    assert_eq!(a.pin_policy, b.pin_policy);
    assert_eq!(a.pin_usage, b.pin_usage);
    assert_eq!(
        a.pin.as_ref().map(|p| p.expose().to_owned()),
        b.pin.as_ref().map(|p| p.expose().to_owned())
    );
    if a.params.kind == Kind::Totp {
        assert_eq!(a.time_drift, b.time_drift);
    } else {
        assert_eq!(a.counter, b.counter);
    }
}

#[test]
fn round_trip_under_each_protection() {
    let pw = SecretString::from("YZQHoczZWw3cBCNo");
    let psk = [0x42u8; 16];
    let hotp = package(
        OtpParams::hotp(Algorithm::Sha256, 8),
        b"twenty bytes secret!",
        Some("4089"),
    );
    let mut totp_params = OtpParams::totp(Algorithm::Sha512, 6, 60);
    totp_params.t0 = 1000;
    let totp = package(totp_params, &[0u8, 1, 2, 3, 255], None);
    let cases = [
        (Protection::Plain, Encryption::None),
        (
            Protection::Password {
                password: &pw,
                iterations: 3,
            },
            Encryption::Password,
        ),
        (Protection::PreShared { key: &psk }, Encryption::PreShared),
    ];
    for (protection, kind) in cases {
        let xml = write(
            &[hotp.duplicate(), totp.duplicate()],
            &WriteOptions { protection },
            &mut rng(1),
        )
        .unwrap();
        assert_eq!(inspect(&xml).unwrap(), kind);
        let reader = match kind {
            Encryption::None => Protection::Plain,
            Encryption::Password => Protection::Password {
                password: &pw,
                iterations: 0,
            },
            _ => Protection::PreShared { key: &psk },
        };
        let back = read(&xml, &reader).unwrap();
        assert_eq!(back.len(), 2);
        assert_same(&hotp, &back[0]);
        assert_same(&totp, &back[1]);
        if kind != Encryption::None {
            assert!(
                !xml.contains("PlainValue>dHdlbnR5"),
                "the secret must not appear in clear"
            );
        }
    }
}

#[test]
fn the_writer_refuses_what_it_cannot_write() {
    let pw = SecretString::from("x");
    let p = package(OtpParams::hotp(Algorithm::Sha1, 6), b"", None);
    let opts = WriteOptions {
        protection: Protection::Plain,
    };
    assert!(matches!(
        write(&[p], &opts, &mut rng(2)),
        Err(PskcError::Invalid(_))
    ));
    let p = package(OtpParams::hotp(Algorithm::Sha1, 6), b"k", None);
    let opts = WriteOptions {
        protection: Protection::Password {
            password: &pw,
            iterations: 0,
        },
    };
    assert!(write(&[p.duplicate()], &opts, &mut rng(2)).is_err());
    let opts = WriteOptions {
        protection: Protection::PreShared { key: &[1u8; 15] },
    };
    assert!(write(&[p.duplicate()], &opts, &mut rng(2)).is_err());
    let mut bad = p.duplicate();
    bad.serial = Some("line\nbreak".into());
    let opts = WriteOptions {
        protection: Protection::Plain,
    };
    assert!(write(&[bad], &opts, &mut rng(2)).is_err());
    assert!(write(&[], &opts, &mut rng(2)).is_err());
}

/// `KeyPackage` has no `Clone` on purpose; tests copy explicitly.
trait Duplicate {
    fn duplicate(&self) -> Self;
}

impl Duplicate for KeyPackage {
    fn duplicate(&self) -> Self {
        KeyPackage {
            serial: self.serial.clone(),
            manufacturer: self.manufacturer.clone(),
            model: self.model.clone(),
            issue_no: self.issue_no.clone(),
            issuer: self.issuer.clone(),
            friendly_name: self.friendly_name.clone(),
            key_id: self.key_id.clone(),
            params: self.params,
            counter: self.counter,
            time_drift: self.time_drift,
            secret: self.secret.duplicate(),
            pin_policy: self.pin_policy,
            pin: self.pin.as_ref().map(SecretString::duplicate),
            valid_from: self.valid_from.clone(),
            valid_until: self.valid_until.clone(),
            pin_usage: self.pin_usage,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_token_round_trips(
        secret in proptest::collection::vec(any::<u8>(), 1..100),
        digits in 6u8..=10,
        counter in any::<u64>(),
        totp in any::<bool>(),
        period in 1u32..=3600,
        pin in proptest::option::of("[0-9]{4,8}"),
        serial in "[ -~]{0,40}",
        encrypted in any::<bool>(),
        seed in any::<u8>(),
    ) {
        let params = if totp {
            OtpParams::totp(Algorithm::Sha1, digits, period)
        } else {
            OtpParams::hotp(Algorithm::Sha256, digits)
        };
        let mut p = package(params, &secret, pin.as_deref());
        p.counter = counter;
        p.serial = Some(serial.trim().to_owned()).filter(|s| !s.is_empty());
        let pw = SecretString::from("pw");
        let protection = if encrypted {
            Protection::Password { password: &pw, iterations: 1 }
        } else {
            Protection::Plain
        };
        let xml = write(&[p.duplicate()], &WriteOptions { protection }, &mut rng(seed)).unwrap();
        let back = read(&xml, &Protection::Password { password: &pw, iterations: 0 }).unwrap();
        prop_assert_eq!(back.len(), 1);
        assert_same(&p, &back[0]);
    }
}
