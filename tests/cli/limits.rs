//! Limits and refusals that must not spend anything: bounded --count, over-long input, PINs the
//! policy rules out (a wrong PIN like any other), --time on an event token.
use crate::support::*;

/// RFC 4226 Appendix D key, base32.
const URI: &str = "otpauth://hotp/limits?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0";

/// A sandbox holding the RFC 4226 token `limits` at counter 0.
fn one_token() -> Sandbox {
    let sb = Sandbox::new();
    sb.import_uri(URI, &[]);
    sb
}

#[test]
fn count_above_the_limit_is_refused_and_spends_no_counter() {
    let sb = one_token();
    fails(sb.pin(PIN, &["code", "--count", "100001"]), 2, &[PIN]);
    assert_eq!(sb.token(0)["counter"], 0);
    // The limit itself is allowed; RFC 4226 Appendix D: counter 0 is 755224.
    let out = ok(sb.pin(PIN, &["code", "--count", "100000"]));
    assert!(out.starts_with("755224\n"));
    assert_eq!(sb.token(0)["counter"], 100_000);
}

#[test]
fn an_otp_pin_too_long_to_store_is_invalid_input_not_a_corrupt_vault() {
    let sb = one_token();
    let long = "9".repeat(300);
    let uri = URI.replace("GEZDGNBV", "MFRGGZDF");
    let mut args = vec![
        "import",
        "--uri",
        &uri,
        "--name",
        "second",
        "--otp-pin",
        &long,
    ];
    args.extend(KDF);
    // The OTP PIN must not be echoed.
    fails(sb.pin(PIN, &args), 5, &[&long]);
    assert_eq!(sb.count(), 1, "nothing was added");
}

#[test]
fn a_pin_the_policy_rules_out_is_a_wrong_pin_and_counts() {
    let sb = one_token();
    // Shorter than the default policy's 4 characters: wrong PINs all the same (exit 3, counted),
    // so a script's bad PIN cannot probe the lock-out for free or dodge it.
    for (i, short) in ["12", "abc"].iter().enumerate() {
        fails(sb.pin(short, &["code"]), 3, &[]);
        assert_eq!(sb.token(0)["failed_attempts"], i + 1);
    }
    fails(sb.pin("9999", &["code"]), 3, &["9999"]);
    assert_eq!(sb.token(0)["failed_attempts"], 3);
    assert_eq!(sb.token(0)["counter"], 0);
}

#[test]
fn time_on_an_event_token_is_refused_before_the_pin_is_checked() {
    let sb = one_token();
    let err = fails(sb.pin("9999", &["code", "--time", "59"]), 2, &["9999"]);
    assert!(err.contains("event based"), "{err}");
    assert_eq!(
        sb.token(0)["failed_attempts"],
        0,
        "the wrong PIN was never tried"
    );
    assert_eq!(sb.token(0)["counter"], 0);
}
