//! Secrets off the command line: every secret-valued option also takes `-` (the first line of
//! stdin) and `@FILE` (the first line of FILE), without the line ending, as oathtool does; `-`
//! together with `--pin-stdin` is a usage error (exit 2) before anything is read or stored.
use crate::support::*;

const URI_HOTP: &str = "otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0";

#[test]
fn calc_secret_from_stdin_and_from_a_file() {
    let sb = Sandbox::new();
    // RFC 4226 Appendix D: counters 0 and 1.
    let o = ok_with_stdin(
        sb.novault(&["calc", "--secret", "-", "--count", "2"]),
        &format!("{SEED20_B32}\n"),
    );
    assert_eq!(o, one_a_line(&RFC4226[..2]));
    // A file written on Windows: CRLF, and a second line that is not read.
    std::fs::write(sb.path("secret.txt"), format!("{SEED20_B32}\r\nnot me\n")).unwrap();
    let o = ok(sb.novault(&["calc", "--secret", "@secret.txt", "--counter", "2"]));
    assert_eq!(o, format!("{}\n", RFC4226[2]));
    // Same for a URI and a MobilePASS code (published vector, counter 0).
    std::fs::write(sb.path("uri.txt"), URI_HOTP).unwrap();
    assert_eq!(
        ok(sb.novault(&["calc", "--uri", "@uri.txt"])),
        format!("{}\n", RFC4226[0])
    );
    let o = ok_with_stdin(sb.novault(&["calc", "--mobilepass", "-"]), MP_CODE);
    assert_eq!(o, format!("{}\n", MP_EMPTY[0]));
}

#[test]
fn import_and_code_take_their_secrets_from_stdin_or_files() {
    let sb = Sandbox::new();
    std::fs::write(sb.path("uri.txt"), format!("{URI_HOTP}\n")).unwrap();
    let mut args = vec!["import", "--uri", "@uri.txt", "--otp-pin", "-"];
    args.extend_from_slice(&KDF);
    let o = ok_with_stdin(sb.pin(PIN, &args), "4711\n");
    assert!(o.starts_with("imported "), "{o}");
    // The stored OTP PIN came from stdin: --combined shows it in front of the eToken.
    assert_eq!(
        ok(sb.pin(PIN, &["code", "--combined"])),
        format!("4711{}\n", RFC4226[0])
    );
    // code --otp-pin @FILE for this call only.
    std::fs::write(sb.path("otp.txt"), "0815\n").unwrap();
    assert_eq!(
        ok(sb.pin(PIN, &["code", "--combined", "--otp-pin", "@otp.txt"])),
        format!("0815{}\n", RFC4226[1])
    );
}

#[test]
fn issue_app_pin_and_seed_activation_key_from_files() {
    let sb = Sandbox::new();
    std::fs::write(sb.path("app-pin.txt"), "8642\n").unwrap();
    std::fs::write(sb.path("key.txt"), format!("{DEMO_KEY}\n")).unwrap();
    let issued = sb.issue(&["--app-pin", "@app-pin.txt", "--activation-key", "@key.txt"]);
    let token = &issued[0];
    assert_eq!(token.pin, "8642");
    assert_eq!(token.key, DEMO_KEY);
    // The activation key from stdin, the PIN from the environment.
    let c = sb.import_seed(&token.file, "-", "8642", &[]);
    let o = ok_with_stdin(c, &format!("{DEMO_KEY}\n"));
    assert!(o.starts_with("imported "), "{o}");
}

#[test]
fn pin_stdin_and_a_dash_option_both_wanting_stdin_is_a_usage_error() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    let before = sb.read_vault();
    let c = sb.sp(&["--pin-stdin", "code", "--combined", "--otp-pin", "-"]);
    let o = with_stdin(c, &format!("{PIN}\n4711\n"));
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("softpass: ") && err.contains("--pin-stdin"),
        "{err}"
    );
    assert!(!err.contains(PIN) && !err.contains("4711"), "{err}");
    assert!(o.stdout.is_empty());
    // Nothing was spent.
    assert_eq!(sb.read_vault(), before);
    // Two options given as '-': also exit 2.
    let o = with_stdin(
        sb.novault(&["calc", "--uri", "-", "--secret", "-"]),
        "a\nb\n",
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_missing_or_empty_source_names_it_and_never_a_value() {
    let sb = Sandbox::new();
    let err = fails(sb.novault(&["calc", "--secret", "@nowhere.txt"]), 2, &[]);
    assert!(err.contains("nowhere.txt"), "{err}");
    // Stdin at its end: no value to read.
    let err = fails(sb.novault(&["calc", "--secret", "-"]), 2, &[]);
    assert!(err.contains("standard input"), "{err}");
}
