//! Issue → import → code: seed files made by `softpass issue` (the server side) activate with
//! their key and PIN, give the codes `softpass calc` and oathtool compute from the otpauth URI the
//! issuer hands the validating server, and carry the seed's lock-out policy.
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
