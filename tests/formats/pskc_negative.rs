//! The malformed-file kit: every hostile or broken seed file gets its documented error
//! (docs/seed-files.md, "Errors"), never a panic, and the exit code the CLI contract gives it.
use softpass_core::DomainError;
use softpass_core::ErrorKind as Exit;
use softpass_core::pskc::{MAX_FILE_SIZE, Protection, PskcError, read};

use crate::support::{SEED20, fixture_text, read_with_password};

/// A file of the kit (tests/testdata/pskc/negative) or a figure it is made from.
fn kit(name: &str) -> String {
    fixture_text(&format!("pskc/{name}"))
}

fn with_password(xml: &str, password: &str) -> Result<(), PskcError> {
    read_with_password(xml, password).map(|_| ())
}

fn plain(xml: &str) -> Result<(), PskcError> {
    read(xml, &Protection::Plain).map(|_| ())
}

/// The kind the shells map (exit 3 for WrongSecret, 5 for Invalid in the CLI's table).
fn exit_of(e: PskcError) -> Exit {
    DomainError::from(e).kind()
}

#[test]
fn truncated_file_is_not_well_formed() {
    let err = with_password(&kit("negative/truncated.xml"), "qwerty").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid seed file: the file ends before the document does (truncated?) (line 29, column 42)"
    );
    assert_eq!(exit_of(err), Exit::Invalid);
    // Every prefix of a valid file fails cleanly (parsing stops before any key derivation).
    let full = kit("rfc6030/figure7.xml");
    for cut in (0..full.len() - 30).filter(|c| full.is_char_boundary(*c)) {
        assert!(
            with_password(&full[..cut], "qwerty").is_err(),
            "prefix of {cut} bytes"
        );
    }
}

#[test]
fn wrong_password_is_wrong_key_exit_3() {
    let err = with_password(&kit("rfc6030/figure7.xml"), "QWERTY").unwrap_err();
    assert!(matches!(err, PskcError::WrongKey(_)), "{err}");
    assert!(!err.to_string().contains("QWERTY"));
    assert_eq!(exit_of(err), Exit::WrongSecret);
}

#[test]
fn flipped_mac_byte_on_the_only_value_reads_as_wrong_key() {
    // One sealed value: a bad MAC cannot be told apart from a wrong key.
    let err = with_password(&kit("negative/flipped-mac.xml"), "qwerty").unwrap_err();
    assert_eq!(
        err,
        PskcError::WrongKey(
            "the MAC of KeyContainer/KeyPackage/Key/Data/Secret did not verify".into()
        )
    );
    let err = with_password(&kit("negative/flipped-ciphertext.xml"), "qwerty").unwrap_err();
    assert!(matches!(err, PskcError::WrongKey(_)), "{err}");
}

#[test]
fn flipped_mac_byte_next_to_a_good_value_is_tampering_exit_5() {
    let err =
        with_password(&kit("negative/tampered-pin-mac.xml"), "interop-passphrase").unwrap_err();
    assert_eq!(
        err,
        PskcError::Tampered("KeyContainer/KeyPackage[2]/Key/Data/Secret".into())
    );
    assert_eq!(exit_of(err), Exit::Invalid);
}

#[test]
fn unknown_key_algorithm_names_the_element() {
    let err = plain(&kit("negative/unknown-algorithm.xml")).unwrap_err();
    assert_eq!(
        err,
        PskcError::Unsupported {
            element: "KeyContainer/KeyPackage/Key".into(),
            what: "key algorithm",
            value: "urn:ietf:params:xml:ns:keyprov:pskc#OCRA-1:HOTP-SHA512-8:C-QN08".into()
        }
    );
    assert_eq!(exit_of(err), Exit::Invalid);
}

#[test]
fn unknown_cipher_names_the_element() {
    let err = with_password(&kit("negative/unknown-cipher.xml"), "qwerty").unwrap_err();
    assert_eq!(
        err,
        PskcError::Unsupported {
            element: "KeyContainer/KeyPackage/Key/Data/Secret/EncryptedValue/EncryptionMethod"
                .into(),
            what: "encryption algorithm",
            value: "http://www.w3.org/2001/04/xmlenc#kw-tripledes".into()
        }
    );
}

#[test]
fn missing_secret() {
    let err = plain(&kit("rfc6030/figure4.xml")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid seed file: KeyContainer/KeyPackage/Key/Data: missing <Secret>"
    );
}

#[test]
fn absurd_iteration_count_is_refused_before_any_work() {
    let err = with_password(&kit("negative/absurd-iterations.xml"), "qwerty").unwrap_err();
    assert_eq!(
        err,
        PskcError::TooCostly {
            element: "KeyContainer/EncryptionKey/DerivedKey/KeyDerivationMethod/PBKDF2-params/IterationCount".into(),
            iterations: 4_000_000_000,
            max: 10_000_000
        }
    );
    assert_eq!(exit_of(err), Exit::Invalid);
}

#[test]
fn entity_expansion_and_external_entities_are_refused() {
    for name in [
        "negative/entity-expansion.xml",
        "negative/external-entity.xml",
    ] {
        let err = plain(&kit(name)).unwrap_err();
        match &err {
            PskcError::Xml {
                reason,
                line,
                column,
            } => {
                assert!(reason.contains("DTD"), "{name}: {reason}");
                // Both files declare their DOCTYPE at the start of a line; the line is counted.
                let expected = kit(name)
                    .lines()
                    .position(|l| l.starts_with("<!DOCTYPE"))
                    .unwrap();
                assert_eq!((*line, *column), (expected as u32 + 1, 1), "{name}");
            }
            other => panic!("{name}: {other}"),
        }
        assert_eq!(exit_of(err), Exit::Invalid);
    }
}

#[test]
fn no_mac_method_on_encrypted_values() {
    let err = with_password(&kit("negative/no-mac-method.xml"), "qwerty").unwrap_err();
    assert!(
        matches!(&err, PskcError::Missing { element, .. } if element == "KeyContainer"),
        "{err}"
    );
}

#[test]
fn other_malformed_values() {
    let err = plain(&kit("negative/bad-base64.xml")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid seed file: KeyContainer/KeyPackage/Key/Data/Secret/PlainValue: not valid base64 (base64 character 4, whitespace not counted)"
    );
    let err = plain(&kit("negative/digits-out-of-range.xml")).unwrap_err();
    assert!(
        matches!(&err, PskcError::BadValue { element, .. }
        if element == "KeyContainer/KeyPackage/Key/AlgorithmParameters/ResponseFormat"),
        "{err}"
    );
    assert!(matches!(
        plain(&kit("negative/not-pskc.xml")),
        Err(PskcError::Invalid(_))
    ));
    assert!(matches!(
        plain(&kit("negative/newer-version.xml")),
        Err(PskcError::Unsupported {
            what: "version",
            ..
        })
    ));
    assert!(matches!(
        plain(&kit("negative/no-key-package.xml")),
        Err(PskcError::Missing { .. })
    ));
}

#[test]
fn oversized_file_is_refused_unparsed() {
    let mut xml = kit("rfc6030/figure2.xml");
    xml.push_str(&" ".repeat(MAX_FILE_SIZE));
    assert_eq!(
        plain(&xml),
        Err(PskcError::TooLarge {
            size: xml.len(),
            max: MAX_FILE_SIZE
        })
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
    /// Random byte edits of real files (plain, and pre-shared key so no KDF cost) never panic;
    /// a change inside the sealed secret or its MAC is never accepted with a different secret.
    #[test]
    fn edited_files_never_panic(pos in 0usize..4000, byte in proptest::prelude::any::<u8>(), psk in proptest::prelude::any::<bool>()) {
        let name = if psk { "rfc6030/figure6.xml" } else { "rfc6030/figure5.xml" };
        let mut bytes = kit(name).into_bytes();
        let at = pos % bytes.len();
        bytes[at] = byte;
        let Ok(xml) = String::from_utf8(bytes) else { return Ok(()) };
        let key = hex::decode("12345678901234567890123456789012").unwrap();
        let protection = if psk { Protection::PreShared { key: &key } } else { Protection::Plain };
        if let Ok(keys) = read(&xml, &protection) && psk {
            // Figure 6's secret is MAC-protected: whatever decodes is the RFC's secret.
            proptest::prop_assert_eq!(keys[0].secret.expose(), SEED20);
        }
    }
}
