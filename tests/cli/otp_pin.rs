//! The OTP PIN's lifecycle: `softpass otp-pin [NAME] (--otp-pin PIN | --clear)` sets, changes or
//! clears it (application PIN needed, counted when wrong; the token is resealed), and
//! `import --replace` keeps the stored one unless a new one is given.
use crate::support::*;

const URI_HOTP: &str = "otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0";

/// `code --combined` at the next counter: OTP PIN + eToken.
fn combined(sb: &Sandbox) -> String {
    ok(sb.pin(PIN, &["code", "--combined"]))
}

#[test]
fn otp_pin_sets_changes_and_clears_the_stored_one() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    assert_eq!(
        ok(sb.pin(PIN, &["otp-pin", "--otp-pin", "4711"])),
        "OTP PIN stored for x\n"
    );
    assert_eq!(combined(&sb), format!("4711{}\n", RFC4226[0]));
    let v = json(&ok(
        sb.pin(PIN, &["--json", "otp-pin", "x", "--otp-pin", "0815"])
    ));
    assert_eq!(v, serde_json::json!({"name": "x", "otp_pin_stored": true}));
    assert_eq!(combined(&sb), format!("0815{}\n", RFC4226[1]));
    assert_eq!(
        ok(sb.pin(PIN, &["otp-pin", "x", "--clear"])),
        "OTP PIN cleared for x\n"
    );
    // None stored any more: --combined has nothing to put in front (exit 5, no counter spent).
    fails(sb.pin(PIN, &["code", "--combined"]), 5, &[PIN]);
    assert_eq!(ok(sb.pin(PIN, &["code"])), format!("{}\n", RFC4226[2]));
}

#[test]
fn otp_pin_needs_the_application_pin_and_counts_a_wrong_one() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &["--otp-pin", "4711"]);
    fails(
        sb.pin("9999", &["otp-pin", "--otp-pin", "0815"]),
        3,
        &["9999", "0815"],
    );
    assert_eq!(sb.token(0)["failed_attempts"], 1);
    // Unchanged.
    assert_eq!(combined(&sb), format!("4711{}\n", RFC4226[0]));
    // No PIN and no terminal: exit 2.
    fails(sb.sp(&["otp-pin", "--clear"]), 2, &[]);
}

#[test]
fn otp_pin_usage_errors() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    let before = sb.read_vault();
    // One of --otp-pin / --clear, not both, not neither.
    fails(sb.pin(PIN, &["otp-pin"]), 2, &[]);
    fails(
        sb.pin(PIN, &["otp-pin", "--otp-pin", "1", "--clear"]),
        2,
        &[],
    );
    // An empty OTP PIN is refused before the PIN is asked (no PIN given here: still exit 5).
    let err = fails(sb.sp(&["otp-pin", "--otp-pin", ""]), 5, &[]);
    assert!(err.contains("--clear"), "{err}");
    fails(sb.pin(PIN, &["otp-pin", "nobody", "--clear"]), 7, &[]);
    assert_eq!(sb.read_vault(), before);
}

#[test]
fn replace_keeps_the_stored_otp_pin_unless_a_new_one_is_given() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &["--otp-pin", "4711"]);
    // Re-activation with the same application PIN and no --otp-pin: kept.
    sb.import_uri(URI_HOTP, &["--replace"]);
    assert_eq!(combined(&sb), format!("4711{}\n", RFC4226[0]));
    // A new one given: it replaces the old.
    sb.import_uri(URI_HOTP, &["--replace", "--otp-pin", "0815"]);
    assert_eq!(combined(&sb), format!("0815{}\n", RFC4226[1]));
}

#[test]
fn replace_with_another_pin_says_the_otp_pin_could_not_be_kept() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &["--otp-pin", "4711"]);
    let mut args = vec!["import", "--uri", URI_HOTP, "--replace"];
    args.extend_from_slice(&KDF);
    let o = code(sb.pin("5555", &args), 0);
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("could not be kept"), "{err}");
    assert!(!err.contains("4711") && !err.contains("5555"), "{err}");
    fails(sb.pin("5555", &["code", "--combined"]), 5, &[]);
}
