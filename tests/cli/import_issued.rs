//! Issue → import → code: seed files made by `softpass issue` (the server side) activate with
//! their key and PIN, give the codes `softpass calc` and oathtool compute from the otpauth URI the
//! issuer hands the validating server, and carry the seed's lock-out policy; `import --issued
//! FILE.json` takes every token an `issue --json` document lists, in one run, all or nothing,
//! each sealed under its own application PIN (SOFTPASS_PIN and --pin-stdin do not apply).
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::*;

/// `softpass code NAME --count N` with PIN `pin`.
fn codes(sb: &Sandbox, pin: &str, name: &str, count: u32) -> String {
    ok(sb.pin(pin, &["code", name, "--count", &count.to_string()]))
}

#[test]
fn seed_file_import_matches_calc_and_checks_the_key_and_the_seed_pin() {
    let sb = Sandbox::new();
    let t = &sb.issue(&["--app-pin", "482913"])[0];
    // The seed carries the application PIN: another PIN is refused (exit 3), nothing stored.
    fails(sb.import_issued(t, "111111", &[]), 3, &["111111"]);
    assert!(!sb.vault().exists() || sb.count() == 0);
    // A wrong activation key is exit 3.
    for bad in [format!("{}x", t.key), "AAAAAAAAAAAAAAAA".into()] {
        let args = ["import", "--seed-file", &t.file, "--activation-key", &bad];
        fails(sb.pin(&t.pin, &args), 3, &[&bad]);
    }
    let v = json(&ok(sb.import_issued(t, &t.pin, &["--json"])));
    assert_eq!(v["imported"][0]["serial"], t.serial.as_str());
    assert_eq!(v["imported"][0]["name"], t.serial.as_str());
    assert_eq!(v["imported"][0]["kind"], "hotp");
    let expected = calc(&["--uri", &t.uri, "--counter", "0", "--count", "12"]);
    let mut got = ok(sb.pin(&t.pin, &["code", &t.serial]));
    let first = expected.lines().next().unwrap();
    assert_eq!(
        got,
        format!("{first}\n"),
        "the first eToken is the URI's counter 0"
    );
    got.push_str(&codes(&sb, &t.pin, &t.serial, 4));
    got.push_str(&codes(&sb, &t.pin, &t.serial, 7));
    assert_eq!(got, expected);
}

#[test]
fn issued_hotp_codes_match_oathtool_on_the_issued_secret() {
    let sb = Sandbox::new();
    let t = &sb.issue(&["--digits", "8", "--algorithm", "sha1"])[0];
    ok(sb.import_issued(t, &t.pin, &[]));
    let secret = uri_secret(&t.uri);
    let want = oathtool(&["--hotp", "-b", "-d", "8", "-c", "0", "-w", "2", &secret]);
    let got = ok(sb.pin(&t.pin, &["code", "--count", "3"]));
    assert_eq!(got.lines().collect::<Vec<_>>(), want);
}

#[test]
fn issued_totp_sha256_8_digits_60s_matches_oathtool_and_calc() {
    let sb = Sandbox::new();
    let opts = "--type totp --algorithm sha256 --digits 8 --period 60 --app-pin 97531";
    let t = &sb.issue(&words(opts))[0];
    assert!(t.uri.starts_with("otpauth://totp/"), "{}", t.uri);
    let iv = json(&ok(sb.import_issued(
        t,
        "97531",
        &["--json", "--name", "work"],
    )));
    assert_eq!(iv["imported"][0]["kind"], "totp");
    let l = sb.token(0);
    assert_eq!(l["algorithm"], "sha256");
    assert_eq!(l["digits"], 8);
    assert_eq!(l["period"], 60);
    assert_eq!(l["counter"], Value::Null);
    let secret = uri_secret(&t.uri);
    let want = oathtool(&words(&format!(
        "--totp=sha256 -b -d 8 -s 60 --now @2000000000 {secret}"
    )));
    let got = json(&ok(
        sb.pin("97531", &["--json", "code", "--time", "2000000000"])
    ));
    assert_eq!(got["code"], want[0].as_str());
    // 2000000000 = 33333333 * 60 + 20: 40 s left in the step.
    assert_eq!(got["valid_for"], 40);
    assert_eq!(got["counter"], Value::Null);
    let expected = calc(&["--uri", &t.uri, "--time", "1700000000", "--count", "3"]);
    let args = ["code", "work", "--time", "1700000000", "--count", "3"];
    assert_eq!(ok(sb.pin("97531", &args)), expected);
}

#[test]
fn lockout_from_the_seed_policy_and_reactivation_keeps_the_counter() {
    let sb = Sandbox::new();
    let t = &sb.issue(&["--max-failed-attempts", "3"])[0];
    ok(sb.import_issued(t, &t.pin, &["--name", "vpn"]));
    codes(&sb, &t.pin, "vpn", 6);
    let wrong = || sb.pin("0000", &["code", "vpn"]);
    let err = fails(wrong(), 3, &["0000"]);
    assert!(err.contains("2 attempts left"), "{err}");
    // A correct PIN resets the count.
    codes(&sb, &t.pin, "vpn", 1);
    assert_eq!(sb.token(0)["failed_attempts"], 0);
    fails(wrong(), 3, &["0000"]);
    fails(wrong(), 3, &["0000"]);
    // The wrong PIN that reaches the limit is answered as a wrong PIN, and locks the token.
    let err = fails(wrong(), 3, &["0000"]);
    assert!(err.contains("now locked"), "{err}");
    fails(sb.pin(&t.pin, &["code", "vpn"]), 4, &[&t.pin]);
    let listed = sb.token(0);
    assert_eq!(listed["locked"], true);
    assert_eq!(listed["counter"], 7);
    // Re-activation needs --replace, and works although the token is locked.
    fails(sb.import_issued(t, &t.pin, &[]), 5, &[&t.pin, &t.key]);
    ok(sb.import_issued(t, &t.pin, &["--replace"]));
    let listed = sb.token(0);
    assert_eq!(
        (listed["name"].as_str(), listed["locked"].as_bool()),
        (Some("vpn"), Some(false))
    );
    assert_eq!(listed["counter"], 7);
    let expected = calc(&["--uri", &t.uri, "--counter", "7", "--count", "2"]);
    assert_eq!(codes(&sb, &t.pin, "vpn", 2), expected);
}

#[test]
fn multi_token_issue_and_serial_selection() {
    let sb = Sandbox::new();
    let issued = sb.issue(&["--count", "2", "--app-pin", "7777"]);
    // Each issued file holds one token; --serial picks it, an unknown serial is exit 7.
    let t = &issued[1];
    fails(
        sb.import_issued(t, "7777", &["--serial", "NOPE"]),
        7,
        &["7777"],
    );
    ok(sb.import_issued(t, "7777", &["--serial", &t.serial]));
    ok(sb.import_issued(&issued[0], "7777", &[]));
    let names: Vec<String> = sb.list()["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        vec![issued[1].serial.clone(), issued[0].serial.clone()]
    );
}

/// `--json issue --out out ARGS` run in `cwd` (fast PBKDF2); the document is also saved there as
/// `issued.json`.
fn issue_doc(sb: &Sandbox, cwd: &Path, args: &[&str]) -> Value {
    std::fs::create_dir_all(cwd).unwrap();
    let mut all = vec!["--json", "issue", "--out", "out"];
    all.extend(FAST_ISSUE);
    all.extend(args);
    let mut c = sb.novault(&all);
    c.current_dir(cwd);
    let out = ok(c);
    std::fs::write(cwd.join("issued.json"), &out).unwrap();
    json(&out)
}

/// `import --issued DOC` run in `cwd`, at the tiny KDF cost.
fn import_issued(sb: &Sandbox, cwd: &Path, doc: &str) -> Command {
    let mut c = sb.sp(&["import", "--issued", doc]);
    c.current_dir(cwd).args(KDF);
    c
}

#[test]
fn every_token_under_its_own_pin_found_from_another_folder() {
    let sb = Sandbox::new();
    let server = sb.path("server");
    let doc = issue_doc(&sb, &server, &["--count", "3"]);
    let mut csv = issue_doc(&sb, &server.join("csv"), &["--format", "oathcsv"]);
    // Run from elsewhere: the relative seed_file paths are found next to the document.
    let elsewhere = sb.path("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let mut c = import_issued(&sb, &elsewhere, "../server/issued.json");
    // A PIN in the environment is not the one the tokens are sealed under.
    c.env("SOFTPASS_PIN", "0000");
    let out = ok(c);
    assert_eq!(out.lines().count(), 3, "{out}");
    ok(import_issued(&sb, &elsewhere, "../server/csv/issued.json"));
    let mut all = doc["tokens"].as_array().unwrap().clone();
    all.push(csv["tokens"][0].take());
    assert_eq!(sb.count(), 4);
    for t in &all {
        let serial = t["serial"].as_str().unwrap();
        let pin = t["application_pin"].as_str().unwrap();
        let want = calc(&["--uri", t["otpauth"].as_str().unwrap()]);
        assert_eq!(sb.etokens(pin, serial, 1), [want.trim()]);
        fails(sb.pin("0000", &["code", serial]), 3, &[]);
    }
}

#[test]
fn import_issued_is_all_or_nothing_and_its_usage() {
    let sb = Sandbox::new();
    let server = sb.path("server");
    let doc = issue_doc(&sb, &server, &["--count", "2"]);
    // The second seed file is damaged: nothing is imported.
    let second = server.join(doc["tokens"][1]["seed_file"].as_str().unwrap());
    let text = std::fs::read_to_string(&second).unwrap();
    let damaged = text.replace("<pskc:PlainValue>0<", "<pskc:PlainValue>zero<");
    std::fs::write(&second, damaged).unwrap();
    let err = fails(import_issued(&sb, &server, "issued.json"), 5, &[]);
    let name = second.file_name().unwrap().to_string_lossy();
    assert!(err.contains(name.as_ref()), "{err}");
    assert_eq!(sb.count(), 0);
    // A wrong PIN in the document (against the seed's PIN): exit 3, nothing stored.
    std::fs::write(&second, text).unwrap();
    let pin = doc["tokens"][0]["application_pin"].as_str().unwrap();
    let doctored = std::fs::read_to_string(server.join("issued.json"))
        .unwrap()
        .replace(
            &format!("\"application_pin\":\"{pin}\""),
            "\"application_pin\":\"99999\"",
        );
    std::fs::write(server.join("bad.json"), doctored).unwrap();
    fails(import_issued(&sb, &server, "bad.json"), 3, &[]);
    assert_eq!(sb.count(), 0);
    let mut named = import_issued(&sb, &server, "issued.json");
    named.args(["--name", "x"]);
    fails(named, 2, &[]);
    std::fs::write(server.join("not.json"), "{\"tokens\": 3}").unwrap();
    let err = fails(import_issued(&sb, &server, "not.json"), 5, &[]);
    assert!(err.contains("not.json: not an issue document"), "{err}");
    // --pin-stdin does not apply: the PIN on stdin is not used, each token keeps its own.
    let mut c = import_issued(&sb, &server, "issued.json");
    c.arg("--pin-stdin");
    let out = with_stdin(c, "0000\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(sb.count(), 2);
    let first = doc["tokens"][0]["serial"].as_str().unwrap();
    fails(sb.pin("0000", &["code", first]), 3, &[]);
    ok(sb.pin(pin, &["code", first]));
}
