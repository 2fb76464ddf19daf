//! The vault file format (docs/vault-format.md) and the sealing of each token's secrets.
//! Pure: randomness (salt, nonce) and time come in as parameters.
mod format;
mod record;
mod seal;

pub use format::{MAX_FILE_BYTES, SealedPart, Vault, parse, serialize};
pub use record::{CounterExhausted, MAX_ISSUER_CHARS, NewToken, Sealing, TokenRecord};
pub use seal::{Binding, Secrets, derive_key};

use thiserror::Error;

/// The format marker in every vault file.
pub(crate) const FORMAT: &str = "softpass-vault";
/// The format version this build reads and writes.
pub(crate) const VERSION: u32 = 1;

#[derive(Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum VaultError {
    /// AEAD failure: the PIN is wrong or the sealed part / its bound metadata was tampered with.
    #[error("wrong application PIN (or the token was tampered with)")]
    WrongPin,
    /// Not a vault, truncated, bad field (exit 6).
    #[error("vault is corrupt: {0}")]
    Corrupt(String),
    /// A secret, OTP PIN or public field out of bounds for a new token (invalid input, exit 5).
    #[error("{0}")]
    TooLong(String),
    /// Format version newer than this build understands (exit 6; file left untouched).
    #[error("vault was written by a newer version of softpass (format version {0})")]
    Newer(u32),
    /// A KDF cost outside the limits (docs/vault-format.md §2) was asked for when sealing.
    #[error("key-derivation cost out of range: {0}")]
    Cost(String),
}

impl VaultError {
    pub fn kind(&self) -> crate::ErrorKind {
        match self {
            VaultError::WrongPin => crate::ErrorKind::WrongSecret,
            VaultError::TooLong(_) => crate::ErrorKind::Invalid,
            _ => crate::ErrorKind::VaultUnreadable,
        }
    }
}

/// Argon2id cost for sealing a token. Stored per token in the vault and capped on read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KdfCost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl KdfCost {
    /// The default for newly sealed tokens (docs/security.md): 64 MiB, t = 3, p = 1.
    pub const DEFAULT: KdfCost = KdfCost {
        memory_kib: 64 * 1024,
        iterations: 3,
        parallelism: 1,
    };
    /// Upper limits, so a hostile file cannot make us allocate gigabytes or spin for hours.
    pub(crate) const MAX_MEMORY_KIB: u32 = 256 * 1024;
    pub(crate) const MAX_ITERATIONS: u32 = 16;
    pub(crate) const MAX_PARALLELISM: u32 = 4;

    /// Checks the limits of docs/vault-format.md §2; `Err` names the parameter.
    pub fn check(&self) -> Result<(), String> {
        if !(1..=Self::MAX_PARALLELISM).contains(&self.parallelism) {
            return Err(format!(
                "parallelism {} (allowed 1 to {})",
                self.parallelism,
                Self::MAX_PARALLELISM
            ));
        }
        let min_memory = 8 * self.parallelism;
        if !(min_memory..=Self::MAX_MEMORY_KIB).contains(&self.memory_kib) {
            return Err(format!(
                "memory {} KiB (allowed {} to {})",
                self.memory_kib,
                min_memory,
                Self::MAX_MEMORY_KIB
            ));
        }
        if !(1..=Self::MAX_ITERATIONS).contains(&self.iterations) {
            return Err(format!(
                "iterations {} (allowed 1 to {})",
                self.iterations,
                Self::MAX_ITERATIONS
            ));
        }
        Ok(())
    }
}

impl Default for KdfCost {
    fn default() -> Self {
        Self::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_limits() {
        assert!(KdfCost::DEFAULT.check().is_ok());
        let tiny = KdfCost {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        };
        assert!(tiny.check().is_ok());
        let huge = KdfCost {
            memory_kib: 4 * 1024 * 1024,
            ..tiny
        };
        assert!(huge.check().unwrap_err().contains("memory"));
        let slow = KdfCost {
            iterations: 1000,
            ..tiny
        };
        assert!(slow.check().unwrap_err().contains("iterations"));
        let wide = KdfCost {
            parallelism: 0,
            ..tiny
        };
        assert!(wide.check().unwrap_err().contains("parallelism"));
    }
}
