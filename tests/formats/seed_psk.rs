//! Pre-shared-key PSKC containers (RFC 6030 §6.1) as python-pskc 1.4 writes them, for every AES
//! mode it has: AES-CBC 128/192/256 and key wrap kw-aes128/192/256 (tests/testdata/pskc/
//! python-pskc-psk/README.md); the key as hex, from SOFTPASS_PSK, stdin or a file.
use std::path::PathBuf;

use crate::support::*;

const K128: &str = "000102030405060708090a0b0c0d0e0f";
const K192: &str = "000102030405060708090a0b0c0d0e0f1011121314151617";
const K256: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
/// oathtool -c 42 -w 2 3132333435363738393031323334353637383930
const AT_42: [&str; 3] = ["435478", "303194", "000152"];

fn file(name: &str) -> PathBuf {
    fixture(&format!("pskc/python-pskc-psk/{name}"))
}

/// `import --seed-file pskc/python-pskc-psk/NAME --psk KEY` with PIN 2468.
fn import_psk(sb: &Sandbox, name: &str, key: &str) -> std::process::Command {
    sb.import_file(file(name), "2468", &["--psk", key])
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
        ok(import_psk(&sb, &format!("psk-{alg}.pskc"), key));
        assert_eq!(sb.etokens("2468", &format!("PSK-{alg}"), 3), AT_42, "{alg}");
    }
}

#[test]
fn key_wrapped_totp_with_pin_and_the_key_from_env_stdin_and_file() {
    let sb = Sandbox::new();
    let f = file("psk-kw-aes256-totp-pin.pskc");
    // The seed's PIN (4089) is enforced; the key comes from SOFTPASS_PSK.
    let mut wrong = sb.import_file(&f, "1111", &[]);
    wrong.env("SOFTPASS_PSK", K256);
    fails(wrong, 3, &["1111", K256]);
    let mut right = sb.import_file(&f, "4089", &[]);
    right.env("SOFTPASS_PSK", K256);
    ok(right);
    // RFC 6238 Appendix B, SHA-256, 8 digits.
    let times = [59, 1_111_111_109, 2_000_000_000];
    assert_eq!(
        sb.etokens_at("4089", "PSK-kw-aes256-totp", &times),
        ["46119246", "68084774", "90698825"]
    );
    // `-`: the first line of stdin; `@FILE`: the first line of FILE.
    let sb = Sandbox::new();
    let o = with_stdin(
        import_psk(&sb, "psk-aes192-cbc.pskc", "-"),
        &format!("{K192}\nignored\n"),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::write(sb.path("psk.hex"), format!("  {K128}  \n")).unwrap();
    let at = format!("@{}", sb.path("psk.hex").display());
    ok(import_psk(&sb, "psk-kw-aes128.pskc", &at));
    assert_eq!(sb.serials(), ["PSK-aes192-cbc", "PSK-kw-aes128"]);
}

#[test]
fn wrong_and_malformed_keys() {
    let sb = Sandbox::new();
    let mut wrong = K128.to_owned();
    wrong.replace_range(31.., "e");
    for f in ["psk-aes128-cbc.pskc", "psk-kw-aes128.pskc"] {
        let err = fails(import_psk(&sb, f, &wrong), 3, &[&wrong]);
        assert!(
            err.contains("wrong activation key or pre-shared key"),
            "{err}"
        );
    }
    let err = fails(import_psk(&sb, "psk-kw-aes128.pskc", K256), 5, &[K256]);
    assert!(
        err.contains("32-byte key given, the cipher needs 16"),
        "{err}"
    );
    let err = fails(import_psk(&sb, "psk-aes128-cbc.pskc", "00zz"), 5, &["00zz"]);
    assert!(
        err.contains("pre-shared key: not hexadecimal (character 3)"),
        "{err}"
    );
    let err = fails(import_psk(&sb, "psk-aes128-cbc.pskc", "0011"), 5, &[]);
    assert!(err.contains("2 bytes"), "{err}");
    assert_eq!(sb.count(), 0);
}

#[test]
fn unsupported_and_mismatched_protection_and_usage() {
    let sb = Sandbox::new();
    // An algorithm softpass does not implement is named, not reported as something missing.
    let err = fails(import_psk(&sb, "psk-tripledes-cbc.pskc", K192), 5, &[K192]);
    assert!(
        err.contains(
            "unsupported encryption algorithm 'http://www.w3.org/2001/04/xmlenc#tripledes-cbc'"
        ),
        "{err}"
    );
    // A pre-shared key for a password file, and the other way round.
    let seed = seed_file(DEMO_SERIAL);
    let err = fails(
        sb.import_file(&seed, DEMO_PIN, &["--psk", K128]),
        5,
        &[K128],
    );
    assert!(err.contains("encrypted with a password"), "{err}");
    let f = file("psk-aes128-cbc.pskc");
    let err = fails(sb.import_seed(&f, "x", "2468", &[]), 5, &[]);
    assert!(err.contains("encrypted with a pre-shared key"), "{err}");
    // Usage: a pre-shared key and an activation key, or stdin for both the key and the PIN.
    let mut both = import_psk(&sb, "psk-aes128-cbc.pskc", K128);
    both.args(["--activation-key", "x"]);
    fails(both, 2, &[]);
    let mut stdin_twice = import_psk(&sb, "psk-aes128-cbc.pskc", "-");
    stdin_twice.arg("--pin-stdin");
    fails(stdin_twice, 2, &[]);
    assert_eq!(sb.count(), 0);
}

#[test]
fn rfc6030_figure6() {
    let sb = Sandbox::new();
    let f = fixture("pskc/rfc6030/figure6.xml");
    ok(sb.import_file(&f, "2468", &["--psk", "12345678901234567890123456789012"]));
    // RFC 4226 Appendix D, counters 0 and 1, as 8 digits (Figure 6's ResponseFormat).
    assert_eq!(sb.etokens("2468", "987654321", 2), ["84755224", "94287082"]);
}

#[test]
fn exported_key_variables_are_read_only_for_a_seed_file() {
    // A shell that keeps SOFTPASS_PSK and SOFTPASS_ACTIVATION_KEY exported can still import a
    // URI (clap would count the variables as given options and refuse --uri).
    let sb = Sandbox::new();
    let uri = format!("otpauth://hotp/envtest?secret={SEED20_B32}&counter=0");
    let mut c = sb.pin(
        PIN,
        &[
            "--json", "import", "--uri", &uri, KDF[0], KDF[1], KDF[2], KDF[3],
        ],
    );
    c.env("SOFTPASS_PSK", K256)
        .env("SOFTPASS_ACTIVATION_KEY", "x");
    ok(c);
    // RFC 4226 Appendix D, counter 0.
    assert_eq!(sb.etokens(PIN, "envtest", 1), ["755224"]);
    // With a seed file and both variables set, which key to use is ambiguous: a usage error.
    let mut both = sb.import_file(file("psk-kw-aes256-totp-pin.pskc"), "4089", &[]);
    both.env("SOFTPASS_PSK", K256)
        .env("SOFTPASS_ACTIVATION_KEY", "x");
    fails(both, 2, &[K256]);
    // `-` in the variable reads stdin as on the command line, so not with --pin-stdin.
    let mut dash = sb.import_file(
        file("psk-kw-aes256-totp-pin.pskc"),
        "4089",
        &["--pin-stdin"],
    );
    dash.env("SOFTPASS_PSK", "-");
    let o = with_stdin(dash, &format!("{K256}\n4089\n"));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("SOFTPASS_PSK: --pin-stdin and an option"),
        "{err}"
    );
    assert!(!err.contains(K256), "{err}");
}
