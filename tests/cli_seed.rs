//! `import --seed-file`: PSKC files made by `softpass issue` (the server side), codes equal to the
//! stateless `softpass calc` on the otpauth URI the issuer hands the validating server, the seed's
//! PIN and policy, lock-out and re-activation from the same seed file.
mod vault_support;

use serde_json::Value;
use vault_support::*;

const TINY: [&str; 4] = ["--kdf-memory-kib", "64", "--kdf-iterations", "1"];

struct Issued {
    serial: String,
    key: String,
    pin: String,
    file: String,
    uri: String,
}

fn issue(sb: &Sandbox, extra: &[&str]) -> Vec<Issued> {
    let out_dir = sb.dir.path().join("issued");
    let mut args = vec!["--json", "issue", "--out", out_dir.to_str().unwrap()];
    args.extend(extra);
    let v: Value = serde_json::from_str(&run(sb.cmd().args(&args), 0)).unwrap();
    v["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| Issued {
            serial: t["serial"].as_str().unwrap().into(),
            key: t["activation_key"].as_str().unwrap().into(),
            pin: t["application_pin"].as_str().unwrap().into(),
            file: t["seed_file"].as_str().unwrap().into(),
            uri: t["otpauth"].as_str().unwrap().into(),
        })
        .collect()
}

fn import(sb: &Sandbox, t: &Issued, pin: &str, extra: &[&str]) -> std::process::Command {
    let mut args = vec!["import", "--seed-file", &t.file, "--activation-key", &t.key];
    args.extend(TINY);
    args.extend(extra);
    sb.with_pin(pin, &args)
}

fn calc(sb: &Sandbox, args: &[&str]) -> String {
    run(sb.cmd().arg("calc").args(args), 0)
}

fn codes(sb: &Sandbox, pin: &str, name: &str, count: u32) -> String {
    run(
        sb.with_pin(pin, &["code", name, "--count", &count.to_string()]),
        0,
    )
}

#[test]
fn seed_file_import_matches_calc_and_checks_the_seed_pin() {
    let sb = Sandbox::new();
    let t = &issue(&sb, &["--app-pin", "482913"])[0];
    // The seed carries the application PIN: another PIN is refused (exit 3), nothing stored.
    fails(import(&sb, t, "111111", &[]), 3);
    assert!(!sb.vault().exists() || sb.list()["tokens"].as_array().unwrap().is_empty());
    // Wrong activation key: exit 3.
    let mut bad = t.key.clone();
    bad.push('x');
    let file = t.file.clone();
    fails(
        sb.with_pin(
            &t.pin,
            &["import", "--seed-file", &file, "--activation-key", &bad],
        ),
        3,
    );
    let out = run(import(&sb, t, &t.pin, &["--json"]), 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["imported"][0]["serial"], t.serial.as_str());
    assert_eq!(v["imported"][0]["name"], t.serial.as_str());
    assert_eq!(v["imported"][0]["kind"], "hotp");
    let expected = calc(&sb, &["--uri", &t.uri, "--counter", "0", "--count", "12"]);
    let mut got = codes(&sb, &t.pin, &t.serial, 5);
    got.push_str(&codes(&sb, &t.pin, &t.serial, 7));
    assert_eq!(got, expected);
}

#[test]
fn totp_seed_codes_match_calc_at_the_same_time() {
    let sb = Sandbox::new();
    let t = &issue(&sb, &["--type", "totp", "--period", "60", "--digits", "8"])[0];
    run(import(&sb, t, &t.pin, &["--name", "work"]), 0);
    let expected = calc(
        &sb,
        &["--uri", &t.uri, "--time", "1700000000", "--count", "3"],
    );
    let got = run(
        sb.with_pin(
            &t.pin,
            &["code", "work", "--time", "1700000000", "--count", "3"],
        ),
        0,
    );
    assert_eq!(got, expected);
    assert_eq!(sb.list()["tokens"][0]["period"], 60);
}

#[test]
fn mobilepass_and_uri_codes_match_calc() {
    let sb = Sandbox::new();
    let mut args = vec![
        "import",
        "--mobilepass",
        "QVKYC-FM6KO-SY6F7-TR22W",
        "--policy",
        "18888710",
        "--name",
        "mp",
    ];
    args.extend(TINY);
    run(sb.with_pin(PIN, &args), 0);
    let expected = calc(
        &sb,
        &[
            "--mobilepass",
            "QVKYC-FM6KO-SY6F7-TR22W",
            "--policy",
            "18888710",
            "--counter",
            "0",
            "--count",
            "25",
        ],
    );
    assert_eq!(codes(&sb, PIN, "mp", 25), expected);
    let uri = "otpauth://hotp/u?secret=JBSWY3DPEHPK3PXP&algorithm=SHA512&digits=8&counter=40";
    sb.import_uri(uri, "u");
    let expected = calc(&sb, &["--uri", uri, "--count", "10"]);
    assert_eq!(codes(&sb, PIN, "u", 10), expected);
}

#[test]
fn lockout_from_the_seed_policy_and_reactivation_keeps_the_counter() {
    let sb = Sandbox::new();
    let t = &issue(&sb, &["--max-failed-attempts", "3"])[0];
    run(import(&sb, t, &t.pin, &["--name", "vpn"]), 0);
    codes(&sb, &t.pin, "vpn", 6);
    let err = fails(sb.with_pin("0000", &["code", "vpn"]), 3);
    assert!(err.contains("2 attempts left"), "{err}");
    // A correct PIN resets the count.
    codes(&sb, &t.pin, "vpn", 1);
    assert_eq!(sb.list()["tokens"][0]["failed_attempts"], 0);
    fails(sb.with_pin("0000", &["code", "vpn"]), 3);
    fails(sb.with_pin("0000", &["code", "vpn"]), 3);
    // The wrong PIN that reaches the limit is answered as a wrong PIN, and locks the token.
    let err = fails(sb.with_pin("0000", &["code", "vpn"]), 3);
    assert!(err.contains("now locked"), "{err}");
    fails(sb.with_pin(&t.pin, &["code", "vpn"]), 4);
    let listed = &sb.list()["tokens"][0];
    assert_eq!(listed["locked"], true);
    assert_eq!(listed["counter"], 7);
    // Re-activation needs --replace, and works although the token is locked.
    fails(import(&sb, t, &t.pin, &[]), 5);
    run(import(&sb, t, &t.pin, &["--replace"]), 0);
    let listed = &sb.list()["tokens"][0];
    assert_eq!(
        (listed["name"].as_str(), listed["locked"].as_bool()),
        (Some("vpn"), Some(false))
    );
    assert_eq!(listed["counter"], 7);
    let expected = calc(&sb, &["--uri", &t.uri, "--counter", "7", "--count", "2"]);
    assert_eq!(codes(&sb, &t.pin, "vpn", 2), expected);
}

#[test]
fn multi_token_seed_files_and_serial_selection() {
    let sb = Sandbox::new();
    let issued = issue(&sb, &["--count", "2", "--app-pin", "7777"]);
    // Each issued file holds one token; --serial picks it, an unknown serial is exit 7.
    let t = &issued[1];
    fails(import(&sb, t, "7777", &["--serial", "NOPE"]), 7);
    run(import(&sb, t, "7777", &["--serial", &t.serial]), 0);
    run(import(&sb, &issued[0], "7777", &[]), 0);
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
