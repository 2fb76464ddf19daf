//! otpauth URIs written by other tools decode to the codes those tools compute.
//!
//! tests/testdata/otpauth/pyotp.json: URIs from pyotp 2.12.1's `provisioning_uri`, with pyotp's own
//! codes; apps.json: URIs as other apps write them (Google's wiki example, lower-case padded secrets,
//! grouped secrets, issuer only in the parameter or only in the label), with codes pyotp computed from
//! the plain secret. Both are made by tests/testdata/otpauth/make_fixtures.py; softpass plays no part.
use serde::Deserialize;
use softpass_core::otp::{Hotp, Totp};
use softpass_core::otpauth::KeyUri;
use softpass_core::token::Kind;

#[derive(Deserialize)]
struct Fixture {
    uri: String,
    kind: Kind,
    issuer: Option<String>,
    account: String,
    algorithm: String,
    digits: u8,
    period: Option<u32>,
    counter: Option<u64>,
    /// (counter for HOTP or Unix time for TOTP, code)
    codes: Vec<(u64, String)>,
}

fn check(file: &str) -> usize {
    let path = format!(
        "{}/tests/testdata/otpauth/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let fixtures: Vec<Fixture> = serde_json::from_str(&text).unwrap();
    let mut checked = 0;
    for f in &fixtures {
        let u = KeyUri::parse(&f.uri).unwrap_or_else(|e| panic!("{}: {e}", f.uri));
        assert_eq!(u.kind, f.kind, "{}", f.uri);
        assert_eq!(u.issuer, f.issuer, "{}", f.uri);
        assert_eq!(u.account, f.account, "{}", f.uri);
        assert_eq!(u.algorithm.as_str(), f.algorithm, "{}", f.uri);
        assert_eq!(u.digits, f.digits, "{}", f.uri);
        let hotp = Hotp::new(u.algorithm, u.secret.expose(), u.digits).unwrap();
        match u.kind {
            Kind::Totp => {
                assert_eq!(Some(u.period), f.period, "{}", f.uri);
                let totp = Totp::new(hotp, u.period, 0).unwrap();
                for (time, code) in &f.codes {
                    assert_eq!(
                        &totp.code_at(*time).unwrap().to_string(),
                        code,
                        "{} at {time}",
                        f.uri
                    );
                    checked += 1;
                }
            }
            _ => {
                assert_eq!(Some(u.counter), f.counter, "{}", f.uri);
                for (counter, code) in &f.codes {
                    assert_eq!(
                        &hotp.code(*counter).to_string(),
                        code,
                        "{} at {counter}",
                        f.uri
                    );
                    checked += 1;
                }
            }
        }
    }
    checked
}

#[test]
fn pyotp_provisioning_uris_give_pyotps_codes() {
    assert!(check("pyotp.json") >= 40);
}

#[test]
fn uris_as_other_apps_write_them() {
    assert!(check("apps.json") >= 25);
}
