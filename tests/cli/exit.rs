//! Every exit code of the table (0-7; 8 and 9: login.rs) reached through realistic misuse, errors as one
//! `softpass: ` line that never echoes a secret, and empty stdout under `--json`.
use crate::support::*;

const URI_HOTP: &str =
    "otpauth://hotp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&counter=0";

#[test]
fn exit_0_success() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    assert_eq!(ok(sb.pin(PIN, &["code"])), format!("{}\n", RFC4226[0]));
}

#[test]
fn exit_1_io_failure_vault_under_a_regular_file() {
    let sb = Sandbox::new();
    std::fs::write(sb.path("plain"), b"x").unwrap();
    let mut c = sb.bare();
    c.args(["--vault", "plain/vault.json", "import", "--uri", URI_HOTP])
        .args(KDF)
        .env("SOFTPASS_PIN", PIN);
    fails(c, 1, &[PIN, SEED20_B32]);
    let mut c = sb.bare();
    c.args(["--json", "--vault", "plain/vault.json", "list"]);
    fails(c, 1, &[]);
}

#[test]
fn exit_1_copy_required_with_json_spends_no_counter() {
    // No display, and no controlling terminal (setsid) for OSC 52: with --json the copy is
    // refused before a code exists, so stdout stays empty and no counter is spent.
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    let err = fails(sb.pin(PIN, &["--json", "code", "--copy"]), 1, &[PIN]);
    assert!(err.starts_with("softpass: clipboard"), "{err}");
    assert_eq!(sb.token(0)["counter"], 0, "no counter spent");
    assert_eq!(ok(sb.pin(PIN, &["code"])), format!("{}\n", RFC4226[0]));
}

#[test]
fn exit_1_issue_out_is_a_file_in_both_output_forms() {
    let sb = Sandbox::new();
    std::fs::write(sb.path("plain"), b"x").unwrap();
    let mut c = sb.bare();
    c.args(["issue", "--out", "plain", "--app-pin", "8642"])
        .args(FAST_ISSUE);
    fails(c, 1, &["8642"]);
    let mut args = vec!["--json", "issue", "--out", "plain", "--app-pin", "7410"];
    args.extend(FAST_ISSUE);
    fails(sb.novault(&args), 1, &["7410"]);
}

#[test]
fn exit_1_copy_required_without_clipboard_after_printing_the_code() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &["--otp-pin", "9876"]);
    // No DISPLAY, no WAYLAND_DISPLAY, and `setsid` leaves no controlling terminal for OSC 52:
    // --copy cannot be honoured. The code is printed first (its counter is spent).
    let o = code(sb.pin(PIN, &["code", "--copy"]), 1);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        format!("{}\n", RFC4226[0])
    );
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err:?}");
    assert!(err.starts_with("softpass: clipboard"), "{err:?}");
    assert!(!err.contains("9876") && !err.contains(PIN), "{err:?}");
    // The counter was spent: the next code is the next vector.
    assert_eq!(ok(sb.pin(PIN, &["code"])), format!("{}\n", RFC4226[1]));
}

#[test]
fn exit_2_usage_errors_are_one_softpass_line() {
    let sb = Sandbox::new();
    for args in [
        &["frobnicate"][..],
        &["import"][..],
        &["calc"][..],
        &["calc", "--secret", SEED20_B32, "--count", "0"][..],
        &["code", "--count", "0"][..],
        &["rename", "only-one"][..],
    ] {
        fails(sb.sp(args), 2, &[]);
    }
}

#[test]
fn exit_2_pin_missing_and_no_terminal() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    fails(sb.sp(&["code"]), 2, &[]);
    fails(sb.sp(&["--json", "code"]), 2, &[]);
    // The counter was not spent by the refused call.
    assert_eq!(sb.list()["tokens"][0]["counter"], 0);
}

#[test]
fn exit_2_name_missing_with_two_tokens() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    sb.import_uri(
        "otpauth://totp/ACME:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&issuer=ACME&algorithm=SHA256",
        &[],
    );
    fails(sb.pin(PIN, &["code"]), 2, &[PIN]);
    fails(sb.pin(PIN, &["--json", "code"]), 2, &[PIN]);
}

#[test]
fn exit_3_wrong_pin_never_echoed() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    fails(sb.pin("97531", &["code"]), 3, &["97531", PIN]);
    fails(sb.pin("97531", &["--json", "code"]), 3, &["97531"]);
    // A wrong PIN spends no counter value.
    assert_eq!(ok(sb.pin(PIN, &["code"])), format!("{}\n", RFC4226[0]));
}

#[test]
fn exit_3_wrong_activation_key() {
    let sb = Sandbox::new();
    let seed = fixture("contract/multi-token.pskc");
    let import = |extra: &[&str]| sb.import_seed(&seed, "not-the-key-xyz", "4321", extra);
    fails(import(&[]), 3, &["not-the-key-xyz", "4321", "contract-key"]);
    fails(import(&["--json"]), 3, &["not-the-key-xyz"]);
    assert!(!sb.vault().exists() || sb.list()["tokens"].as_array().unwrap().is_empty());
}

#[test]
fn exit_4_locked_token() {
    let sb = Sandbox::new();
    let seed = fixture("contract/multi-token.pskc");
    ok(sb.import_seed(&seed, "contract-key", "4321", &["--serial", "CT0000000001"]));
    // The seed allows 3 failed attempts.
    for _ in 0..3 {
        let c = out(sb.pin("0000", &["code"])).status.code();
        assert!(matches!(c, Some(3) | Some(4)), "{c:?}");
    }
    fails(sb.pin("4321", &["code"]), 4, &["4321"]);
    fails(sb.pin("4321", &["--json", "code"]), 4, &["4321"]);
    let t = &sb.list()["tokens"][0];
    assert_eq!(t["locked"], true);
}

#[test]
fn exit_5_invalid_inputs_name_the_position_not_the_secret() {
    let sb = Sandbox::new();
    // Illegal character '!' is the 22nd character of the argument (the 19th significant one).
    let e = fails(
        sb.sp(&["calc", "--mobilepass", "QVKYC-FM6KO-SY6F7-TR2!W"]),
        5,
        &[],
    );
    assert!(e.contains('!'), "names the character: {e}");
    assert!(
        e.contains("22") || e.contains("19") || e.contains("18"),
        "position: {e}"
    );
    fails(
        sb.sp(&[
            "calc",
            "--uri",
            "otpauth://hotp/x?secret=GEZDGNBVGY3TQOJ1&counter=0",
        ]),
        5,
        &["GEZDGNBVGY3TQOJ1"],
    );
    fails(
        sb.sp(&["calc", "--secret", "GEZDGNBV8Y3TQOJQ"]),
        5,
        &["GEZDGNBV8Y3TQOJQ"],
    );
    fails(sb.sp(&["calc", "--uri", "https://example.com/"]), 5, &[]);
    fails(
        sb.sp(&["--json", "calc", "--secret", "GEZDGNBV8Y3TQOJQ"]),
        5,
        &[],
    );
    // A PIN that violates the (default) policy.
    let mut c = sb.sp(&["import", "--uri", URI_HOTP]);
    c.args(KDF).env("SOFTPASS_NEW_PIN", "12");
    fails(c, 5, &[SEED20_B32]);
}

#[test]
fn exit_5_bad_activation_code_does_not_echo_the_code() {
    let sb = Sandbox::new();
    // Last group's check character is wrong; the data characters must not be repeated.
    fails(
        sb.sp(&["calc", "--mobilepass", "QVKYC-FM6KO-SY6F7-TR22X"]),
        5,
        &["TR22X", "TR22", "QVKYC"],
    );
}

#[test]
fn exit_6_garbage_vault_left_untouched() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.vault().parent().unwrap()).unwrap();
    let garbage: Vec<u8> = (0..512u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(sb.vault(), &garbage).unwrap();
    fails(sb.sp(&["list"]), 6, &[]);
    fails(sb.sp(&["--json", "list"]), 6, &[]);
    let e = fails(sb.pin(PIN, &["code"]), 6, &[PIN]);
    assert!(e.contains("vault.json"), "names the file: {e}");
    let mut c = sb.pin(PIN, &["import", "--uri", URI_HOTP]);
    c.args(KDF);
    fails(c, 6, &[PIN, SEED20_B32]);
    fails(sb.sp(&["rename", "a", "b"]), 6, &[]);
    assert_eq!(
        sb.read_vault(),
        garbage,
        "the unreadable vault must be left byte for byte"
    );
}

#[test]
fn exit_6_vault_from_a_newer_version_left_untouched() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    let text = String::from_utf8(sb.read_vault()).unwrap();
    let mut v = json(&text);
    v["version"] = serde_json::json!(999);
    let newer = serde_json::to_vec(&v).unwrap();
    std::fs::write(sb.vault(), &newer).unwrap();
    fails(sb.sp(&["list"]), 6, &[]);
    fails(sb.pin(PIN, &["code"]), 6, &[PIN]);
    assert_eq!(sb.read_vault(), newer);
}

#[test]
fn exit_7_no_such_token() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    fails(sb.pin(PIN, &["code", "nobody"]), 7, &[PIN]);
    fails(sb.pin(PIN, &["--json", "code", "nobody"]), 7, &[PIN]);
    fails(sb.sp(&["rename", "nobody", "x"]), 7, &[]);
    fails(sb.pin(PIN, &["remove", "nobody", "--yes"]), 7, &[PIN]);
    fails(sb.pin(PIN, &["export", "nobody", "--uri"]), 7, &[PIN]);
    fails(sb.pin(PIN, &["pin", "nobody"]), 7, &[PIN]);
    for args in [
        &["--json", "rename", "nobody", "x"][..],
        &["--json", "remove", "nobody", "--yes"][..],
        &["--json", "export", "nobody", "--uri"][..],
        &["--json", "pin", "nobody"][..],
    ] {
        fails(sb.pin(PIN, args), 7, &[PIN]);
    }
}

#[test]
fn otp_pin_and_secret_never_in_errors() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &["--otp-pin", "24680"]);
    // A wrong application PIN with a per-call OTP PIN: neither appears.
    fails(
        sb.pin("11111", &["code", "--combined", "--otp-pin", "35791"]),
        3,
        &["11111", "35791", "24680", SEED20_B32],
    );
    // A duplicate import names the token, never the secret or the OTP PIN.
    let mut c = sb.pin(PIN, &["import", "--uri", URI_HOTP, "--otp-pin", "55555"]);
    c.args(KDF);
    let o = out(c);
    assert_ne!(o.status.code(), Some(0));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.starts_with("softpass: ") && err.lines().count() == 1,
        "{err:?}"
    );
    for s in [SEED20_B32, "55555", PIN] {
        assert!(!err.contains(s), "{s} leaked: {err}");
    }
}

#[test]
fn exit_5_invalid_seed_file_names_the_file() {
    let sb = Sandbox::new();
    // A seed file that is not PSKC: the error names the file, never the key.
    std::fs::write(sb.path("junk-seed.pskc"), b"<html>nope</html>").unwrap();
    let junk = std::path::Path::new("junk-seed.pskc");
    let e = fails(
        sb.import_seed(junk, "k3y-s3cret", PIN, &[]),
        5,
        &["k3y-s3cret"],
    );
    assert!(e.contains("junk-seed.pskc"), "{e}");
}

#[test]
fn exit_6_not_a_vault_truncated_or_tampered_left_untouched() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    let real = String::from_utf8(sb.read_vault()).unwrap();
    assert!(
        real.contains("\"counter\":0"),
        "vault layout changed: {real}"
    );
    let pskc = std::fs::read(fixture("contract/multi-token.pskc")).unwrap();
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("JSON that is not a vault", b"{\"hello\":1}\n".to_vec()),
        ("a PSKC file", pskc),
        (
            "a truncated vault",
            real.as_bytes()[..real.len() / 2].to_vec(),
        ),
        ("an empty file", Vec::new()),
        (
            "a vault whose counter was wound forward without its checksum",
            real.replacen("\"counter\":0", "\"counter\":5", 1)
                .into_bytes(),
        ),
    ];
    for (what, bytes) in variants {
        std::fs::write(sb.vault(), &bytes).unwrap();
        let o = out(sb.sp(&["--json", "list"]));
        assert_eq!(o.status.code(), Some(6), "{what}");
        assert!(o.stdout.is_empty(), "{what}");
        let o = out(sb.pin(PIN, &["code"]));
        assert_eq!(o.status.code(), Some(6), "{what}");
        assert_eq!(sb.read_vault(), bytes, "{what}: left byte for byte");
    }
}
