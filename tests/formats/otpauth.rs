//! `otpauth://` key URIs: fields, defaults, one error per missing or bad field, and the
//! emit → parse round trip (proptest).
use proptest::prelude::*;
use softpass_core::base32::Base32Error;
use softpass_core::otpauth::{KeyUri, UriError};
use softpass_core::secret::SecretBytes;
use softpass_core::token::{Algorithm, Kind};

use crate::support::refused;

fn err(uri: &str) -> UriError {
    refused(KeyUri::parse(uri), uri)
}

#[test]
fn defaults_of_a_minimal_totp_uri() {
    let u = KeyUri::parse("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP").unwrap();
    assert_eq!(u.kind, Kind::Totp);
    assert_eq!(u.issuer, None);
    assert_eq!(u.account, "alice");
    assert_eq!(u.secret.expose(), b"Hello!\xde\xad\xbe\xef");
    assert_eq!((u.algorithm, u.digits, u.period), (Algorithm::Sha1, 6, 30));
}

#[test]
fn issuer_parameter_wins_over_the_label_prefix() {
    let u = KeyUri::parse("otpauth://totp/Old:bob?secret=MZXW6YTB&issuer=New").unwrap();
    assert_eq!(
        (u.issuer.as_deref(), u.account.as_str()),
        (Some("New"), "bob")
    );
    let u = KeyUri::parse("otpauth://totp/Old:bob?secret=MZXW6YTB").unwrap();
    assert_eq!(
        (u.issuer.as_deref(), u.account.as_str()),
        (Some("Old"), "bob")
    );
    // An empty issuer parameter counts as absent.
    let u = KeyUri::parse("otpauth://totp/Old:bob?secret=MZXW6YTB&issuer=").unwrap();
    assert_eq!(u.issuer.as_deref(), Some("Old"));
    assert_eq!(u.label(), "Old:bob");
}

#[test]
fn each_type_ignores_the_others_parameter() {
    // Found by the fuzzer: a totp URI's counter (or an hotp URI's period) must not survive parsing,
    // since it is not emitted for that type.
    let u = KeyUri::parse("otpauth://totp/a?secret=MZXW6YTB&counter=7&period=45").unwrap();
    assert_eq!((u.counter, u.period), (0, 45));
    let u = KeyUri::parse("otpauth://hotp/a?secret=MZXW6YTB&counter=7&period=oops").unwrap();
    assert_eq!((u.counter, u.period), (7, 30));
    let u = KeyUri::parse("otpauth://totp/a?secret=MZXW6YTB&counter=-1").unwrap();
    assert_eq!(u.counter, 0);
}

#[test]
fn emits_the_documented_form() {
    let u = KeyUri {
        kind: Kind::Hotp,
        issuer: Some("ACME Co".into()),
        account: "bob@example.com".into(),
        secret: SecretBytes::from_slice(b"foobar"),
        algorithm: Algorithm::Sha256,
        digits: 8,
        counter: 42,
        period: 30,
    };
    assert_eq!(
        u.to_uri().expose(),
        "otpauth://hotp/ACME%20Co:bob%40example.com?secret=MZXW6YTBOI&issuer=ACME%20Co&algorithm=SHA256&digits=8&counter=42"
    );
}

/// (URI, the one error it must give): a bad or missing field each.
fn bad_uris() -> Vec<(String, UriError)> {
    let s = "secret=JBSWY3DPEHPK3PXP";
    let percent = |field: &str, position| UriError::Percent {
        field: field.into(),
        position,
    };
    let illegal = Base32Error::IllegalChar {
        ch: '1',
        position: 5,
    };
    let max_plus_1 = "18446744073709551616";
    vec![
        ("http://totp/a?secret=AA".into(), UriError::Scheme),
        (
            format!("otpauth://motp/a?{s}"),
            UriError::Type("motp".into()),
        ),
        ("otpauth://totp/a?issuer=x".into(), UriError::MissingSecret),
        (
            "otpauth://totp/a?secret=".into(),
            UriError::Secret(Base32Error::Empty),
        ),
        (
            "otpauth://totp/a?secret=JBSW1".into(),
            UriError::Secret(illegal),
        ),
        (
            format!("otpauth://totp/a?{s}&algorithm=MD5"),
            UriError::Algorithm("MD5".into()),
        ),
        (
            format!("otpauth://totp/a?{s}&digits=5"),
            UriError::Digits("5".into()),
        ),
        (
            format!("otpauth://totp/a?{s}&digits=11"),
            UriError::Digits("11".into()),
        ),
        (
            format!("otpauth://totp/a?{s}&digits=six"),
            UriError::Digits("six".into()),
        ),
        (format!("otpauth://hotp/a?{s}"), UriError::MissingCounter),
        (
            format!("otpauth://hotp/a?{s}&counter=-1"),
            UriError::Counter("-1".into()),
        ),
        (
            format!("otpauth://hotp/a?{s}&counter={max_plus_1}"),
            UriError::Counter(max_plus_1.into()),
        ),
        (
            format!("otpauth://totp/a?{s}&period=0"),
            UriError::Period("0".into()),
        ),
        (
            format!("otpauth://totp/a?{s}&period="),
            UriError::Period("".into()),
        ),
        (
            format!("otpauth://totp/a?{s}&digits=6&digits=8"),
            UriError::Duplicate("digits".into()),
        ),
        // Positions are 1-based characters of the URI: the '%' of "%G1" is the 17th.
        (format!("otpauth://totp/a%G1?{s}"), percent("the label", 17)),
        (
            format!("otpauth://totp/a?{s}&issuer=ab%2"),
            percent("issuer", 51),
        ),
        (
            format!("otpauth://totp/%FF?{s}"),
            UriError::Utf8("the label".into()),
        ),
        // Surrounding white space is trimmed, but positions still count it.
        (
            format!("  otpauth://totp/a%G1?{s}"),
            percent("the label", 19),
        ),
    ]
}

#[test]
fn one_error_per_bad_or_missing_field() {
    for (uri, want) in bad_uris() {
        assert_eq!(err(&uri), want, "{uri}");
    }
}

#[test]
fn error_messages_are_one_line_and_keep_the_secret_out() {
    let secret = "JBSWY3DPEHPK3PXQ8";
    let msg = err(&format!("otpauth://totp/a?secret={secret}")).to_string();
    assert_eq!(
        msg,
        "invalid otpauth URI: secret parameter: invalid base32 secret: illegal character '8' at position 17"
    );
    let msg = err(&format!("otpauth://hotp/a?secret={secret}&counter=x")).to_string();
    assert!(!msg.contains("JBSWY3DP") && !msg.contains('\n'), "{msg}");
    // Quoted values are shortened.
    let long = "x".repeat(200);
    let msg = err(&format!("otpauth://totp/a?secret=AAAA&algorithm={long}")).to_string();
    assert!(msg.len() < 120, "{msg}");
}

fn algorithm() -> impl Strategy<Value = Algorithm> {
    prop_oneof![
        Just(Algorithm::Sha1),
        Just(Algorithm::Sha256),
        Just(Algorithm::Sha512)
    ]
}

/// The fields of a key URI; test-only and `Debug` so proptest can show a failing case.
#[derive(Debug)]
struct Fields {
    kind: Kind,
    issuer: Option<String>,
    account: String,
    secret: Vec<u8>,
    algorithm: Algorithm,
    digits: u8,
    counter: u64,
    period: u32,
}

impl Fields {
    fn key_uri(&self) -> KeyUri {
        KeyUri {
            kind: self.kind,
            issuer: self.issuer.clone(),
            account: self.account.clone(),
            secret: SecretBytes::from_slice(&self.secret),
            algorithm: self.algorithm,
            digits: self.digits,
            counter: self.counter,
            period: self.period,
        }
    }
}

prop_compose! {
    fn fields()(
        totp in any::<bool>(),
        issuer in proptest::option::of("\\PC{1,12}"),
        // Leading spaces of an account are dropped on parse (Key Uri Format), so none here.
        account in "(\\PC{0,2}[^ ]\\PC{0,12})?",
        secret in proptest::collection::vec(any::<u8>(), 1..40),
        algorithm in algorithm(),
        digits in 6u8..=10,
        counter in any::<u64>(),
        period in 1u32..,
    ) -> Fields {
        Fields {
            kind: if totp { Kind::Totp } else { Kind::Hotp },
            issuer,
            account: account.trim_start_matches(' ').to_owned(),
            secret,
            algorithm,
            digits,
            counter: if totp { 0 } else { counter },
            period: if totp { period } else { 30 },
        }
    }
}

proptest! {
    #[test]
    fn emit_then_parse_is_identity(f in fields()) {
        let u = f.key_uri();
        let uri = u.to_uri();
        let back = KeyUri::parse(uri.expose()).unwrap();
        prop_assert_eq!(back.kind, u.kind);
        prop_assert_eq!(&back.issuer, &u.issuer);
        prop_assert_eq!(&back.account, &u.account);
        prop_assert_eq!(back.secret.expose(), u.secret.expose());
        prop_assert_eq!(back.algorithm, u.algorithm);
        prop_assert_eq!(back.digits, u.digits);
        prop_assert_eq!(back.counter, u.counter);
        prop_assert_eq!(back.period, u.period);
        // Emitting again gives the same text.
        let again = back.to_uri();
        prop_assert_eq!(again.expose(), uri.expose());
    }

    #[test]
    fn parsing_arbitrary_text_never_panics(s in "otpauth://(hotp|totp)/\\PC{0,40}") {
        let _ = KeyUri::parse(&s);
    }
}
