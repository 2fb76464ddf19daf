//! Lock-out: a token whose policy has MaxFailedAttempts locks when it is reached (exit 4), even for
//! the right PIN, until re-activated with `import --replace`; the counter never goes back.
mod vault_support;

use sha2::{Digest, Sha256};
use softpass_core::secret::{SecretBytes, SecretString};
use softpass_core::token::{Algorithm, OtpParams, PinPolicy};
use softpass_core::vault::{self, KdfCost, NewToken, Sealing, Secrets, TokenRecord, Vault};
use vault_support::*;

const TINY: KdfCost = KdfCost {
    memory_kib: 64,
    iterations: 1,
    parallelism: 1,
};

/// A vault holding the RFC 4226 token with "lock after 3 wrong PINs", next counter 50, under the
/// serial a URI import of the same secret gets (docs/vault-format.md §4, computed here).
fn locked_policy_vault(sb: &Sandbox) -> String {
    let secret = b"12345678901234567890";
    let mut h = Sha256::new();
    h.update(b"otpauth\0hotp\0");
    h.update(secret);
    let serial = hex::encode_upper(&h.finalize()[..8]);
    let token = NewToken {
        name: "guarded".into(),
        serial: serial.clone(),
        params: OtpParams::hotp(Algorithm::Sha1, 6),
        issuer: None,
        counter: 50,
        pin_policy: PinPolicy {
            max_failed_attempts: Some(3),
            ..PinPolicy::default()
        },
    };
    let secrets = Secrets {
        secret: SecretBytes::from_slice(secret),
        otp_pin: None,
    };
    let pin = SecretString::from(PIN);
    let sealing = Sealing {
        pin: &pin,
        kdf: TINY,
        salt: [1; 16],
        nonce: [2; 24],
    };
    let t = TokenRecord::seal(token, &secrets, &sealing).unwrap();
    std::fs::create_dir_all(sb.vault().parent().unwrap()).unwrap();
    std::fs::write(
        sb.vault(),
        vault::serialize(&Vault { tokens: vec![t] }).unwrap(),
    )
    .unwrap();
    serial
}

#[test]
fn lock_after_max_failed_attempts_then_reactivate() {
    let sb = Sandbox::new();
    let serial = locked_policy_vault(&sb);
    let err = fails(sb.with_pin("0000", &["code"]), 3);
    assert!(err.contains("2 attempts left"), "{err}");
    let err = fails(sb.with_pin("0001", &["code"]), 3);
    assert!(err.contains("1 attempt left"), "{err}");
    // The third wrong PIN is still a wrong PIN (exit 3); it locks the token.
    let err = fails(sb.with_pin("0002", &["code"]), 3);
    assert!(err.contains("now locked"), "{err}");
    let err = fails(sb.with_pin("0003", &["code"]), 4);
    assert!(err.contains("locked"), "{err}");
    // Locked: the right PIN does not help, and nothing is spent.
    fails(sb.with_pin(PIN, &["code"]), 4);
    fails(sb.with_pin(PIN, &["export", "--uri"]), 4);
    let t = &sb.list()["tokens"][0];
    assert_eq!(
        (t["locked"].as_bool(), t["failed_attempts"].as_u64()),
        (Some(true), Some(3))
    );
    assert_eq!(t["counter"], 50);

    // Re-activation from the original key (here its URI, counter 0): same serial, name kept,
    // the counter stays at the highest the old token reached.
    let uri = format!("otpauth://hotp/x?secret={RFC4226_B32}&counter=0");
    fails(sb.with_pin("8642", &["import", "--uri", &uri]), 5);
    run(
        sb.with_pin(
            "8642",
            &[
                "import",
                "--uri",
                &uri,
                "--replace",
                "--kdf-memory-kib",
                "64",
                "--kdf-iterations",
                "1",
            ],
        ),
        0,
    );
    let t = &sb.list()["tokens"][0];
    assert_eq!(t["serial"], serial.as_str());
    assert_eq!(t["name"], "guarded");
    assert_eq!(
        (t["locked"].as_bool(), t["failed_attempts"].as_u64()),
        (Some(false), Some(0))
    );
    assert_eq!(t["counter"], 50);
    let out = run(sb.with_pin("8642", &["--json", "code"]), 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["counter"], 50);
    assert_eq!(sb.list()["tokens"][0]["counter"], 51);
}
