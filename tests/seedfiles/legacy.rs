//! Seed files written by softpass 0.1 (PBKDF2-HMAC-SHA-256, `HMAC-SHA256` suites, the PIN key
//! package after the token) still import and give the eTokens oathtool computes
//! (tests/testdata/pskc/softpass-0.1/README.md).
use crate::support::*;
use crate::vault_support::{Sandbox, fails, run};

fn import_old(sb: &Sandbox, serial: &str, key: &str, pin: &str) {
    let file = testdata(&format!("pskc/softpass-0.1/{serial}.pskc"));
    let out = run(
        import(sb, file.to_str().unwrap(), pin, &["--activation-key", key]),
        0,
    );
    assert!(out.contains(serial), "{out}");
}

#[test]
fn old_demo_and_hotp_sha256_files_import_with_the_same_codes() {
    let sb = Sandbox::new();
    import_old(&sb, "4F214C507612A26A", "YZQHoczZWw3cBCNo", "4089");
    import_old(&sb, "5A0B1C2D3E4F5061", "Xk3pQ9vRt2LmW8sZ", "2468");
    assert_eq!(
        codes(&sb, "4089", "4F214C507612A26A", 3),
        ["033529", "413361", "336688"]
    );
    assert_eq!(
        codes(&sb, "2468", "5A0B1C2D3E4F5061", 3),
        ["18920136", "46119246", "30882438"]
    );
    let list = sb.list();
    assert_eq!(list["tokens"][1]["algorithm"], "sha256");
}

#[test]
fn old_totp_files_import_with_the_same_codes_and_policy() {
    let sb = Sandbox::new();
    import_old(&sb, "7D3A9C41E05B28F6", "Qm4Tz8WcLp2VxR7n", "1357");
    import_old(&sb, "0123456789ABCDEF", "Tq7Lm2Xc9RbV4nWz", "97531");
    let times = [59, 1_111_111_109, 2_000_000_000];
    assert_eq!(
        codes_at(&sb, "1357", "7D3A9C41E05B28F6", &times),
        ["643245", "183396", "011926"]
    );
    assert_eq!(
        codes_at(&sb, "97531", "0123456789ABCDEF", &times),
        ["53550594", "37023009", "97791279"]
    );
    // The old files' PIN policy still applies: 3 wrong PINs lock 0123456789ABCDEF.
    for _ in 0..3 {
        let _ = sb
            .with_pin("00000", &["code", "0123456789ABCDEF", "--time", "59"])
            .output()
            .unwrap();
    }
    fails(
        sb.with_pin("97531", &["code", "0123456789ABCDEF", "--time", "59"]),
        4,
    );
}
