//! `softpass issue` writes the PSKC layout privacyIDEA 3.14, python-pskc and libpskc all accept:
//! byte for byte the shape of the checked samples in tests/testdata/pskc/privacyidea-layout/
//! (only salts, IVs, ciphertexts and MACs differ, being random), and the published seeds/ files
//! are in that layout.
use crate::support::*;

/// The document with every base64 value (salt, CipherValue, ValueMAC) replaced by `B64`.
fn shape(xml: &str) -> String {
    let mut out = String::new();
    for line in xml.lines() {
        let base64_tag = ["<Specified>", "CipherValue>", "ValueMAC>"]
            .iter()
            .any(|t| line.contains(t));
        match (base64_tag, line.find('>'), line.rfind("</")) {
            (true, Some(open), Some(close)) if open < close => {
                out.push_str(&line[..=open]);
                out.push_str("B64");
                out.push_str(&line[close..]);
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// `issue --out out ARGS` at the default PBKDF2 cost (the samples carry its iteration count);
/// the text of the seed file of the `--serial` given.
fn issue(sb: &Sandbox, args: &str) -> String {
    ok(sb.novault(&words(&format!("issue --out out {args}"))));
    let all = words(args);
    let serial = all[all.iter().position(|a| *a == "--serial").unwrap() + 1];
    std::fs::read_to_string(sb.path(&format!("out/{serial}.pskc"))).unwrap()
}

/// The shape of a sample of tests/testdata/pskc/privacyidea-layout/.
fn sample(name: &str) -> String {
    shape(&fixture_text(&format!("pskc/privacyidea-layout/{name}")))
}

#[test]
fn issue_writes_the_layout_privacyidea_reads() {
    let sb = Sandbox::new();
    // The demo token of seeds/README.md.
    let hotp = issue(
        &sb,
        &format!(
            "--serial {DEMO_SERIAL} --activation-key {DEMO_KEY} --app-pin {DEMO_PIN} \
             --secret-hex {DEMO_SECRET_HEX}"
        ),
    );
    assert_eq!(shape(&hotp), sample("proposed-hotp-sha1.pskc"));
    let hotp256 = issue(
        &sb,
        &format!(
            "--serial 5A0B1C2D3E4F5061 --activation-key Xk3pQ9vRt2LmW8sZ --app-pin 2468 \
             --max-failed-attempts 7 --algorithm sha256 --digits 8 --secret-hex {SEED32_HEX}"
        ),
    );
    assert_eq!(shape(&hotp256), sample("proposed-hotp-sha256.pskc"));
    let totp = issue(
        &sb,
        &format!(
            "--type totp --serial {TOTP_SAMPLE_SERIAL} --activation-key {TOTP_SAMPLE_KEY} \
             --app-pin {TOTP_SAMPLE_PIN} --max-failed-attempts 5 --algorithm sha256"
        ),
    );
    assert_eq!(shape(&totp), sample("proposed-totp-sha256.pskc"));
}

#[test]
fn published_seeds_are_in_the_new_layout_and_keep_their_tokens() {
    let demo = std::fs::read_to_string(seed_file(DEMO_SERIAL)).unwrap();
    assert_eq!(shape(&demo), sample("proposed-hotp-sha1.pskc"));
    let totp = std::fs::read_to_string(seed_file(TOTP_SAMPLE_SERIAL)).unwrap();
    let sha1 = sample("proposed-totp-sha256.pskc").replace(
        "<pskc:Suite>SHA256</pskc:Suite>",
        "<pskc:Suite>SHA1</pskc:Suite>",
    );
    assert_eq!(shape(&totp), sha1);
    // The privacyIDEA-checked samples open in softpass with the eTokens privacyIDEA computed.
    let sb = Sandbox::new();
    let file = fixture("pskc/privacyidea-layout/proposed-hotp-sha256.pskc");
    ok(sb.import_seed(&file, "Xk3pQ9vRt2LmW8sZ", "2468", &[]));
    assert_eq!(
        sb.etokens("2468", "5A0B1C2D3E4F5061", 3),
        ["18920136", "46119246", "30882438"]
    );
}
