//! The vault file format (docs/vault-format.md) and the sealing of each token's secrets.
//! OWNER: vault helper.
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum VaultError {
    /// AEAD failure: the PIN is wrong or the sealed part / its bound metadata was tampered with.
    #[error("wrong application PIN (or the token was tampered with)")]
    WrongPin,
    /// Not a vault, truncated, bad field (exit 6).
    #[error("vault is corrupt: {0}")]
    Corrupt(String),
    /// Format version newer than this build understands (exit 6; file left untouched).
    #[error("vault was written by a newer version of softpass (format version {0})")]
    Newer(u32),
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
}

impl Default for KdfCost {
    fn default() -> Self {
        Self::DEFAULT
    }
}
