//! SafeNet/Aladdin XML and OATH CSV: what the writers produce, the readers (and format
//! detection) decode to the same tokens; what a format cannot carry is refused; privacyIDEA's
//! reading rules (seed length → hash, skipped lines, last duplicate wins) hold.
use proptest::prelude::*;
use softpass_core::pskc::{KeyPackage, Protection};
use softpass_core::secret::SecretBytes;
use softpass_core::seedfile::{self, Format};
use softpass_core::token::{Algorithm, Kind, OtpParams};
use softpass_core::{aladdin, oathcsv};

fn package(serial: &str, params: OtpParams, secret: Vec<u8>, counter: u64) -> KeyPackage {
    KeyPackage {
        serial: Some(serial.into()),
        manufacturer: None,
        model: None,
        issue_no: None,
        issuer: None,
        friendly_name: None,
        key_id: serial.into(),
        params,
        counter,
        time_drift: 0,
        secret: SecretBytes::new(secret),
        pin_policy: None,
        pin: None,
        valid_from: None,
        valid_until: None,
        pin_usage: None,
    }
}

fn read_back(text: &str, format: Format) -> Vec<KeyPackage> {
    let f = seedfile::read(text, &Protection::Plain).unwrap();
    assert_eq!(f.format, format);
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    f.keys.into_iter().map(|(k, _)| k).collect()
}

fn same(a: &KeyPackage, b: &KeyPackage) {
    assert_eq!(a.serial, b.serial);
    assert_eq!(a.secret.expose(), b.secret.expose());
    assert_eq!(a.params, b.params);
    if a.params.kind == Kind::Hotp {
        assert_eq!(a.counter, b.counter);
    }
}

#[test]
fn aladdin_refuses_what_it_cannot_carry() {
    let ok = package("A1", OtpParams::hotp(Algorithm::Sha1, 6), vec![1; 20], 3);
    assert!(aladdin::write(&[ok]).is_ok());
    let refused = [
        package("A2", OtpParams::hotp(Algorithm::Sha256, 6), vec![1; 20], 0),
        package("A3", OtpParams::hotp(Algorithm::Sha1, 6), vec![1; 32], 0),
        package("A4", OtpParams::hotp(Algorithm::Sha1, 8), vec![1; 20], 0),
        package(
            "A5",
            OtpParams::totp(Algorithm::Sha1, 6, 30),
            vec![1; 20],
            0,
        ),
        package("A6", OtpParams::hotp(Algorithm::Sha512, 6), vec![1; 64], 0),
    ];
    for p in refused {
        let err = aladdin::write(&[p]).unwrap_err().to_string();
        assert!(
            err.contains("Aladdin XML seed file carries only HOTP"),
            "{err}"
        );
    }
}

#[test]
fn oathcsv_refuses_a_hash_the_key_length_does_not_give() {
    let refused = [
        package("C1", OtpParams::hotp(Algorithm::Sha256, 6), vec![1; 20], 0),
        package(
            "C2",
            OtpParams::totp(Algorithm::Sha1, 6, 30),
            vec![1; 32],
            0,
        ),
        package("C3", OtpParams::hotp(Algorithm::Sha512, 6), vec![1; 32], 0),
        package("C4", OtpParams::hotp(Algorithm::Sha1, 6), vec![1; 28], 0),
    ];
    for p in refused {
        let err = oathcsv::write(&[p]).unwrap_err().to_string();
        assert!(err.contains("OATH CSV line carries"), "{err}");
    }
    let mut t0 = package(
        "C5",
        OtpParams::totp(Algorithm::Sha1, 6, 30),
        vec![1; 20],
        0,
    );
    t0.params.t0 = 10;
    assert!(oathcsv::write(&[t0]).is_err());
    let comma = package("C,6", OtpParams::hotp(Algorithm::Sha1, 6), vec![1; 20], 0);
    assert!(oathcsv::write(&[comma]).is_err());
}

#[test]
fn csv_reading_follows_privacyidea() {
    let text = "# version: 1\nS1, 3132333435363738393031323334353637383930\n\
                S2,3132333435363738393031323334353637383930313233343536373839303132,TOTP,8,60\r\n\
                lonely\n , 00, hotp\nS1, 31323334353637383930313233343536373839303132333435363738393031323334353637383930313233343536373839303132333435363738393031323334, hotp, 6, 9, extra\n";
    let f = seedfile::read(text, &Protection::Plain).unwrap();
    let serials: Vec<_> = f.keys.iter().map(|(k, _)| k.key_id.as_str()).collect();
    assert_eq!(serials, ["S1", "S2"]);
    let (s1, at) = &f.keys[0];
    assert_eq!(at, "line 6");
    assert_eq!((s1.params.algorithm, s1.counter), (Algorithm::Sha512, 9));
    let s2 = &f.keys[1].0;
    assert_eq!(s2.params, OtpParams::totp(Algorithm::Sha256, 8, 60));
    assert_eq!(f.warnings.len(), 3, "{:?}", f.warnings);
    assert!(f.warnings[0].starts_with("line 4: skipped"));
    assert!(f.warnings[1].starts_with("line 5: skipped"));
    assert!(f.warnings[2].contains("serial S1 again (first on line 2)"));
}

#[test]
fn csv_errors_name_line_and_column() {
    let cases = [
        (
            "S1, 31zz\n",
            "line 1, column 2: not hexadecimal (character 3)",
        ),
        (
            "S1, 3132, hotp, 6,\n",
            "line 1, column 5: counter '' is not a number",
        ),
        ("serial, key, type\n", "line 1, column 2: not hexadecimal"),
        (
            "S1, 3132, ocra\n",
            "line 1, column 3: unsupported token type 'ocra'",
        ),
        (
            "#\n\nS1, 3132, totp, 12\n",
            "line 3, column 4: 12 digits is not between 6 and 10",
        ),
        (
            "S1, 31323334353637383930313233343536373839303132333435363738\n",
            "SHA-224",
        ),
        ("# version: 2\nS1, 3132\n", "line 2: a version 2 line"),
    ];
    for (text, want) in cases {
        let err = seedfile::read(text, &Protection::Plain)
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains(want), "{text:?}: {err}");
    }
}

#[test]
fn aladdin_reading_follows_privacyidea() {
    let xml = "<Tokens xmlns=\"urn:x\"><Other/><Token serial=\"T1\"><Applications><Application>\
               <Seed>3132333435363738393031323334353637383930313233343536373839303132</Seed></Application>\
               </Applications></Token><Token><Applications><Application><Seed>00</Seed></Application>\
               </Applications></Token><Token serial=\"T2\"><Seed>3132</Seed></Token></Tokens>";
    let f = seedfile::read(xml, &Protection::Plain).unwrap();
    assert_eq!(f.format, Format::AladdinXml);
    assert_eq!(f.keys.len(), 1);
    let (t1, at) = &f.keys[0];
    assert_eq!(at, "Tokens/Token[1]");
    assert_eq!((t1.params.algorithm, t1.counter), (Algorithm::Sha256, 0));
    assert_eq!(f.warnings.len(), 2, "{:?}", f.warnings);
    let bad = "<Tokens><Token serial=\"T\"><Applications><Application><Seed>3g</Seed>\
               </Application></Applications></Token></Tokens>";
    let err = seedfile::read(bad, &Protection::Plain)
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("Tokens/Token/Applications/Application/Seed: not hexadecimal (character 2)"),
        "{err}"
    );
}

fn hash_for_len(len: usize) -> Algorithm {
    match len {
        32 => Algorithm::Sha256,
        64 => Algorithm::Sha512,
        _ => Algorithm::Sha1,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn aladdin_round_trips(sha256 in any::<bool>(), counter in any::<u64>(),
                           serial in "[!-~]{1,30}", byte in any::<u8>()) {
        let (alg, len) = if sha256 { (Algorithm::Sha256, 32) } else { (Algorithm::Sha1, 20) };
        let secret: Vec<u8> = (0..len).map(|i| byte.wrapping_add(i as u8)).collect();
        let p = package(&serial, OtpParams::hotp(alg, 6), secret, counter);
        let xml = aladdin::write(std::slice::from_ref(&p)).unwrap();
        let back = read_back(&xml, Format::AladdinXml);
        prop_assert_eq!(back.len(), 1);
        same(&p, &back[0]);
    }

    #[test]
    fn oathcsv_round_trips(secret in proptest::collection::vec(any::<u8>(), 1..80),
                           totp in any::<bool>(), digits in 6u8..=10, counter in any::<u64>(),
                           period in 1u32..=86400, serial in "[!-+\\--~][ -+\\--~]{0,20}[!-+\\--~]") {
        prop_assume!(![28, 48].contains(&secret.len()));
        let alg = hash_for_len(secret.len());
        let params = if totp { OtpParams::totp(alg, digits, period) } else { OtpParams::hotp(alg, digits) };
        prop_assume!(!serial.starts_with('#'));
        let p = package(&serial, params, secret, counter);
        let csv = oathcsv::write(std::slice::from_ref(&p)).unwrap();
        let back = read_back(&csv, Format::OathCsv);
        prop_assert_eq!(back.len(), 1);
        same(&p, &back[0]);
    }
}
