//! The `Client` facade with a fixed clock: the back-off timeline, TOTP windows, a wrong PIN that
//! spends no counter, and a session that notices its token was re-sealed underneath it.
use softpass_client::AppError;
use softpass_client::client::{Client, ImportOptions, ImportSource};
use softpass_client::clock::FixedClock;
use softpass_core::secret::SecretString;
use softpass_core::token::Algorithm;
use std::path::Path;

use crate::support::{RFC4226, TINY, rfc6238};

const RFC_HOTP: &str = "otpauth://hotp/h?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0";
const RFC_TOTP: &str = "otpauth://totp/t?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8";

fn client(dir: &Path, now: u64) -> Client {
    Client::new(dir.join("vault.json"), Box::new(FixedClock(now)))
}

fn pin(p: &str) -> SecretString {
    SecretString::from(p)
}

fn import(c: &Client, uri: &str, name: &str) {
    let prepared = c.prepare_import(ImportSource::Uri(uri.into())).unwrap();
    let options = ImportOptions {
        name: Some(name.into()),
        otp_pin: None,
        replace: false,
        pin: pin("1234"),
        kdf: TINY,
    };
    c.commit_import(prepared, options).unwrap();
}

#[test]
fn backoff_delay_follows_the_clock() {
    let dir = tempfile::tempdir().unwrap();
    import(&client(dir.path(), 0), RFC_HOTP, "h");
    for _ in 0..3 {
        let e = client(dir.path(), 100)
            .unlock("h", &pin("0000"))
            .err()
            .unwrap();
        assert!(
            matches!(
                e,
                AppError::WrongPin {
                    attempts_left: None,
                    ..
                }
            ),
            "{e}"
        );
    }
    // Third failure at t=100: 2^1 = 2 s to wait.
    let e = client(dir.path(), 100)
        .unlock("h", &pin("1234"))
        .err()
        .unwrap();
    assert!(matches!(e, AppError::TooSoon { seconds: 2, .. }), "{e}");
    let e = client(dir.path(), 101)
        .unlock("h", &pin("1234"))
        .err()
        .unwrap();
    assert!(matches!(e, AppError::TooSoon { seconds: 1, .. }), "{e}");
    // At t=102 a try is allowed; a fourth failure then means 4 s from t=102.
    assert!(client(dir.path(), 102).unlock("h", &pin("0000")).is_err());
    let e = client(dir.path(), 104)
        .unlock("h", &pin("1234"))
        .err()
        .unwrap();
    assert!(matches!(e, AppError::TooSoon { seconds: 2, .. }), "{e}");
    let ok = client(dir.path(), 106).unlock("h", &pin("1234")).unwrap();
    assert_eq!(ok.name(), "h");
    assert_eq!(
        client(dir.path(), 106).list().unwrap()[0].failed_attempts,
        0
    );
}

#[test]
fn one_step_code_with_a_wrong_pin_spends_no_counter() {
    let dir = tempfile::tempdir().unwrap();
    let c = client(dir.path(), 0);
    import(&c, RFC_HOTP, "h");
    assert!(c.unlock_next("h", &pin("9999"), 3).is_err());
    let t = &c.list().unwrap()[0];
    assert_eq!((t.counter, t.failed_attempts), (Some(0), 1));
    let (_, codes) = c.unlock_next("h", &pin("1234"), 2).unwrap();
    // RFC 4226 Appendix D, counters 0 and 1.
    let got: Vec<_> = codes.iter().map(|v| (v.counter, v.code.as_str())).collect();
    assert_eq!(got, vec![(Some(0), RFC4226[0]), (Some(1), RFC4226[1])]);
    let t = &c.list().unwrap()[0];
    assert_eq!((t.counter, t.failed_attempts), (Some(2), 0));
    // No stray temp files after a wrong PIN or a success.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn totp_windows_from_the_clock() {
    let dir = tempfile::tempdir().unwrap();
    let c = client(dir.path(), 59);
    import(&c, RFC_TOTP, "t");
    let token = c.unlock("t", &pin("1234")).unwrap();
    let codes = c.next_codes(&token, 3).unwrap();
    // RFC 6238 Appendix B, SHA-1 at T=59; then the following 30 s steps.
    assert_eq!(codes[0].code, rfc6238(59, Algorithm::Sha1));
    let windows: Vec<_> = codes.iter().map(|v| v.valid_for).collect();
    assert_eq!(windows, vec![Some(1), Some(31), Some(61)]);
    assert!(codes.iter().all(|v| v.counter.is_none()));
    let at = c.codes_at(&token, 1111111109, 1).unwrap();
    assert_eq!(at[0].code, rfc6238(1111111109, Algorithm::Sha1));
    let hotp = {
        import(&c, RFC_HOTP, "h");
        c.unlock("h", &pin("1234")).unwrap()
    };
    assert!(matches!(c.codes_at(&hotp, 59, 1), Err(AppError::Usage(_))));
}

#[test]
fn a_session_notices_its_token_was_resealed() {
    let dir = tempfile::tempdir().unwrap();
    let c = client(dir.path(), 0);
    import(&c, RFC_HOTP, "h");
    let session = c.unlock("h", &pin("1234")).unwrap();
    c.change_pin("h", &pin("1234"), &pin("5678"), TINY).unwrap();
    assert!(matches!(
        c.next_codes(&session, 1),
        Err(AppError::Invalid(_))
    ));
    c.rename("h", "renamed").unwrap();
    let fresh = c.unlock("renamed", &pin("5678")).unwrap();
    assert_eq!(c.next_codes(&fresh, 1).unwrap()[0].code, RFC4226[0]);
    c.remove("renamed", &pin("5678")).unwrap();
    assert!(matches!(
        c.next_codes(&fresh, 1),
        Err(AppError::NoSuchToken(_))
    ));
    assert!(c.list().unwrap().is_empty());
}
