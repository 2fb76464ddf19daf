//! Lock-out: a token whose policy has MaxFailedAttempts locks when it is reached (exit 4), even for
//! the right PIN, until re-activated with `import --replace`; the counter never goes back.
use softpass_core::secret::{SecretBytes, SecretString};
use softpass_core::token::{Algorithm, OtpParams, PinPolicy};
use softpass_core::vault::{self, NewToken, Sealing, Secrets, TokenRecord, Vault};

use crate::support::*;

/// A vault holding the RFC 4226 token with "lock after 3 wrong PINs", next counter 50, under the
/// serial a URI import of the same secret gets (docs/vault-format.md §4, computed here).
fn locked_policy_vault(sb: &Sandbox) -> String {
    let secret = SEED20;
    let serial = uri_serial("hotp", secret);
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
    let err = fails(sb.pin("0000", &["code"]), 3, &["0000"]);
    assert!(err.contains("2 attempts left"), "{err}");
    let err = fails(sb.pin("0001", &["code"]), 3, &["0001"]);
    assert!(err.contains("1 attempt left"), "{err}");
    // The third wrong PIN is still a wrong PIN (exit 3); it locks the token.
    let err = fails(sb.pin("0002", &["code"]), 3, &["0002"]);
    assert!(err.contains("now locked"), "{err}");
    let err = fails(sb.pin("0003", &["code"]), 4, &["0003"]);
    assert!(err.contains("locked"), "{err}");
    // Locked: the right PIN does not help, and nothing is spent.
    fails(sb.pin(PIN, &["code"]), 4, &[PIN]);
    fails(sb.pin(PIN, &["export", "--uri"]), 4, &[PIN, SEED20_B32]);
    let t = &sb.list()["tokens"][0];
    assert_eq!(
        (t["locked"].as_bool(), t["failed_attempts"].as_u64()),
        (Some(true), Some(3))
    );
    assert_eq!(t["counter"], 50);

    // Re-activation from the original key (here its URI, counter 0): same serial, name kept,
    // the counter stays at the highest the old token reached.
    let uri = format!("otpauth://hotp/x?secret={SEED20_B32}&counter=0");
    fails(
        sb.pin("8642", &["import", "--uri", &uri]),
        5,
        &["8642", SEED20_B32],
    );
    let mut args = vec!["import", "--uri", &uri, "--replace"];
    args.extend(KDF);
    ok(sb.pin("8642", &args));
    let t = &sb.list()["tokens"][0];
    assert_eq!(t["serial"], serial.as_str());
    assert_eq!(t["name"], "guarded");
    assert_eq!(
        (t["locked"].as_bool(), t["failed_attempts"].as_u64()),
        (Some(false), Some(0))
    );
    assert_eq!(t["counter"], 50);
    let v = json(&ok(sb.pin("8642", &["--json", "code"])));
    assert_eq!(v["counter"], 50);
    assert_eq!(sb.list()["tokens"][0]["counter"], 51);
}
