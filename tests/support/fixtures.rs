//! The committed fixtures (tests/testdata, seeds/) by name, opening PSKC text with a password,
//! and vaults written here with the core's sealing where a test needs a policy no import gives.
use std::path::{Path, PathBuf};

use softpass_core::pskc::{KeyPackage, Protection, PskcError, read};
use softpass_core::secret::{SecretBytes, SecretString};
use softpass_core::token::{Kind, OtpParams, PinPolicy};
use softpass_core::vault::{self, KdfCost, NewToken, Sealing, Secrets, TokenRecord, Vault};

use super::sandbox::{PIN, Sandbox};
use super::vectors::SEED20;

/// tests/testdata/vault-v1-python.json: one HOTP token "python" (RFC 4226 secret, next counter
/// 5, application PIN 1234, OTP PIN "99"), written by make_vault_fixture.py with libsodium from
/// docs/vault-format.md alone.
pub const PYTHON_VAULT: &[u8] = include_bytes!("../testdata/vault-v1-python.json");
/// tests/testdata/vault-v1-release-0.1.json: written by softpass 0.1.0 (tests/testdata/README.md).
pub const RELEASE_VAULT: &[u8] = include_bytes!("../testdata/vault-v1-release-0.1.json");

/// A file under tests/testdata.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/testdata")
        .join(rel)
}

/// A text file under tests/testdata.
pub fn fixture_text(rel: &str) -> String {
    let path = fixture(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A sample seed file of seeds/ by serial.
pub fn seed_file(serial: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(format!("{serial}.pskc"))
}

/// Reads PSKC text whose secrets are sealed with a password (the activation key), taking the
/// iteration count from the file.
pub fn read_with_password(xml: &str, password: &str) -> Result<Vec<KeyPackage>, PskcError> {
    let pw = SecretString::from(password);
    read(
        xml,
        &Protection::Password {
            password: &pw,
            iterations: 0,
        },
    )
}

/// Writes the sandbox vault with one token "guarded": the RFC 4226 secret with `params`, next
/// counter 50, locked after 3 wrong PINs, sealed under [`PIN`] at `kdf`. Returns its serial,
/// the one a URI import of the same secret gets (docs/vault-format.md §4, computed by
/// [`super::oracle::uri_serial`]).
pub fn guarded_vault(sb: &Sandbox, params: OtpParams, kdf: KdfCost) -> String {
    let kind = if params.kind == Kind::Totp {
        "totp"
    } else {
        "hotp"
    };
    let serial = super::oracle::uri_serial(kind, SEED20);
    let token = NewToken {
        name: "guarded".into(),
        serial: serial.clone(),
        params,
        issuer: None,
        counter: 50,
        pin_policy: PinPolicy {
            max_failed_attempts: Some(3),
            ..PinPolicy::default()
        },
    };
    let secrets = Secrets {
        secret: SecretBytes::from_slice(SEED20),
        otp_pin: None,
    };
    let pin = SecretString::from(PIN);
    let sealing = Sealing {
        pin: &pin,
        kdf,
        salt: [1; 16],
        nonce: [2; 24],
    };
    let t = TokenRecord::seal(token, &secrets, &sealing).unwrap();
    std::fs::create_dir_all(sb.vault().parent().unwrap()).unwrap();
    let bytes = vault::serialize(&Vault { tokens: vec![t] }).unwrap();
    std::fs::write(sb.vault(), bytes).unwrap();
    serial
}
