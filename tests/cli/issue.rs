//! `softpass issue`: the seed files, the activation e-mail text, `--json` fields, options and
//! exit codes; the files are opened with the core's PSKC reader (tests/formats checks that
//! reader against other implementations).
use serde_json::Value;
use softpass_core::pskc::PskcError;
use softpass_core::token::{Algorithm, Kind};

use crate::support::*;

/// `--json issue --out out` with a cheap KDF; returns the `tokens` array.
fn issue_json(sb: &Sandbox, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["--json", "issue", "--out", "out"];
    args.extend(FAST_ISSUE);
    args.extend(extra);
    let doc = json(&ok(sb.novault(&args)));
    let obj = doc.as_object().unwrap();
    assert_eq!(obj.keys().collect::<Vec<_>>(), ["tokens"]);
    doc["tokens"].as_array().unwrap().clone()
}

#[test]
fn json_has_exactly_the_contract_fields_and_the_file_holds_them() {
    let sb = Sandbox::new();
    let tokens = issue_json(&sb, &["--app-pin", "2468", "--max-failed-attempts", "7"]);
    assert_eq!(tokens.len(), 1);
    let t = tokens[0].as_object().unwrap();
    let mut keys: Vec<_> = t.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "activation_key",
            "application_pin",
            "otpauth",
            "seed_file",
            "serial"
        ]
    );
    let serial = t["serial"].as_str().unwrap();
    let key = t["activation_key"].as_str().unwrap();
    let upper_hex = |b: u8| b.is_ascii_digit() || (b'A'..=b'F').contains(&b);
    assert!(serial.len() == 16 && serial.bytes().all(upper_hex));
    assert!(key.len() == 16 && key.bytes().all(|b| b.is_ascii_alphanumeric()));
    assert_eq!(t["application_pin"], "2468");
    let seed_file = sb.path(t["seed_file"].as_str().unwrap());
    assert_eq!(
        seed_file.file_name().unwrap().to_str().unwrap(),
        format!("{serial}.pskc")
    );
    assert_eq!(mode(&seed_file), 0o600);

    let uri = t["otpauth"].as_str().unwrap();
    assert!(
        uri.starts_with(&format!("otpauth://hotp/softpass:{serial}?")),
        "{uri}"
    );
    assert_eq!(uri_param(uri, "counter"), Some("0"));
    let secret = data_encoding::BASE32_NOPAD
        .decode(uri_secret(uri).as_bytes())
        .unwrap();
    let xml = std::fs::read_to_string(&seed_file).unwrap();
    assert!(!xml.contains("PlainValue>2468") && !xml.contains(key));
    let k = read_with_password(&xml, key).unwrap();
    assert_eq!(k[0].secret.expose(), &secret[..]);
    assert_eq!(secret.len(), 20);
    assert_eq!(k[0].serial.as_deref(), Some(serial));
    assert_eq!(
        (k[0].params.kind, k[0].params.algorithm, k[0].params.digits),
        (Kind::Hotp, Algorithm::Sha1, 6)
    );
    assert_eq!(k[0].counter, 0);
    assert!(k[0].pin.as_ref().unwrap().ct_eq("2468"));
    assert_eq!(k[0].pin_policy.unwrap().max_failed_attempts, Some(7));
    assert!(matches!(
        read_with_password(&xml, "AAAAAAAAAAAAAAAA"),
        Err(PskcError::WrongKey(_))
    ));
}

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

#[test]
fn email_text_names_key_serial_pin_and_its_data_activate_the_token() {
    let sb = Sandbox::new();
    // The default profile: no cheaper KDF here.
    let text = ok(sb.novault(&["issue", "--out", "out", "--email", "alice@example.com"]));
    let files: Vec<_> = std::fs::read_dir(sb.path("out")).unwrap().collect();
    assert_eq!(files.len(), 1);
    let path = files[0].as_ref().unwrap().path();
    let xml = std::fs::read_to_string(&path).unwrap();
    assert!(xml.contains("<IterationCount>200000</IterationCount>"));
    let serial = path.file_stem().unwrap().to_str().unwrap();
    assert!(text.starts_with("To: alice@example.com\n"), "{text}");
    assert_eq!(field(&text, "Token Serial"), serial);
    let key = field(&text, "Activation Key");
    let pin = field(&text, "Application PIN");
    // Default application PIN: 4 random digits.
    assert!(
        pin.len() == 4 && pin.bytes().all(|b| b.is_ascii_digit()),
        "{pin}"
    );
    // What to do: the import command with the serial's file and the key.
    assert!(text.contains(&format!(
        "softpass import --seed-file {serial}.pskc --activation-key {key}"
    )));
    assert!(sb.path(&format!("out/{serial}.pskc")).is_file());
    let k = read_with_password(&xml, &key).unwrap();
    assert!(k[0].pin.as_ref().unwrap().ct_eq(&pin));
    // The e-mail's data activate the token.
    let seed = path.to_str().unwrap();
    let mut imp = vec![
        "--json",
        "import",
        "--seed-file",
        seed,
        "--activation-key",
        &key,
    ];
    imp.extend(KDF);
    let v = json(&ok(sb.pin(&pin, &imp)));
    assert_eq!(v["imported"][0]["serial"], serial);
    assert_eq!(v["imported"][0]["kind"], "hotp");
}

#[test]
fn count_gives_distinct_tokens_each_with_its_file_and_options() {
    let sb = Sandbox::new();
    let opts = "--type totp --algorithm sha256 --digits 8 --period 60 --count 3 --app-pin 8520";
    let tokens = issue_json(&sb, &words(opts));
    assert_eq!(tokens.len(), 3);
    let mut serials = Vec::new();
    for t in &tokens {
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
        let uri = t["otpauth"].as_str().unwrap();
        assert!(uri.starts_with("otpauth://totp/"));
        assert_eq!(uri_param(uri, "algorithm"), Some("SHA256"));
        assert_eq!(uri_param(uri, "digits"), Some("8"));
        assert_eq!(uri_param(uri, "period"), Some("60"));
        let xml = std::fs::read_to_string(sb.path(seed)).unwrap();
        let k = read_with_password(&xml, t["activation_key"].as_str().unwrap()).unwrap();
        assert_eq!(
            (k[0].params.kind, k[0].params.algorithm),
            (Kind::Totp, Algorithm::Sha256)
        );
        assert_eq!((k[0].params.digits, k[0].params.period), (8, 60));
        serials.push(serial.to_owned());
    }
    serials.sort_unstable();
    serials.dedup();
    assert_eq!(serials.len(), 3, "serials must differ");
    assert_eq!(std::fs::read_dir(sb.path("out")).unwrap().count(), 3);
}

#[test]
fn bad_input_exit_codes_and_no_overwrite() {
    let sb = Sandbox::new();
    let issue = |args: &str| sb.novault(&words(&format!("issue --out out {args}")));
    let line = fails(issue("--json --app-pin 12"), 5, &[]);
    assert_eq!(
        line, "softpass: application PIN not accepted: the PIN must have at least 4 characters",
        "a PIN shorter than the policy"
    );
    for (args, want) in [
        ("--digits 5", 2),
        ("--period 0 --type totp", 2),
        ("--serial 4F214C507612A26A --count 2", 2),
        ("--serial XYZ", 5),
        ("--activation-key short", 5),
        ("--max-failed-attempts 0", 5),
    ] {
        code(issue(args), want);
    }
    let args = "--serial 00000000000000AA --pbkdf2-iterations 1000";
    ok(issue(args));
    let file = sb.path("out/00000000000000AA.pskc");
    let before = std::fs::read(&file).unwrap();
    let err = fails(issue(args), 1, &[]);
    assert!(
        err.contains("00000000000000AA.pskc"),
        "an existing seed file is never overwritten: {err}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}
