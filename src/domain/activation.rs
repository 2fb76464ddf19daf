//! MobilePASS activation codes (docs: ../shared/mobilepass-algorithm.md): parsing and the key KDF.
//! OWNER: engine helper. Signatures are the contract other modules build on.
use crate::domain::secret::SecretBytes;
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ActivationError {
    #[error("invalid activation code: {0}")]
    Invalid(String),
}

/// A decoded activation code. Holds the 10-byte entropy (secret): no `Debug`, no `Clone`.
pub struct ActivationCode {
    entropy: SecretBytes,
    legacy: bool,
}

impl ActivationCode {
    /// Lenient parse (hyphens, spaces, lower case, 0→O, 1→I); legacy checksum, else payload V1.
    pub fn parse(_code: &str) -> Result<Self, ActivationError> {
        todo!("engine helper")
    }
    pub fn entropy(&self) -> &[u8] {
        self.entropy.expose()
    }
    pub fn is_legacy(&self) -> bool {
        self.legacy
    }
    /// key = SHA-256(entropy || policy || 00 00 00 00)
    pub fn key(&self, _policy: &str) -> SecretBytes {
        todo!("engine helper")
    }
}
