//! Lock-out: a token whose policy has MaxFailedAttempts locks when it is reached (exit 4), even for
//! the right PIN, until re-activated with `import --replace`; the counter never goes back.
use softpass_core::token::{Algorithm, OtpParams};

use crate::support::*;

#[test]
fn lock_after_max_failed_attempts_then_reactivate() {
    let sb = Sandbox::new();
    // RFC 4226 secret, "lock after 3 wrong PINs", next counter 50, under the serial a URI import
    // of the same secret gets.
    let serial = guarded_vault(&sb, OtpParams::hotp(Algorithm::Sha1, 6), TINY);
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
