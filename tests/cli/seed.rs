//! `import --seed-file` of PSKC files written by other tools: the seed PIN must match, `--serial`
//! picks one token, the seed's PIN policy applies, `--replace` re-activates a locked token with a
//! counter that never goes down. Fixture `contract/multi-token.pskc` was written by python-pskc
//! (tests/testdata/contract/make_multi.py); expected codes come from oathtool at test time.
use std::path::PathBuf;

use serde_json::json;

use crate::support::*;

const KEY: &str = "contract-key";
const SEED_PIN: &str = "4321";

fn multi() -> PathBuf {
    fixture("contract/multi-token.pskc")
}

/// `--json import --seed-file multi-token.pskc --activation-key contract-key EXTRA`, with PIN
/// `pin`.
fn import_multi(sb: &Sandbox, pin: &str, extra: &[&str]) -> std::process::Command {
    sb.import_seed(multi(), KEY, pin, &[&["--json"][..], extra].concat())
}

#[test]
fn multi_token_file_imports_all_by_default() {
    let sb = Sandbox::new();
    let v = json(&ok(import_multi(&sb, SEED_PIN, &[])));
    assert_eq!(
        v,
        json!({"imported":[
            {"name":"CT0000000001","serial":"CT0000000001","kind":"hotp"},
            {"name":"CT0000000002","serial":"CT0000000002","kind":"totp"}]})
    );
    let l = sb.list();
    assert_eq!(
        l,
        json!({"tokens":[
            {"name":"CT0000000001","serial":"CT0000000001","kind":"hotp","algorithm":"sha1",
             "digits":6,"counter":5,"period":null,"locked":false,"failed_attempts":0},
            {"name":"CT0000000002","serial":"CT0000000002","kind":"totp","algorithm":"sha1",
             "digits":6,"counter":null,"period":30,"locked":false,"failed_attempts":0}]})
    );
    let want = oathtool(&["--hotp", "-c", "5", SEED20_HEX]);
    assert_eq!(
        ok(sb.pin(SEED_PIN, &["code", "CT0000000001"])),
        format!("{}\n", want[0])
    );
    let want = oathtool(&["--totp", "--now", "@1111111109", SEED20_HEX]);
    assert_eq!(
        ok(sb.pin(SEED_PIN, &["code", "CT0000000002", "--time", "1111111109"])),
        format!("{}\n", want[0])
    );
}

#[test]
fn serial_picks_one_token_from_a_multi_token_file() {
    let sb = Sandbox::new();
    let v = json(&ok(import_multi(
        &sb,
        SEED_PIN,
        &["--serial", "CT0000000002"],
    )));
    assert_eq!(
        v,
        json!({"imported":[{"name":"CT0000000002","serial":"CT0000000002","kind":"totp"}]})
    );
    let l = sb.list();
    assert_eq!(l["tokens"].as_array().unwrap().len(), 1);
    // NAME may be omitted: the vault holds one token.
    let want = oathtool(&["--totp", "--now", "@59", SEED20_HEX]);
    assert_eq!(
        ok(sb.pin(SEED_PIN, &["code", "--time", "59"])),
        format!("{}\n", want[0])
    );
    // A serial the file does not hold is an error, and nothing is added.
    let o = out(import_multi(&sb, SEED_PIN, &["--serial", "CT0000000099"]));
    assert_ne!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    assert_eq!(sb.list()["tokens"].as_array().unwrap().len(), 1);
}

#[test]
fn seed_pin_must_equal_the_given_pin() {
    let sb = Sandbox::new();
    fails(import_multi(&sb, "1234", &[]), 3, &["1234", SEED_PIN, KEY]);
    assert!(!sb.vault().exists() || sb.list()["tokens"] == json!([]));
    // SOFTPASS_NEW_PIN does not stand in for the seed's PIN.
    let mut c = import_multi(&sb, "9753", &[]);
    c.env("SOFTPASS_NEW_PIN", SEED_PIN);
    fails(c, 3, &[SEED_PIN, "9753"]);
    ok(import_multi(&sb, SEED_PIN, &["--serial", "CT0000000001"]));
}

#[test]
fn seed_pin_policy_applies_after_import() {
    let sb = Sandbox::new();
    ok(import_multi(&sb, SEED_PIN, &["--serial", "CT0000000001"]));
    // Length limits 4..8 from the seed.
    for bad in ["123", "123456789"] {
        let mut c = sb.pin(SEED_PIN, &["pin"]);
        c.args(KDF).env("SOFTPASS_NEW_PIN", bad);
        fails(c, 5, &[bad, SEED_PIN]);
    }
    let mut c = sb.pin(SEED_PIN, &["pin"]);
    c.args(KDF).env("SOFTPASS_NEW_PIN", "87654321");
    ok(c);
    // At most 3 failed attempts from the seed.
    for n in 1..=2 {
        fails(sb.pin("9753", &["code"]), 3, &["9753"]);
        assert_eq!(sb.list()["tokens"][0]["failed_attempts"], n);
    }
    let third = out(sb.pin("9753", &["code"])).status.code();
    assert!(matches!(third, Some(3) | Some(4)), "{third:?}");
    assert_eq!(sb.list()["tokens"][0]["locked"], true);
    fails(sb.pin("87654321", &["code"]), 4, &["87654321"]);
}

#[test]
fn replace_reactivates_a_locked_token_and_the_counter_never_goes_down() {
    let sb = Sandbox::new();
    ok(import_multi(&sb, SEED_PIN, &["--serial", "CT0000000001"]));
    // Spend counters 5, 6, 7 (the seed starts at 5).
    let want = oathtool(&["--hotp", "-c", "5", "-w", "3", SEED20_HEX]);
    let got = ok(sb.pin(SEED_PIN, &["code", "--count", "3"]));
    assert_eq!(got.lines().collect::<Vec<_>>(), want[..3]);
    for _ in 0..3 {
        let _ = out(sb.pin("9753", &["code"]));
    }
    fails(sb.pin(SEED_PIN, &["code"]), 4, &[SEED_PIN]);
    // Without --replace an existing serial is refused and nothing changes.
    let before = sb.read_vault();
    let o = out(import_multi(&sb, SEED_PIN, &["--serial", "CT0000000001"]));
    assert_ne!(o.status.code(), Some(0));
    assert_eq!(sb.read_vault(), before);
    // --replace is allowed although the token is locked; the seed says counter 5, but 5..7
    // were already used: the next counter must be 8.
    let v = json(&ok(import_multi(
        &sb,
        SEED_PIN,
        &["--serial", "CT0000000001", "--replace"],
    )));
    assert_eq!(v["imported"][0]["serial"], "CT0000000001");
    let t = &sb.list()["tokens"][0];
    assert_eq!(t["locked"], false);
    assert_eq!(t["failed_attempts"], 0);
    assert_eq!(t["counter"], 8);
    let want = oathtool(&["--hotp", "-c", "8", SEED20_HEX]);
    assert_eq!(ok(sb.pin(SEED_PIN, &["code"])), format!("{}\n", want[0]));
}

#[test]
fn replace_of_an_unlocked_token_keeps_the_counter_too() {
    let sb = Sandbox::new();
    ok(import_multi(&sb, SEED_PIN, &[]));
    ok(sb.pin(SEED_PIN, &["code", "CT0000000001", "--count", "4"]));
    ok(import_multi(&sb, SEED_PIN, &["--replace"]));
    let l = sb.list();
    assert_eq!(l["tokens"].as_array().unwrap().len(), 2);
    assert_eq!(l["tokens"][0]["counter"], 9);
}

#[test]
fn plaintext_pinless_seed_uses_softpass_new_pin() {
    // RFC 6030 Figure 10: four plaintext HOTP key packages, no PIN, 8 digits, counter 0.
    let sb = Sandbox::new();
    let f = fixture("pskc/rfc6030/figure10.xml");
    let mut c = sb.sp(&["--json", "import", "--seed-file", f.to_str().unwrap()]);
    c.args(["--serial", "123456"]).args(KDF);
    c.env("SOFTPASS_NEW_PIN", "2580")
        .env("SOFTPASS_PIN", "1111");
    let v = json(&ok(c));
    assert_eq!(v["imported"][0]["serial"], "123456");
    assert_eq!(v["imported"].as_array().unwrap().len(), 1);
    let want = oathtool(&["--hotp", "-d", "8", "-c", "0", SEED20_HEX]);
    fails(sb.pin("1111", &["code"]), 3, &["1111"]);
    assert_eq!(
        ok(sb.pin("2580", &["code", "123456"])),
        format!("{}\n", want[0])
    );
}

#[test]
fn python_pskc_seed_with_pin_and_counter() {
    // Written by python-pskc (tests/interop/make_fixture.py): counter 42, PIN 5678. Its
    // passphrase has a dash of its own: the key is tried as given first, before the dashes and
    // white space a pasted key may carry are taken out.
    let sb = Sandbox::new();
    let f = fixture("pskc/python-pskc/hotp-sha1prf.xml");
    assert!(ok(sb.import_seed(&f, "interop-passphrase", "5678", &[])).starts_with("imported "));
    let want = oathtool(&["--hotp", "-c", "42", SEED20_HEX]);
    assert_eq!(ok(sb.pin("5678", &["code"])), format!("{}\n", want[0]));
}

#[test]
fn missing_seed_file_is_an_io_error_and_activation_key_is_required() {
    let sb = Sandbox::new();
    let missing = std::path::Path::new("nothere.pskc");
    let c = sb.import_seed(missing, "s3cr3t-key", PIN, &[]);
    fails(c, 1, &["s3cr3t-key", PIN]);
    // An encrypted file and no activation key, no terminal: a missing required input.
    let seed = multi();
    let mut c = sb.pin(SEED_PIN, &["import", "--seed-file", seed.to_str().unwrap()]);
    c.args(KDF);
    fails(c, 2, &[SEED_PIN]);
}

#[test]
fn replace_without_an_existing_token_just_imports() {
    let sb = Sandbox::new();
    let v = json(&ok(import_multi(
        &sb,
        SEED_PIN,
        &["--serial", "CT0000000001", "--replace"],
    )));
    assert_eq!(v["imported"][0]["serial"], "CT0000000001");
    assert_eq!(sb.list()["tokens"][0]["counter"], 5);
}

#[test]
fn plain_import_output_is_one_line_per_token() {
    let sb = Sandbox::new();
    let text = ok(sb.import_seed(multi(), KEY, SEED_PIN, &[]));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].contains("CT0000000001"), "{text}");
    assert!(lines[1].contains("CT0000000002"), "{text}");
}
