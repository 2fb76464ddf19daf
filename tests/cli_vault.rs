//! Black-box tests of import / list / code / pin / rename / remove / export (cli-contract.md),
//! with outside vectors: RFC 4226 App. D, RFC 6238 App. B, the published MobilePASS vectors.
mod vault_support;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use vault_support::*;

#[test]
fn hotp_uri_import_list_and_code_follow_rfc4226() {
    let sb = Sandbox::new();
    let out = run(
        sb.with_pin(
            PIN,
            &[
                "--json",
                "import",
                "--uri",
                &format!("otpauth://hotp/ACME:alice?secret={RFC4226_B32}&issuer=ACME&counter=0"),
                "--kdf-memory-kib",
                "64",
                "--kdf-iterations",
                "1",
            ],
        ),
        0,
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    let serial = v["imported"][0]["serial"].as_str().unwrap().to_owned();
    assert_eq!(v["imported"][0]["name"], "ACME:alice");
    assert_eq!(v["imported"][0]["kind"], "hotp");
    // NAME may be omitted with one token.
    for expected in &RFC4226_CODES[..3] {
        assert_eq!(run(sb.with_pin(PIN, &["code"]), 0), format!("{expected}\n"));
    }
    let list = sb.list();
    assert_eq!(
        list,
        json!({"tokens":[{"name":"ACME:alice","serial":serial,"kind":"hotp","algorithm":"sha1",
            "digits":6,"counter":3,"period":null,"locked":false,"failed_attempts":0}]})
    );
    // A serial works as NAME; --count gives an array with consecutive counters.
    let out = run(
        sb.with_pin(PIN, &["code", &serial, "--count", "3", "--json"]),
        0,
    );
    let arr: Value = serde_json::from_str(&out).unwrap();
    for (k, item) in arr.as_array().unwrap().iter().enumerate() {
        assert_eq!(
            item,
            &json!({"name":"ACME:alice","serial":serial,"kind":"hotp","counter":3 + k,
                "code":RFC4226_CODES[3 + k]})
        );
    }
    let out = run(sb.with_pin(PIN, &["code", "ACME:alice", "--json"]), 0);
    let one: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(one["counter"], 6);
    assert_eq!(one["code"], RFC4226_CODES[6]);
    assert_eq!(mode(&sb.vault()), 0o600);
    assert_eq!(mode(sb.vault().parent().unwrap()), 0o700);
}

#[test]
fn totp_uri_code_at_a_time_follows_rfc6238() {
    let sb = Sandbox::new();
    sb.import_uri(
        &format!("otpauth://totp/t?secret={RFC4226_B32}&digits=8&period=30"),
        "t",
    );
    // RFC 6238 Appendix B, SHA-1: T=59 → 94287082, T=1111111109 → 07081804.
    assert_eq!(
        run(sb.with_pin(PIN, &["code", "t", "--time", "59"]), 0),
        "94287082\n"
    );
    let out = run(
        sb.with_pin(PIN, &["code", "--time", "1111111109", "--json"]),
        0,
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v,
        json!({"name":"t","serial":v["serial"],"kind":"totp","counter":null,"code":"07081804","valid_for":1})
    );
    let list = sb.list();
    assert_eq!(list["tokens"][0]["counter"], Value::Null);
    assert_eq!(list["tokens"][0]["period"], 30);
    let out = run(sb.with_pin(PIN, &["code", "--json"]), 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let left = v["valid_for"].as_u64().unwrap();
    assert!((1..=30).contains(&left), "valid_for {left}");
}

#[test]
fn mobilepass_import_codes_and_serial() {
    let sb = Sandbox::new();
    let tiny = ["--kdf-memory-kib", "64", "--kdf-iterations", "1"];
    let mut args = vec![
        "--json",
        "import",
        "--mobilepass",
        "QVKYC-FM6KO-SY6F7-TR22W",
    ];
    args.extend(tiny);
    let out = run(sb.with_pin(PIN, &args), 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    // docs/vault-format.md §4: first 8 bytes of SHA-256(entropy || policy), upper-case hex;
    // the entropy is the published one for this code.
    let entropy = hex::decode("855582b3ca963c59c75a").unwrap();
    let serial = hex::encode_upper(&Sha256::digest(&entropy)[..8]);
    assert_eq!(v["imported"][0]["serial"], serial.as_str());
    assert_eq!(v["imported"][0]["name"], serial.as_str());
    assert_eq!(v["imported"][0]["kind"], "mobilepass");
    assert_eq!(run(sb.with_pin(PIN, &["code"]), 0), "374844\n");
    // With the policy string and a starting counter of 10 (published vector 194672).
    let mut args = vec![
        "import",
        "--mobilepass",
        "QVKYC-FM6KO-SY6F7-TR22W",
        "--policy",
        "18888710",
        "--counter",
        "10",
        "--name",
        "mp2",
    ];
    args.extend(tiny);
    run(sb.with_pin(PIN, &args), 0);
    assert_eq!(run(sb.with_pin(PIN, &["code", "mp2"]), 0), "194672\n");
    let list = sb.list();
    assert_eq!(list["tokens"][1]["algorithm"], "sha256");
    assert_eq!(list["tokens"][1]["counter"], 11);
    // Non-legacy code (published vector 641533 at counter 0).
    let mut args = vec![
        "import",
        "--mobilepass",
        "SEJUQ-KYURW-IMF7L-UDAFL",
        "--policy",
        "42962449345",
        "--name",
        "mp3",
    ];
    args.extend(tiny);
    run(sb.with_pin(PIN, &args), 0);
    assert_eq!(run(sb.with_pin(PIN, &["code", "mp3"]), 0), "641533\n");
    // Exported as an otpauth hotp URI with SHA256 and the next counter.
    let uri = run(sb.with_pin(PIN, &["export", "mp2", "--uri"]), 0);
    assert!(uri.starts_with("otpauth://hotp/"), "{uri}");
    assert!(
        uri.contains("algorithm=SHA256") && uri.contains("counter=11"),
        "{uri}"
    );
}

#[test]
fn combined_output_and_otp_pin() {
    let sb = Sandbox::new();
    let uri = format!("otpauth://hotp/x?secret={RFC4226_B32}&counter=0");
    run(
        sb.with_pin(
            PIN,
            &[
                "import",
                "--uri",
                &uri,
                "--name",
                "x",
                "--otp-pin",
                "99",
                "--kdf-memory-kib",
                "64",
                "--kdf-iterations",
                "1",
            ],
        ),
        0,
    );
    assert_eq!(
        run(sb.with_pin(PIN, &["code", "--combined"]), 0),
        format!("99{}\n", RFC4226_CODES[0])
    );
    let out = run(
        sb.with_pin(PIN, &["code", "--combined", "--otp-pin", "7", "--json"]),
        0,
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["combined"], format!("7{}", RFC4226_CODES[1]));
    assert_eq!(v["code"], RFC4226_CODES[1]);
    // Without --combined the plain code is printed, and "combined" is absent from JSON.
    let out = run(sb.with_pin(PIN, &["code", "--json"]), 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v.get("combined").is_none());

    let sb2 = Sandbox::new();
    sb2.import_rfc4226("y");
    fails(sb2.with_pin(PIN, &["code", "--combined"]), 5);
    // The refused call spent no counter.
    assert_eq!(sb2.list()["tokens"][0]["counter"], 0);
}

#[test]
fn wrong_pin_is_counted_then_delayed_and_a_good_pin_resets() {
    let sb = Sandbox::new();
    sb.import_rfc4226("a");
    let err = fails(sb.with_pin("0000", &["code"]), 3);
    assert!(
        err.contains("wrong application PIN") && !err.contains("0000"),
        "{err}"
    );
    assert_eq!(sb.list()["tokens"][0]["failed_attempts"], 1);
    assert_eq!(
        run(sb.with_pin(PIN, &["code"]), 0),
        format!("{}\n", RFC4226_CODES[0])
    );
    assert_eq!(sb.list()["tokens"][0]["failed_attempts"], 0);
    // Without a lock-out policy: after three failures the next try must wait (exit 4).
    for _ in 0..3 {
        fails(sb.with_pin("0000", &["code"]), 3);
    }
    let err = fails(sb.with_pin(PIN, &["code"]), 4);
    assert!(err.contains("try again in"), "{err}");
    let t = &sb.list()["tokens"][0];
    assert_eq!(t["failed_attempts"], 3);
    assert_eq!(t["locked"], false);
    assert_eq!(t["counter"], 1);
}

#[test]
fn missing_pin_policy_and_name_conflicts() {
    let sb = Sandbox::new();
    let uri = format!("otpauth://hotp/x?secret={RFC4226_B32}&counter=0");
    // No PIN and no terminal: exit 2, and nothing was written.
    fails(sb.cmd().args(["import", "--uri", &uri]), 2);
    assert!(!sb.vault().exists());
    // A PIN shorter than the default policy allows: exit 5.
    fails(sb.with_pin("12", &["import", "--uri", &uri]), 5);
    sb.import_uri(&uri, "x");
    fails(sb.cmd().args(["code"]), 2);
    // Same serial again: exit 5 unless --replace.
    fails(
        sb.with_pin(PIN, &["import", "--uri", &uri, "--name", "other"]),
        5,
    );
    // Another token under an existing name: exit 5.
    let uri2 = "otpauth://hotp/y?secret=JBSWY3DPEHPK3PXP&counter=0";
    fails(
        sb.with_pin(PIN, &["import", "--uri", uri2, "--name", "x"]),
        5,
    );
    fails(sb.with_pin(PIN, &["code", "nope"]), 7);
    sb.import_uri(uri2, "y");
    // Two tokens: NAME is required.
    fails(sb.with_pin(PIN, &["code"]), 2);
    // SOFTPASS_NEW_PIN wins over SOFTPASS_PIN for a source without a PIN; --pin-stdin works.
    let uri3 = "otpauth://totp/z?secret=JBSWY3DPEHPK3PXQ";
    let mut c = sb.with_pin(
        PIN,
        &[
            "import",
            "--uri",
            uri3,
            "--kdf-memory-kib",
            "64",
            "--kdf-iterations",
            "1",
        ],
    );
    c.env("SOFTPASS_NEW_PIN", "97531");
    run(c, 0);
    fails(sb.with_pin(PIN, &["code", "z"]), 3);
    let mut c = sb.cmd();
    c.args(["--pin-stdin", "code", "z"])
        .stdin(std::process::Stdio::piped());
    let mut child = c.stdout(std::process::Stdio::piped()).spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"97531\nignored\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(out.stdout.len(), 7);
}

#[test]
fn pin_rename_remove_export() {
    let sb = Sandbox::new();
    sb.import_rfc4226("a");
    let mut c = sb.with_pin(
        PIN,
        &[
            "pin",
            "a",
            "--kdf-memory-kib",
            "64",
            "--kdf-iterations",
            "1",
        ],
    );
    c.env("SOFTPASS_NEW_PIN", "13579");
    run(c, 0);
    fails(sb.with_pin(PIN, &["code"]), 3);
    assert_eq!(
        run(sb.with_pin("13579", &["code"]), 0),
        format!("{}\n", RFC4226_CODES[0])
    );
    // A new PIN against the policy is refused before the old one is even checked.
    let mut c = sb.with_pin("13579", &["pin", "a"]);
    c.env("SOFTPASS_NEW_PIN", "1");
    fails(c, 5);

    run(sb.cmd().args(["rename", "a", "b"]), 0);
    fails(sb.cmd().args(["rename", "a", "c"]), 7);
    let uri = run(sb.with_pin("13579", &["export", "--uri"]), 0);
    assert!(uri.starts_with("otpauth://hotp/"), "{uri}");
    assert!(uri.contains(&format!("secret={RFC4226_B32}")), "{uri}");
    assert!(uri.contains("counter=1"), "{uri}");
    let v: Value = serde_json::from_str(&run(
        sb.with_pin("13579", &["--json", "export", "b", "--uri"]),
        0,
    ))
    .unwrap();
    assert_eq!(v["uri"].as_str().unwrap().trim(), uri.trim());

    // remove: no terminal and no --yes → exit 2; wrong PIN → 3; then gone.
    fails(sb.with_pin("13579", &["remove", "b"]), 2);
    fails(sb.with_pin("0000", &["remove", "b", "--yes"]), 3);
    run(sb.with_pin("13579", &["remove", "b", "--yes"]), 0);
    assert_eq!(sb.list(), json!({"tokens":[]}));
}

#[test]
fn copy_failure_exits_1_after_printing_the_code() {
    let sb = Sandbox::new();
    sb.import_rfc4226("a");
    // No display, and `setsid` leaves no controlling terminal for OSC 52: the copy must fail.
    let mut c = sb.with_pin(PIN, &["code", "--copy"]);
    c.env_remove("DISPLAY").env_remove("WAYLAND_DISPLAY");
    let mut detached = wrapped(&c, &["setsid"]);
    let out = match detached.stdin(std::process::Stdio::null()).output() {
        Ok(out) => out,
        Err(_) => return eprintln!("skipped: no setsid"),
    };
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{}\n", RFC4226_CODES[0])
    );
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("softpass: clipboard"));
    // The counter was spent: the next code is the next vector.
    assert_eq!(
        run(sb.with_pin(PIN, &["code"]), 0),
        format!("{}\n", RFC4226_CODES[1])
    );
}
