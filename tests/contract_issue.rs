//! Contract acceptance: `softpass issue` (seed files in DIR, the activation e-mail text, `--json`
//! fields) and the round trip issue → import → code, checked against oathtool on the issued
//! secret.
mod contract_support;

use contract_support::*;
use serde_json::Value;

/// The value after `label` on its line of the e-mail text.
fn field(text: &str, label: &str) -> String {
    let line = text
        .lines()
        .find(|l| l.contains(label))
        .unwrap_or_else(|| panic!("e-mail has no {label:?} line: {text}"));
    let rest = &line[line.find(label).unwrap() + label.len()..];
    rest.trim_start_matches([':', ' ', '\t'])
        .split_whitespace()
        .next()
        .unwrap_or_else(|| panic!("empty {label:?}: {line}"))
        .to_owned()
}

fn issue_json(sb: &Sb, extra: &[&str]) -> Value {
    let mut args = vec!["--json", "issue", "--out", "out"];
    args.extend(FAST_ISSUE);
    args.extend(extra);
    json(&ok(sb.novault(&args)))
}

#[test]
fn email_text_names_key_serial_pin_and_writes_the_seed_file() {
    let sb = Sb::new();
    let mut args = vec!["issue", "--out", "out", "--email", "qa.tester@example.com"];
    args.extend(FAST_ISSUE);
    let text = ok(sb.novault(&args));
    let key = field(&text, "Activation Key");
    let serial = field(&text, "Token Serial");
    let pin = field(&text, "Application PIN");
    assert!(text.contains("qa.tester@example.com"), "{text}");
    // Default application PIN: 4 random digits.
    assert_eq!(pin.len(), 4, "{pin}");
    assert!(pin.bytes().all(|b| b.is_ascii_digit()), "{pin}");
    // What to do: the import command with the serial's file and the key.
    assert!(text.contains("softpass import"), "{text}");
    assert!(text.contains(&format!("{serial}.pskc")), "{text}");
    let seed = sb.path(&format!("out/{serial}.pskc"));
    assert!(seed.is_file(), "{} missing", seed.display());
    // The e-mail's data activate the token.
    let mut imp = vec!["--json", "import", "--seed-file", seed.to_str().unwrap()];
    imp.extend(["--activation-key", &key]);
    imp.extend(KDF);
    let v = json(&ok(sb.pin(&pin, &imp)));
    assert_eq!(v["imported"][0]["serial"], serial.as_str());
    assert_eq!(v["imported"][0]["kind"], "hotp");
}

#[test]
fn json_fields_and_count() {
    let sb = Sb::new();
    let v = issue_json(&sb, &["--count", "3", "--app-pin", "8520"]);
    let toks = v["tokens"].as_array().expect("tokens array");
    assert_eq!(toks.len(), 3);
    let mut serials = Vec::new();
    for t in toks {
        for f in [
            "serial",
            "activation_key",
            "application_pin",
            "seed_file",
            "otpauth",
        ] {
            assert!(t[f].is_string(), "{f} missing or not a string: {t}");
        }
        assert_eq!(t["application_pin"], "8520");
        let serial = t["serial"].as_str().unwrap();
        let seed = t["seed_file"].as_str().unwrap();
        assert!(seed.ends_with(&format!("{serial}.pskc")), "{seed}");
        assert!(sb.path(&format!("out/{serial}.pskc")).is_file());
        assert!(
            t["otpauth"]
                .as_str()
                .unwrap()
                .starts_with("otpauth://hotp/")
        );
        serials.push(serial.to_owned());
    }
    serials.sort();
    serials.dedup();
    assert_eq!(serials.len(), 3, "serials must differ");
    assert_eq!(std::fs::read_dir(sb.path("out")).unwrap().count(), 3);
}

#[test]
fn issued_hotp_codes_match_oathtool_on_the_issued_secret() {
    let sb = Sb::new();
    let v = issue_json(&sb, &["--digits", "8", "--algorithm", "sha1"]);
    let t = &v["tokens"][0];
    let (key, pin, seed) = (
        t["activation_key"].as_str().unwrap(),
        t["application_pin"].as_str().unwrap(),
        t["seed_file"].as_str().unwrap(),
    );
    let secret = uri_secret(t["otpauth"].as_str().unwrap());
    let mut imp = vec!["import", "--seed-file", seed, "--activation-key", key];
    imp.extend(KDF);
    ok(sb.pin(pin, &imp));
    let want = oathtool(&["--hotp", "-b", "-d", "8", "-c", "0", "-w", "2", &secret]);
    let got = ok(sb.pin(pin, &["code", "--count", "3"]));
    assert_eq!(got.lines().collect::<Vec<_>>(), want);
}

#[test]
fn issued_totp_sha256_8_digits_60s_matches_oathtool() {
    let sb = Sb::new();
    let v = issue_json(
        &sb,
        &[
            "--type",
            "totp",
            "--algorithm",
            "sha256",
            "--digits",
            "8",
            "--period",
            "60",
            "--app-pin",
            "97531",
        ],
    );
    let t = &v["tokens"][0];
    let uri = t["otpauth"].as_str().unwrap();
    assert!(uri.starts_with("otpauth://totp/"), "{uri}");
    let secret = uri_secret(uri);
    let mut imp = vec![
        "--json",
        "import",
        "--seed-file",
        t["seed_file"].as_str().unwrap(),
        "--activation-key",
        t["activation_key"].as_str().unwrap(),
    ];
    imp.extend(KDF);
    let iv = json(&ok(sb.pin("97531", &imp)));
    assert_eq!(iv["imported"][0]["kind"], "totp");
    let l = &sb.list()["tokens"][0];
    assert_eq!(l["algorithm"], "sha256");
    assert_eq!(l["digits"], 8);
    assert_eq!(l["period"], 60);
    assert_eq!(l["counter"], Value::Null);
    let want = oathtool(&[
        "--totp=sha256",
        "-b",
        "-d",
        "8",
        "-s",
        "60",
        "--now",
        "@2000000000",
        &secret,
    ]);
    let got = json(&ok(
        sb.pin("97531", &["--json", "code", "--time", "2000000000"])
    ));
    assert_eq!(got["code"], want[0].as_str());
    // 2000000000 = 33333333 * 60 + 20: 40 s left in the step.
    assert_eq!(got["valid_for"], 40);
    assert_eq!(got["counter"], Value::Null);
}

#[test]
fn max_failed_attempts_from_issue_locks_the_token() {
    let sb = Sb::new();
    let v = issue_json(&sb, &["--max-failed-attempts", "2", "--app-pin", "2468"]);
    let t = &v["tokens"][0];
    let mut imp = vec![
        "import",
        "--seed-file",
        t["seed_file"].as_str().unwrap(),
        "--activation-key",
        t["activation_key"].as_str().unwrap(),
    ];
    imp.extend(KDF);
    ok(sb.pin("2468", &imp));
    fails(sb.pin("9753", &["code"]), 3, &["9753"]);
    let second = out(sb.pin("9753", &["code"])).status.code();
    assert!(matches!(second, Some(3) | Some(4)), "{second:?}");
    fails(sb.pin("2468", &["code"]), 4, &["2468"]);
}

#[test]
fn issue_json_error_leaves_stdout_empty() {
    let sb = Sb::new();
    std::fs::write(sb.path("out"), b"a file, not a folder").unwrap();
    let mut args = vec!["--json", "issue", "--out", "out", "--app-pin", "7410"];
    args.extend(FAST_ISSUE);
    fails_json(sb.novault(&args), 1, &["7410"]);
}
