//! otpauth URIs written by other tools decode to the codes those tools compute, and `softpass
//! calc --uri` gives the RFC vectors for URIs of every type and hash.
//!
//! tests/testdata/otpauth/pyotp.json: URIs from pyotp 2.12.1's `provisioning_uri`, with pyotp's own
//! codes; apps.json: URIs as other apps write them (Google's wiki example, lower-case padded secrets,
//! grouped secrets, issuer only in the parameter or only in the label), with codes pyotp computed from
//! the plain secret. Both are made by tests/testdata/otpauth/make_fixtures.py; softpass plays no part.
use serde::Deserialize;
use softpass_core::otp::{Hotp, Totp};
use softpass_core::otpauth::KeyUri;
use softpass_core::token::Kind;

use crate::support::*;

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

/// Checks every fixture of `file`; returns how many codes were compared.
fn check(file: &str) -> usize {
    let fixtures: Vec<Fixture> =
        serde_json::from_str(&fixture_text(&format!("otpauth/{file}"))).unwrap();
    let mut checked = 0;
    for f in &fixtures {
        let u = KeyUri::parse(&f.uri).unwrap_or_else(|e| panic!("{}: {e}", f.uri));
        assert_eq!(u.kind, f.kind, "{}", f.uri);
        assert_eq!(u.issuer, f.issuer, "{}", f.uri);
        assert_eq!(u.account, f.account, "{}", f.uri);
        assert_eq!(u.algorithm.as_str(), f.algorithm, "{}", f.uri);
        assert_eq!(u.digits, f.digits, "{}", f.uri);
        let hotp = Hotp::new(u.algorithm, u.secret.expose(), u.digits).unwrap();
        // (counter or time, code computed by softpass)
        let compute: Box<dyn Fn(u64) -> String> = match u.kind {
            Kind::Totp => {
                assert_eq!(Some(u.period), f.period, "{}", f.uri);
                let totp = Totp::new(hotp, u.period, 0).unwrap();
                Box::new(move |time| totp.code_at(time).unwrap().to_string())
            }
            _ => {
                assert_eq!(Some(u.counter), f.counter, "{}", f.uri);
                Box::new(move |counter| hotp.code(counter).to_string())
            }
        };
        for (at, code) in &f.codes {
            assert_eq!(&compute(*at), code, "{} at {at}", f.uri);
            checked += 1;
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

#[test]
fn calc_uri_forms() {
    let hotp = format!("otpauth://hotp/QA:t?secret={SEED20_B32}&counter=3&issuer=QA");
    let hotp_acme = format!("otpauth://hotp/ACME:alice?secret={SEED20_B32}&issuer=ACME&counter=3");
    let totp256 = format!("otpauth://totp/t?secret={SEED32_B32}&algorithm=SHA256&digits=8");
    let totp512 = format!(
        "otpauth://totp/ACME:bob?secret={SEED64_B32}&issuer=ACME&algorithm=SHA512&digits=8&period=30"
    );
    let t60 = format!("otpauth://totp/x?secret={SEED20_B32}&period=60");
    let t60_want = oathtool(&["--totp", "-s", "60", "--now", "@2000000000", SEED20_HEX]);
    // (URI, further options, expected codes)
    let cases: [(&str, &[&str], Vec<&str>); 7] = [
        (&hotp, &[], vec![RFC4226[3]]),
        (&hotp_acme, &["--count", "2"], RFC4226[3..5].to_vec()),
        // An explicit --counter wins over the URI's counter.
        (&hotp, &["--counter", "0"], vec![RFC4226[0]]),
        (&hotp_acme, &["--counter", "8"], vec![RFC4226[8]]),
        (&totp256, &["--time", "59"], vec!["46119246"]),
        (&totp512, &["--time", "20000000000"], vec!["47863826"]),
        (&t60, &["--time", "2000000000"], vec![t60_want[0].as_str()]),
    ];
    for (uri, extra, want) in cases {
        let mut args = vec!["--uri", uri];
        args.extend_from_slice(extra);
        assert_eq!(calc(&args), one_a_line(&want), "{uri} {extra:?}");
    }
}
