//! Secrets off the command line: every secret-valued option also takes `-` (the first line of
//! stdin) and `@FILE` (the first line of FILE), without the line ending, as oathtool does; `-`
//! together with `--pin-stdin` is a usage error (exit 2) before anything is read or stored.
mod contract_support;

use contract_support::*;
use std::io::Write;
use std::process::{Command, Stdio};

const URI_HOTP: &str = "otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0";

/// Runs `c` with `input` on its stdin.
fn with_stdin(mut c: Command, input: &str) -> std::process::Output {
    c.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn softpass");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input.as_bytes()).expect("write stdin");
    drop(stdin);
    child.wait_with_output().expect("wait")
}

fn stdout(o: &std::process::Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).expect("utf-8")
}

#[test]
fn calc_secret_from_stdin_and_from_a_file() {
    let sb = Sb::new();
    // RFC 4226 Appendix D: counters 0 and 1.
    let o = with_stdin(
        sb.novault(&["calc", "--secret", "-", "--count", "2"]),
        &format!("{RFC_SHA1_B32}\n"),
    );
    assert_eq!(stdout(&o), format!("{}\n{}\n", RFC4226[0], RFC4226[1]));
    // A file written on Windows: CRLF, and a second line that is not read.
    std::fs::write(sb.path("secret.txt"), format!("{RFC_SHA1_B32}\r\nnot me\n")).unwrap();
    let o = ok(sb.novault(&["calc", "--secret", "@secret.txt", "--counter", "2"]));
    assert_eq!(o, format!("{}\n", RFC4226[2]));
    // Same for a URI and a MobilePASS code (published vector, counter 0).
    std::fs::write(sb.path("uri.txt"), URI_HOTP).unwrap();
    assert_eq!(
        ok(sb.novault(&["calc", "--uri", "@uri.txt"])),
        format!("{}\n", RFC4226[0])
    );
    let o = with_stdin(sb.novault(&["calc", "--mobilepass", "-"]), MP_CODE);
    assert_eq!(stdout(&o), format!("{}\n", MP_EMPTY[0]));
}

#[test]
fn import_and_code_take_their_secrets_from_stdin_or_files() {
    let sb = Sb::new();
    std::fs::write(sb.path("uri.txt"), format!("{URI_HOTP}\n")).unwrap();
    let mut args = vec!["import", "--uri", "@uri.txt", "--otp-pin", "-"];
    args.extend_from_slice(&KDF);
    let o = with_stdin(sb.pin(PIN, &args), "4711\n");
    assert!(stdout(&o).starts_with("imported "));
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
    let sb = Sb::new();
    std::fs::write(sb.path("app-pin.txt"), "8642\n").unwrap();
    std::fs::write(sb.path("key.txt"), "YZQHoczZWw3cBCNo\n").unwrap();
    let mut c = sb.novault(&[
        "--json",
        "issue",
        "--out",
        "out",
        "--app-pin",
        "@app-pin.txt",
    ]);
    c.args(["--activation-key", "@key.txt"]).args(FAST_ISSUE);
    let issued = json(&ok(c));
    let token = &issued["tokens"][0];
    assert_eq!(token["application_pin"], "8642");
    assert_eq!(token["activation_key"], "YZQHoczZWw3cBCNo");
    let seed = token["seed_file"].as_str().unwrap().to_owned();
    // The activation key from stdin, the PIN from the environment.
    let mut args = vec!["import", "--seed-file", &seed, "--activation-key", "-"];
    args.extend_from_slice(&KDF);
    let o = with_stdin(sb.pin("8642", &args), "YZQHoczZWw3cBCNo\n");
    assert!(stdout(&o).starts_with("imported "));
}

#[test]
fn pin_stdin_and_a_dash_option_both_wanting_stdin_is_a_usage_error() {
    let sb = Sb::new();
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
    let sb = Sb::new();
    let err = fails(sb.novault(&["calc", "--secret", "@nowhere.txt"]), 2, &[]);
    assert!(err.contains("nowhere.txt"), "{err}");
    // Stdin at its end: no value to read.
    let err = fails(sb.novault(&["calc", "--secret", "-"]), 2, &[]);
    assert!(err.contains("standard input"), "{err}");
}
