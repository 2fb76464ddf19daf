//! `import --email FILE|-`: the round trip from `issue --eml` to the eToken `calc` gives for the
//! issued otpauth URI, messages written by another tool (Python's `email` package,
//! tests/testdata/email), the PIN rules, and the negative kit, each one error line with the
//! vault byte for byte as it was.
use serde_json::Value;

use crate::support::*;

/// The demo token's first eTokens, from oathtool (seeds/README.md).
const DEMO_CODES: [&str; 2] = ["033529", "413361"];
const DEMO_KEY: &str = "YZQHoczZWw3cBCNo";
const DEMO_PIN: &str = "4089";

/// `--json issue --out issued --eml EXTRA` (fast PBKDF2); the token objects.
fn issue_eml(sb: &Sandbox, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["--json", "issue", "--out", "issued", "--eml"];
    args.extend(FAST_ISSUE);
    args.extend(extra);
    json(&ok(sb.novault(&args)))["tokens"]
        .as_array()
        .unwrap()
        .clone()
}

/// `import --email FILE EXTRA` at the tiny KDF cost, no PIN given.
fn import_email(sb: &Sandbox, file: &str, extra: &[&str]) -> std::process::Command {
    let mut args = vec!["import", "--email", file];
    args.extend(KDF);
    args.extend(extra);
    sb.sp(&args)
}

fn s<'a>(t: &'a Value, k: &str) -> &'a str {
    t[k].as_str().unwrap_or_else(|| panic!("{k}: {t}"))
}

#[test]
fn issue_eml_then_import_email_gives_calcs_etokens() {
    let sb = Sandbox::new();
    let t = &issue_eml(&sb, &["--app-pin", "2468"])[0];
    let eml = sb.path(s(t, "eml"));
    // No PIN given at all: the message's Application PIN is the PIN.
    let out = ok(import_email(&sb, eml.to_str().unwrap(), &[]));
    let serial = s(t, "serial");
    assert_eq!(out, format!("imported {serial} (serial {serial}, hotp)\n"));
    let codes = ok(sb.pin("2468", &["code", "--count", "3"]));
    let calc = calc(&["--uri", s(t, "otpauth"), "--count", "3"]);
    assert_eq!(
        codes, calc,
        "the same eTokens as calc on the issued otpauth URI"
    );
    // And as computed here from the URI's secret (RFC 4226, without softpass).
    let secret = data_encoding::BASE32_NOPAD
        .decode(uri_secret(s(t, "otpauth")).as_bytes())
        .unwrap();
    let first = codes.lines().next().unwrap();
    assert_eq!(first, reference_code(&secret, 0));
}

#[test]
fn import_email_from_stdin_and_other_formats_and_options() {
    for format in ["aladdin-xml", "oathcsv", "pskc"] {
        let sb = Sandbox::new();
        let t = &issue_eml(&sb, &["--format", format, "--app-pin", "5791"])[0];
        let message = std::fs::read_to_string(sb.path(s(t, "eml"))).unwrap();
        let c = import_email(&sb, "-", &["--json", "--name", "work", "--otp-pin", "77"]);
        let o = with_stdin(c, &message);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let v = json(&String::from_utf8(o.stdout).unwrap());
        assert_eq!(v["imported"][0]["name"], "work", "{format}");
        assert_eq!(v["imported"][0]["serial"], s(t, "serial"));
        let combined = ok(sb.pin("5791", &["code", "work", "--combined"]));
        let code = calc(&["--uri", s(t, "otpauth")]);
        assert_eq!(combined, format!("77{code}"), "{format}");
        // Already there: exit 5 as with --seed-file; --replace re-activates.
        let o = with_stdin(import_email(&sb, "-", &[]), &message);
        assert_eq!(o.status.code(), Some(5), "{format}");
        let o = with_stdin(import_email(&sb, "-", &["--replace"]), &message);
        assert_eq!(o.status.code(), Some(0), "{format}");
    }
}

#[test]
fn a_pin_given_the_usual_ways_comes_before_the_messages() {
    let sb = Sandbox::new();
    let t = &issue_eml(&sb, &["--app-pin", "2468"])[0];
    let eml = sb.path(s(t, "eml"));
    let eml = eml.to_str().unwrap();
    // The PSKC file carries 2468: another PIN given is refused as with --seed-file.
    let mut c = import_email(&sb, eml, &[]);
    c.env("SOFTPASS_PIN", "9999");
    let err = fails(c, 3, &["2468", "9999"]);
    assert!(err.contains("does not match the one issued"), "{err}");
    let o = with_stdin(import_email(&sb, eml, &["--pin-stdin"]), "1111\n");
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(sb.count(), 0);
    ok_with_stdin(import_email(&sb, eml, &["--pin-stdin"]), "2468\n");
    // A seed file without a PIN: SOFTPASS_NEW_PIN first, and the token is sealed under it.
    let sb = Sandbox::new();
    let t = &issue_eml(&sb, &["--format", "oathcsv", "--app-pin", "2468"])[0];
    let mut c = import_email(&sb, sb.path(s(t, "eml")).to_str().unwrap(), &[]);
    c.env("SOFTPASS_NEW_PIN", "5555");
    ok(c);
    fails(sb.pin("2468", &["code"]), 3, &[]);
    assert_eq!(
        ok(sb.pin("5555", &["code"])),
        calc(&["--uri", s(t, "otpauth")])
    );
}

#[test]
fn messages_written_by_pythons_email_package_import() {
    for file in ["python-demo.eml", "python-demo-crlf.eml"] {
        let sb = Sandbox::new();
        let path = fixture(&format!("email/{file}"));
        let v = json(&ok(import_email(&sb, path.to_str().unwrap(), &["--json"])));
        assert_eq!(v["imported"][0]["serial"], "4F214C507612A26A", "{file}");
        assert_eq!(
            ok(sb.pin(DEMO_PIN, &["code"])),
            one_a_line(&DEMO_CODES[..1])
        );
        assert_eq!(
            ok(sb.pin(DEMO_PIN, &["code"])),
            one_a_line(&DEMO_CODES[1..])
        );
    }
}

#[test]
fn the_negative_kit_is_one_error_each_and_leaves_the_vault_as_it_was() {
    let sb = Sandbox::new();
    sb.import_uri(
        &format!("otpauth://hotp/x?secret={SEED20_B32}&counter=0"),
        &[],
    );
    let before = sb.read_vault();
    std::fs::write(sb.path("note.txt"), "Activation Key: x\nnot a mail\n").unwrap();
    let seed = seed_file("4F214C507612A26A");
    let cases = [
        ("no-attachment.eml", 5, "the message has no attachment"),
        (
            "two-attachments.eml",
            5,
            "2 seed-file attachments (a.pskc, b.pskc)",
        ),
        ("no-key.eml", 5, "no 'Activation Key:' line"),
        (
            "wrong-key.eml",
            3,
            "the activation key does not open this seed file",
        ),
    ];
    let mut runs: Vec<(String, i32, &str)> = cases
        .iter()
        .map(|(f, c, m)| (fixture(&format!("email/{f}")).display().to_string(), *c, *m))
        .collect();
    runs.push((seed.display().to_string(), 5, "not an e-mail message"));
    runs.push((
        sb.path("note.txt").display().to_string(),
        5,
        "not an e-mail message",
    ));
    runs.push((
        sb.path("missing.eml").display().to_string(),
        1,
        "missing.eml",
    ));
    for (file, want, fragment) in &runs {
        let err = fails(import_email(&sb, file, &[]), *want, &[DEMO_KEY, DEMO_PIN]);
        assert!(err.starts_with(&format!("softpass: {file}")), "{err}");
        assert!(err.contains(fragment), "{file}: {err}");
        assert_eq!(sb.read_vault(), before, "{file}: the vault is untouched");
    }
    // The message on stdin and the PIN on stdin cannot both be: a usage error first.
    let python = fixture("email/python-demo.eml");
    let message = std::fs::read_to_string(&python).unwrap();
    let o = with_stdin(import_email(&sb, "-", &["--pin-stdin"]), &message);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(sb.read_vault(), before);
}
