//! The committed fixtures (tests/testdata, seeds/) by name, and opening PSKC text with a password.
use std::path::{Path, PathBuf};

use softpass_core::pskc::{KeyPackage, Protection, PskcError, read};
use softpass_core::secret::SecretString;

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
