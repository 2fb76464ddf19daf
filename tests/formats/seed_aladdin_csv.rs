//! SafeNet/Aladdin XML and OATH CSV, from privacyIDEA's side: the sample files privacyIDEA 3.14
//! read (tests/testdata/aladdin/, tests/testdata/oathcsv/) import into softpass as the same
//! tokens, with the eTokens privacyIDEA computed (`*.privacyidea.json`); `issue --format`
//! writes files softpass reads back, and refuses what a format cannot carry.
use serde_json::Value;

use crate::support::*;

fn privacyidea(rel: &str) -> serde_json::Map<String, Value> {
    let v = json(&fixture_text(rel));
    v["tokens"].as_object().unwrap().clone()
}

/// Every token privacyIDEA imported and computed OTPs for gives the same eTokens in softpass.
fn same_codes_as_privacyidea(sb: &Sandbox, json: &str, skip: &[&str]) -> usize {
    let mut checked = 0;
    for (serial, t) in privacyidea(json) {
        if skip.contains(&serial.as_str()) {
            continue;
        }
        let list = sb.list();
        let mine = list["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["serial"] == serial.as_str())
            .unwrap_or_else(|| panic!("{serial} not imported"))
            .clone();
        assert_eq!(mine["algorithm"], t["hashlib_effective"], "{serial}");
        if let Some(next) = t["otp_next3"].as_array() {
            let want: Vec<&str> = next.iter().map(|c| c.as_str().unwrap()).collect();
            assert_eq!(sb.etokens("2468", &serial, 3), want, "{serial}");
        } else {
            let at = t["otp_at"].as_object().unwrap();
            let times: Vec<u64> = at.keys().map(|k| k.parse().unwrap()).collect();
            let want: Vec<&str> = at.values().map(|c| c.as_str().unwrap()).collect();
            assert_eq!(sb.etokens_at("2468", &serial, &times), want, "{serial}");
            assert_eq!(mine["period"], t["timeStep_int"], "{serial}");
        }
        checked += 1;
    }
    checked
}

/// Imports the sample `rel` (exit 0); returns what it warned on stderr.
fn import_ok(sb: &Sandbox, rel: &str) -> String {
    let o = code(sb.import_file(fixture(rel), "2468", &[]), 0);
    String::from_utf8(o.stderr).unwrap()
}

#[test]
fn aladdin_samples_give_privacyideas_tokens() {
    let sb = Sandbox::new();
    assert_eq!(import_ok(&sb, "aladdin/aladdin-basic.xml"), "");
    let n = same_codes_as_privacyidea(&sb, "aladdin/aladdin-basic.privacyidea.json", &[]);
    assert_eq!(n, 2);
    // The edge cases: skipped tokens and a repeated serial are warned about. privacyIDEA keeps
    // the blanks of EDGE-ws-seed in its key (and cannot compute OTPs); softpass trims them.
    let sb = Sandbox::new();
    let warnings = import_ok(&sb, "aladdin/aladdin-edge.xml");
    let json = "aladdin/aladdin-edge.privacyidea.json";
    assert_eq!(same_codes_as_privacyidea(&sb, json, &["EDGE-ws-seed"]), 4);
    assert_eq!(sb.count(), 5);
    for w in [
        "Tokens/Token[5]: skipped: no serial attribute",
        "Tokens/Token[6]: skipped: no Applications/Application/Seed",
        "Tokens/Token[7]: skipped: no serial attribute",
        "Tokens/Token[8]: skipped: no Applications/Application/Seed",
        "Tokens/Token[3]: 2 Seeds: the last one is used",
        "Tokens/Token[1]/Applications/Application/Seed: blanks around the seed",
    ] {
        assert!(warnings.contains(w), "{w}: {warnings}");
    }
}

#[test]
fn oath_csv_samples_give_privacyideas_tokens() {
    let sb = Sandbox::new();
    let warnings = import_ok(&sb, "oathcsv/oath-v1.csv");
    assert_eq!(
        same_codes_as_privacyidea(&sb, "oathcsv/oath-v1.privacyidea.json", &[]),
        8
    );
    assert_eq!(sb.count(), 8);
    for w in [
        "line 10: skipped: no comma",
        "line 11: skipped: the serial is empty",
        "line 12: skipped: no comma",
        "line 14: serial SPCSV0001 again (first on line 2)",
    ] {
        assert!(warnings.contains(w), "{w}: {warnings}");
    }
    let sb = Sandbox::new();
    import_ok(&sb, "oathcsv/oath-v2.csv");
    assert_eq!(
        same_codes_as_privacyidea(&sb, "oathcsv/oath-v2.privacyidea.json", &[]),
        2
    );
    // Files privacyIDEA refuses whole, softpass refuses naming the line and column.
    for (rel, want) in [
        (
            "oathcsv/oath-bad-trailing-comma.csv",
            "line 2, column 5: counter '' is not a number",
        ),
        (
            "oathcsv/oath-bad-header.csv",
            "line 1, column 2: not hexadecimal",
        ),
    ] {
        let sb = Sandbox::new();
        let err = fails(sb.import_file(fixture(rel), "2468", &[]), 5, &[]);
        assert!(err.contains(want), "{err}");
        assert!(!sb.vault().exists());
    }
}

/// `--json issue --out out --format F ARGS`: the one token's JSON.
fn issue(sb: &Sandbox, format: &str, args: &[&str]) -> Value {
    let mut all = vec!["--json", "issue", "--out", "out", "--format", format];
    all.extend(args);
    json(&ok(sb.novault(&all)))["tokens"][0].clone()
}

#[test]
fn issue_formats_read_back_with_known_codes() {
    let sb = Sandbox::new();
    // RFC 4226 Appendix D; privacyIDEA's SPALD0002 (HOTP SHA-256); RFC 6238 Appendix B (SHA-512
    // at t=59); oathtool --totp=SHA256 -s 1s -N @0 -d 7 (HOTP SHA-256 at counter 0).
    let cases: [(&str, String, &str, &str); 4] = [
        (
            "aladdin-xml",
            format!("--secret-hex {SEED20_HEX}"),
            ".xml",
            RFC4226[0],
        ),
        (
            "aladdin-xml",
            format!("--algorithm sha256 --secret-hex {SEED32_HEX}"),
            ".xml",
            "920136",
        ),
        (
            "oathcsv",
            format!("--type totp --algorithm sha512 --digits 8 --secret-hex {SEED64_HEX}"),
            ".csv",
            "90693936",
        ),
        (
            "oathcsv",
            format!("--algorithm sha256 --digits 7 --secret-hex {SEED32_HEX}"),
            ".csv",
            "8920136",
        ),
    ];
    for (format, args, ext, want) in cases {
        let args = words(&args);
        let t = issue(&sb, format, &args);
        assert_eq!(t["activation_key"], Value::Null);
        let file = t["seed_file"].as_str().unwrap();
        assert!(file.ends_with(ext), "{file}");
        ok(sb.import_file(sb.path(file), "2468", &[]));
        let serial = t["serial"].as_str().unwrap();
        let got = if args.contains(&"totp") {
            sb.etokens_at("2468", serial, &[59])
        } else {
            sb.etokens("2468", serial, 1)
        };
        assert_eq!(got, [want], "{format} {args:?}");
    }
}

#[test]
fn issue_refuses_what_a_format_cannot_carry_before_writing() {
    let sb = Sandbox::new();
    let refused = [
        ("aladdin-xml", "--type totp".to_owned()),
        ("aladdin-xml", "--digits 8".to_owned()),
        ("aladdin-xml", "--algorithm sha512".to_owned()),
        (
            "aladdin-xml",
            format!("--algorithm sha256 --secret-hex {SEED20_HEX}"),
        ),
        (
            "oathcsv",
            format!("--algorithm sha256 --secret-hex {SEED20_HEX}"),
        ),
    ];
    let dir = sb.path("out");
    for (format, args) in refused {
        let line = format!("issue --out out --format {format} {args}");
        let err = fails(sb.novault(&words(&line)), 5, &[]);
        assert!(err.contains("carries"), "{err}");
        assert!(!dir.exists(), "refused, yet the --out folder was made");
    }
}
