//! Seed files written by softpass 0.1 (PBKDF2-HMAC-SHA-256, `HMAC-SHA256` suites, the PIN key
//! package after the token) still import and give the eTokens oathtool computes
//! (tests/testdata/pskc/softpass-0.1/README.md).
use crate::support::*;

fn import_old(sb: &Sandbox, serial: &str, key: &str, pin: &str) {
    let file = fixture(&format!("pskc/softpass-0.1/{serial}.pskc"));
    let out = ok(sb.import_seed(&file, key, pin, &[]));
    assert!(out.contains(serial), "{out}");
}

#[test]
fn old_demo_and_hotp_sha256_files_import_with_the_same_codes() {
    let sb = Sandbox::new();
    import_old(&sb, DEMO_SERIAL, DEMO_KEY, DEMO_PIN);
    import_old(&sb, "5A0B1C2D3E4F5061", "Xk3pQ9vRt2LmW8sZ", "2468");
    assert_eq!(sb.etokens(DEMO_PIN, DEMO_SERIAL, 3), DEMO_CODES[..3]);
    assert_eq!(
        sb.etokens("2468", "5A0B1C2D3E4F5061", 3),
        ["18920136", "46119246", "30882438"]
    );
    assert_eq!(sb.token(1)["algorithm"], "sha256");
}

#[test]
fn old_totp_files_import_with_the_same_codes_and_policy() {
    let sb = Sandbox::new();
    import_old(&sb, TOTP_SAMPLE_SERIAL, TOTP_SAMPLE_KEY, TOTP_SAMPLE_PIN);
    import_old(&sb, "0123456789ABCDEF", "Tq7Lm2Xc9RbV4nWz", "97531");
    let times = TOTP_SAMPLE_CODES.map(|(t, _)| t);
    assert_eq!(
        sb.etokens_at(TOTP_SAMPLE_PIN, TOTP_SAMPLE_SERIAL, &times),
        TOTP_SAMPLE_CODES.map(|(_, c)| c)
    );
    assert_eq!(
        sb.etokens_at("97531", "0123456789ABCDEF", &times),
        ["53550594", "37023009", "97791279"]
    );
    // The old files' PIN policy still applies: 3 wrong PINs lock 0123456789ABCDEF.
    let at_59 = ["code", "0123456789ABCDEF", "--time", "59"];
    for _ in 0..3 {
        out(sb.pin("00000", &at_59));
    }
    fails(sb.pin("97531", &at_59), 4, &["97531"]);
}
