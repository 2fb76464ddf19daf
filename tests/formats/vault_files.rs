//! Vault files through the binary: files written by another implementation (libsodium, from the
//! spec) and by the previous release (0.1.0) open and give the published codes; damaged or
//! foreign files are refused by every command with exit 6 and left exactly as they were.
use serde_json::json;

use super::vault_format::{tokens_text, with_tokens};
use crate::support::*;

fn damaged() -> Vec<(&'static str, Vec<u8>)> {
    let good = PYTHON_VAULT.to_vec();
    let text = String::from_utf8(good.clone()).unwrap();
    let tokens = tokens_text(&good);
    let mut flipped = good.clone();
    let mid = text.find("\"ciphertext\":\"").unwrap() + 20;
    flipped[mid] ^= 0x01;
    let mut garbage = good.clone();
    garbage.extend_from_slice(b"garbage");
    vec![
        ("truncated", good[..good.len() / 2].to_vec()),
        ("flipped byte in the ciphertext", flipped),
        (
            "wrong magic",
            text.replace("softpass-vault", "keepass-vault").into_bytes(),
        ),
        (
            "newer version",
            text.replace("\"version\":1", "\"version\":7").into_bytes(),
        ),
        (
            "huge KDF cost",
            with_tokens(
                1,
                &tokens.replace("\"memory_kib\":64", "\"memory_kib\":8388608"),
            ),
        ),
        ("trailing garbage", garbage),
        ("empty", Vec::new()),
    ]
}

#[test]
fn an_independently_written_vault_works_end_to_end() {
    let sb = Sandbox::with_vault(PYTHON_VAULT);
    // RFC 4226 Appendix D, counter 5; the OTP PIN "99" was sealed by the Python writer.
    assert_eq!(
        ok(sb.pin(PIN, &["code", "python"])),
        format!("{}\n", RFC4226[5])
    );
    assert_eq!(
        ok(sb.pin(PIN, &["code", "--combined"])),
        format!("99{}\n", RFC4226[6])
    );
    assert_eq!(sb.token(0)["counter"], 7);
}

#[test]
fn a_vault_written_by_release_0_1_opens_and_gives_the_same_codes() {
    let sb = Sandbox::with_vault(RELEASE_VAULT);
    // tests/testdata/README.md: the tokens 0.1.0 imported, with the counters it left; the
    // serials follow docs/vault-format.md §4, computed here.
    let row = |name: &str, serial: &str, kind: &str, alg: &str, digits: u8, counter, period| {
        json!({"name":name,"serial":serial,"kind":kind,"algorithm":alg,"digits":digits,
            "counter":counter,"period":period,"locked":false,"failed_attempts":0})
    };
    let mp_serial = mobilepass_serial(MP_ENTROPY_HEX, MP_POLICY);
    let none = json!(null);
    let want = json!({"tokens":[
        row("ACME:alice", &uri_serial("hotp", SEED20), "hotp", "sha1", 6, json!(3), none.clone()),
        row("ACME:bob", &uri_serial("totp", SEED20), "totp", "sha1", 8, none.clone(), json!(30)),
        row("mobilepass", &mp_serial, "mobilepass", "sha256", 6, json!(10), none.clone()),
        row(DEMO_SERIAL, DEMO_SERIAL, "hotp", "sha1", 6, json!(0), none),
    ]});
    assert_eq!(sb.list(), want);
    assert_eq!(
        sb.read_vault(),
        RELEASE_VAULT,
        "listing leaves the file as it was"
    );
    // RFC 4226 Appendix D at counter 3, with the OTP PIN 0.1.0 sealed.
    let alice = ok(sb.pin(PIN, &["code", "ACME:alice", "--combined"]));
    assert_eq!(alice, format!("0815{}\n", RFC4226[3]));
    // RFC 6238 Appendix B, SHA-1, 8 digits.
    let bob = ok(sb.pin(PIN, &["code", "ACME:bob", "--time", "59"]));
    assert_eq!(
        bob,
        format!("{}\n", rfc6238(59, softpass_core::token::Algorithm::Sha1))
    );
    // The published MobilePASS vector for policy 18888710 at counter 10.
    assert_eq!(ok(sb.pin(PIN, &["code", "mobilepass"])), "194672\n");
    // The demo seed's eTokens of seeds/README.md; its PIN is the one the seed file carried.
    let demo = ok(sb.pin(DEMO_PIN, &["code", DEMO_SERIAL, "--count", "2"]));
    assert_eq!(demo, one_a_line(&DEMO_CODES[..2]));
    fails(sb.pin(PIN, &["code", DEMO_SERIAL]), 3, &[PIN]);
    // export --uri: the RFC secret and the next counter, whose code calc agrees on.
    let uri = ok(sb.pin(PIN, &["export", "ACME:alice", "--uri"]));
    let uri = uri.trim_end();
    assert!(uri.starts_with("otpauth://hotp/ACME:alice?"), "{uri}");
    assert_eq!(uri_secret(uri), SEED20_B32);
    assert_eq!(uri_param(uri, "counter"), Some("4"));
    assert_eq!(calc(&["--uri", uri]), format!("{}\n", RFC4226[4]));
    // What the new binary saved reads back with every counter moved on.
    let counters: Vec<_> = (0..4).map(|i| sb.token(i)["counter"].clone()).collect();
    assert_eq!(counters, [json!(4), json!(null), json!(11), json!(2)]);
}

#[test]
fn damaged_files_exit_6_and_stay_untouched() {
    for (what, bytes) in damaged() {
        let sb = Sandbox::with_vault(PYTHON_VAULT);
        std::fs::write(sb.vault(), &bytes).unwrap();
        let commands: Vec<Vec<&str>> = vec![
            vec!["list"],
            vec!["--json", "list"],
            vec!["code", "python"],
            vec!["code"],
            vec!["rename", "python", "other"],
            vec!["remove", "python", "--yes"],
            vec!["export", "python", "--uri"],
            vec!["pin", "python"],
            vec!["import", "--mobilepass", MP_CODE],
        ];
        for args in commands {
            let mut c = sb.pin(PIN, &args);
            c.env("SOFTPASS_NEW_PIN", "5555");
            let err = fails(c, 6, &[PIN, "5555"]);
            assert!(err.contains("vault.json"), "{what} {args:?}: {err}");
            assert_eq!(sb.read_vault(), bytes, "{what}: {args:?} changed the file");
        }
        let newer = what == "newer version";
        let err = fails(sb.sp(&["list"]), 6, &[]);
        assert_eq!(err.contains("newer version"), newer, "{what}: {err}");
    }
}
