//! Pre-shared-key PSKC containers (RFC 6030 §6.1) as python-pskc 1.4 writes them, for every AES
//! mode it has: AES-CBC 128/192/256 and key wrap kw-aes128/192/256 (tests/testdata/pskc/
//! python-pskc-psk/README.md); the key as hex, from SOFTPASS_PSK, stdin or a file.
use crate::support::*;
use crate::vault_support::{Sandbox, fails, run};

const K128: &str = "000102030405060708090a0b0c0d0e0f";
const K192: &str = "000102030405060708090a0b0c0d0e0f1011121314151617";
const K256: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
/// oathtool -c 42 -w 2 3132333435363738393031323334353637383930
const AT_42: [&str; 3] = ["435478", "303194", "000152"];

fn file(name: &str) -> String {
    testdata(&format!("pskc/python-pskc-psk/{name}"))
        .to_str()
        .unwrap()
        .to_owned()
}

#[test]
fn every_aes_mode_python_pskc_writes_imports() {
    let sb = Sandbox::new();
    for (alg, key) in [
        ("aes128-cbc", K128),
        ("aes192-cbc", K192),
        ("aes256-cbc", K256),
        ("kw-aes128", K128),
        ("kw-aes192", K192),
        ("kw-aes256", K256),
    ] {
        let f = file(&format!("psk-{alg}.pskc"));
        run(import(&sb, &f, "2468", &["--psk", key]), 0);
        assert_eq!(codes(&sb, "2468", &format!("PSK-{alg}"), 3), AT_42, "{alg}");
    }
}

#[test]
fn key_wrapped_totp_with_pin_and_the_key_from_env_stdin_and_file() {
    let sb = Sandbox::new();
    let f = file("psk-kw-aes256-totp-pin.pskc");
    // The seed's PIN (4089) is enforced; the key comes from SOFTPASS_PSK.
    let mut wrong = import(&sb, &f, "1111", &[]);
    fails(wrong.env("SOFTPASS_PSK", K256), 3);
    let mut ok = import(&sb, &f, "4089", &[]);
    run(ok.env("SOFTPASS_PSK", K256), 0);
    // RFC 6238 Appendix B, SHA-256, 8 digits.
    let times = [59, 1_111_111_109, 2_000_000_000];
    assert_eq!(
        codes_at(&sb, "4089", "PSK-kw-aes256-totp", &times),
        ["46119246", "68084774", "90698825"]
    );
    // `-`: the first line of stdin; `@FILE`: the first line of FILE.
    let sb = Sandbox::new();
    let mut c = import(&sb, &file("psk-aes192-cbc.pskc"), "2468", &["--psk", "-"]);
    c.stdin(std::process::Stdio::piped());
    let mut child = c.stdout(std::process::Stdio::piped()).spawn().unwrap();
    use std::io::Write;
    writeln!(child.stdin.take().unwrap(), "{K192}\nignored").unwrap();
    assert!(child.wait_with_output().unwrap().status.success());
    let key_file = sb.dir.path().join("psk.hex");
    std::fs::write(&key_file, format!("  {K128}  \n")).unwrap();
    let at = format!("@{}", key_file.display());
    run(
        import(&sb, &file("psk-kw-aes128.pskc"), "2468", &["--psk", &at]),
        0,
    );
    assert_eq!(serials(&sb), ["PSK-aes192-cbc", "PSK-kw-aes128"]);
}

#[test]
fn wrong_bad_and_unsupported_keys() {
    let sb = Sandbox::new();
    let mut wrong = K128.to_owned();
    wrong.replace_range(31.., "e");
    for f in ["psk-aes128-cbc.pskc", "psk-kw-aes128.pskc"] {
        let err = fails(import(&sb, &file(f), "2468", &["--psk", &wrong]), 3);
        assert!(
            err.contains("wrong activation key or pre-shared key"),
            "{err}"
        );
    }
    let err = fails(
        import(&sb, &file("psk-kw-aes128.pskc"), "2468", &["--psk", K256]),
        5,
    );
    assert!(
        err.contains("32-byte key given, the cipher needs 16"),
        "{err}"
    );
    let err = fails(
        import(
            &sb,
            &file("psk-aes128-cbc.pskc"),
            "2468",
            &["--psk", "00zz"],
        ),
        5,
    );
    assert!(
        err.contains("pre-shared key: not hexadecimal (character 3)"),
        "{err}"
    );
    assert!(!err.contains("00zz"));
    let err = fails(
        import(
            &sb,
            &file("psk-aes128-cbc.pskc"),
            "2468",
            &["--psk", "0011"],
        ),
        5,
    );
    assert!(err.contains("2 bytes"), "{err}");
    // An algorithm softpass does not implement is named, not reported as something missing.
    let err = fails(
        import(
            &sb,
            &file("psk-tripledes-cbc.pskc"),
            "2468",
            &["--psk", K192],
        ),
        5,
    );
    assert!(
        err.contains(
            "unsupported encryption algorithm 'http://www.w3.org/2001/04/xmlenc#tripledes-cbc'"
        ),
        "{err}"
    );
    // A pre-shared key for a password file, and the other way round.
    let seed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds/4F214C507612A26A.pskc");
    let err = fails(
        import(&sb, seed.to_str().unwrap(), "4089", &["--psk", K128]),
        5,
    );
    assert!(err.contains("encrypted with a password"), "{err}");
    let err = fails(
        import(
            &sb,
            &file("psk-aes128-cbc.pskc"),
            "2468",
            &["--activation-key", "x"],
        ),
        5,
    );
    assert!(err.contains("encrypted with a pre-shared key"), "{err}");
    // Usage: a pre-shared key and an activation key, or stdin for both the key and the PIN.
    let f = file("psk-aes128-cbc.pskc");
    fails(
        import(&sb, &f, "2468", &["--psk", K128, "--activation-key", "x"]),
        2,
    );
    fails(import(&sb, &f, "2468", &["--psk", "-", "--pin-stdin"]), 2);
    assert!(!sb.vault().exists() || serials(&sb).is_empty());
}

#[test]
fn rfc6030_figure6() {
    let sb = Sandbox::new();
    let f = testdata("pskc/rfc6030/figure6.xml");
    let key = ["--psk", "12345678901234567890123456789012"];
    run(import(&sb, f.to_str().unwrap(), "2468", &key), 0);
    // RFC 4226 Appendix D, counters 0 and 1, as 8 digits (Figure 6's ResponseFormat).
    assert_eq!(codes(&sb, "2468", "987654321", 2), ["84755224", "94287082"]);
}

use std::path::PathBuf;
