//! Black-box tests of `softpass issue`: files, e-mail, --json, options, exit codes, and the issued
//! file activating through `softpass import`. Runs in temp dirs with a throw-away HOME.
use assert_cmd::Command;
use softpass_core::pskc::{Protection, PskcError, read};
use softpass_core::secret::SecretString;
use softpass_core::token::{Algorithm, Kind};
use std::path::Path;

fn softpass(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_softpass"));
    cmd.current_dir(home)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("SOFTPASS_VAULT", home.join("vault.json"))
        .env_remove("SOFTPASS_CONFIG")
        .env_remove("SOFTPASS_PIN")
        .env_remove("SOFTPASS_NEW_PIN");
    cmd
}

struct Run {
    code: i32,
    out: String,
    err: String,
}

fn issue(home: &Path, args: &[&str]) -> Run {
    let out = softpass(home).arg("issue").args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        out: String::from_utf8(out.stdout).unwrap(),
        err: String::from_utf8(out.stderr).unwrap(),
    }
}

/// `--json issue` with a cheap KDF; returns the `tokens` array.
fn issue_json(home: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["--json", "--out", "out", "--pbkdf2-iterations", "1000"];
    all.extend_from_slice(args);
    let r = issue(home, &all);
    assert_eq!(r.code, 0, "{}", r.err);
    let doc: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    let obj = doc.as_object().unwrap();
    assert_eq!(obj.keys().collect::<Vec<_>>(), ["tokens"]);
    doc["tokens"].as_array().unwrap().clone()
}

fn query<'a>(uri: &'a str, name: &str) -> Option<&'a str> {
    let q = uri.split_once('?')?.1;
    q.split('&')
        .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
}

#[test]
fn json_has_exactly_the_contract_fields_and_the_file_holds_them() {
    let home = tempfile::tempdir().unwrap();
    let tokens = issue_json(
        home.path(),
        &["--app-pin", "2468", "--max-failed-attempts", "7"],
    );
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
    assert!(
        serial.len() == 16
            && serial
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
    );
    assert!(key.len() == 16 && key.bytes().all(|b| b.is_ascii_alphanumeric()));
    assert_eq!(t["application_pin"], "2468");
    let seed_file = home.path().join(t["seed_file"].as_str().unwrap());
    assert_eq!(
        seed_file.file_name().unwrap().to_str().unwrap(),
        format!("{serial}.pskc")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&seed_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let uri = t["otpauth"].as_str().unwrap();
    assert!(
        uri.starts_with(&format!("otpauth://hotp/softpass:{serial}?")),
        "{uri}"
    );
    assert_eq!(query(uri, "counter"), Some("0"));
    let secret = data_encoding::BASE32_NOPAD
        .decode(query(uri, "secret").unwrap().as_bytes())
        .unwrap();
    let xml = std::fs::read_to_string(&seed_file).unwrap();
    assert!(!xml.contains("PlainValue>2468") && !xml.contains(key));
    let pw = SecretString::from(key);
    let k = read(
        &xml,
        &Protection::Password {
            password: &pw,
            iterations: 0,
        },
    )
    .unwrap();
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
    let wrong = SecretString::from("AAAAAAAAAAAAAAAA");
    assert!(matches!(
        read(
            &xml,
            &Protection::Password {
                password: &wrong,
                iterations: 0
            }
        ),
        Err(PskcError::WrongKey(_))
    ));
}

#[test]
fn default_profile_uses_200000_pbkdf2_iterations_and_prints_the_email() {
    let home = tempfile::tempdir().unwrap();
    let r = issue(
        home.path(),
        &["--out", "out", "--email", "alice@example.com"],
    );
    assert_eq!(r.code, 0, "{}", r.err);
    let files: Vec<_> = std::fs::read_dir(home.path().join("out"))
        .unwrap()
        .collect();
    assert_eq!(files.len(), 1);
    let path = files[0].as_ref().unwrap().path();
    let xml = std::fs::read_to_string(&path).unwrap();
    assert!(xml.contains("<IterationCount>200000</IterationCount>"));
    let serial = path.file_stem().unwrap().to_str().unwrap();
    let field = |label: &str| {
        r.out
            .lines()
            .find_map(|l| l.trim().strip_prefix(label))
            .map(|v| v.trim().to_owned())
            .unwrap_or_else(|| panic!("no {label} in:\n{}", r.out))
    };
    assert!(r.out.starts_with("To: alice@example.com\n"));
    assert_eq!(field("Token Serial:"), serial);
    let key = field("Activation Key:");
    let pin = field("Application PIN:");
    assert!(
        pin.len() == 4 && pin.bytes().all(|b| b.is_ascii_digit()),
        "{pin}"
    );
    assert!(r.out.contains(&format!(
        "softpass import --seed-file {serial}.pskc --activation-key {key}"
    )));
    let pw = SecretString::from(key.as_str());
    let k = read(
        &xml,
        &Protection::Password {
            password: &pw,
            iterations: 0,
        },
    )
    .unwrap();
    assert!(k[0].pin.as_ref().unwrap().ct_eq(&pin));
}

#[test]
fn totp_options_and_count() {
    let home = tempfile::tempdir().unwrap();
    let tokens = issue_json(
        home.path(),
        &[
            "--type",
            "totp",
            "--algorithm",
            "sha256",
            "--digits",
            "8",
            "--period",
            "60",
            "--count",
            "3",
        ],
    );
    assert_eq!(tokens.len(), 3);
    let mut serials: Vec<_> = tokens
        .iter()
        .map(|t| t["serial"].as_str().unwrap())
        .collect();
    serials.sort_unstable();
    serials.dedup();
    assert_eq!(serials.len(), 3);
    for t in &tokens {
        let uri = t["otpauth"].as_str().unwrap();
        assert!(uri.starts_with("otpauth://totp/"));
        assert_eq!(query(uri, "algorithm"), Some("SHA256"));
        assert_eq!(query(uri, "digits"), Some("8"));
        assert_eq!(query(uri, "period"), Some("60"));
        let xml =
            std::fs::read_to_string(home.path().join(t["seed_file"].as_str().unwrap())).unwrap();
        let pw = SecretString::from(t["activation_key"].as_str().unwrap());
        let k = read(
            &xml,
            &Protection::Password {
                password: &pw,
                iterations: 0,
            },
        )
        .unwrap();
        assert_eq!(
            (k[0].params.kind, k[0].params.algorithm),
            (Kind::Totp, Algorithm::Sha256)
        );
        assert_eq!((k[0].params.digits, k[0].params.period), (8, 60));
    }
}

#[test]
fn bad_input_exit_codes_and_no_overwrite() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let r = issue(h, &["--json", "--out", "out", "--app-pin", "12"]);
    assert_eq!(r.code, 5, "a PIN shorter than the policy: {}", r.err);
    assert!(r.out.is_empty());
    assert_eq!(
        r.err,
        "softpass: application PIN not accepted: the PIN must have at least 4 characters\n"
    );
    assert_eq!(issue(h, &["--out", "out", "--digits", "5"]).code, 2);
    assert_eq!(
        issue(h, &["--out", "out", "--period", "0", "--type", "totp"]).code,
        2
    );
    assert_eq!(
        issue(
            h,
            &[
                "--out",
                "out",
                "--serial",
                "4F214C507612A26A",
                "--count",
                "2"
            ]
        )
        .code,
        2
    );
    assert_eq!(issue(h, &["--out", "out", "--serial", "XYZ"]).code, 5);
    assert_eq!(
        issue(h, &["--out", "out", "--activation-key", "short"]).code,
        5
    );
    assert_eq!(
        issue(h, &["--out", "out", "--max-failed-attempts", "0"]).code,
        5
    );

    let args = [
        "--out",
        "out",
        "--serial",
        "00000000000000AA",
        "--pbkdf2-iterations",
        "1000",
    ];
    assert_eq!(issue(h, &args).code, 0);
    let before = std::fs::read(h.join("out/00000000000000AA.pskc")).unwrap();
    let again = issue(h, &args);
    assert_eq!(again.code, 1, "an existing seed file is never overwritten");
    assert!(again.err.contains("00000000000000AA.pskc"), "{}", again.err);
    assert_eq!(
        std::fs::read(h.join("out/00000000000000AA.pskc")).unwrap(),
        before
    );
}

#[test]
fn an_issued_token_activates_with_import() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let t = &issue_json(h, &["--app-pin", "4711"])[0];
    let uri = t["otpauth"].as_str().unwrap();
    let serial = t["serial"].as_str().unwrap();
    let wrong = softpass(h)
        .args(["import", "--seed-file", t["seed_file"].as_str().unwrap()])
        .args(["--activation-key", "AAAAAAAAAAAAAAAA"])
        .args(["--kdf-memory-kib", "64", "--kdf-iterations", "1"])
        .env("SOFTPASS_PIN", "4711")
        .output()
        .unwrap();
    assert_eq!(
        wrong.status.code(),
        Some(3),
        "a wrong activation key is exit 3"
    );
    let import = softpass(h)
        .args(["import", "--seed-file", t["seed_file"].as_str().unwrap()])
        .args(["--activation-key", t["activation_key"].as_str().unwrap()])
        .args(["--kdf-memory-kib", "64", "--kdf-iterations", "1"])
        .env("SOFTPASS_PIN", "4711")
        .output()
        .unwrap();
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    let code = softpass(h)
        .args(["code", serial])
        .env("SOFTPASS_PIN", "4711")
        .output()
        .unwrap();
    assert!(
        code.status.success(),
        "{}",
        String::from_utf8_lossy(&code.stderr)
    );
    let expected = softpass(h).args(["calc", "--uri", uri]).output().unwrap();
    assert_eq!(
        code.stdout, expected.stdout,
        "the token's first eToken is the URI's counter 0"
    );
}
