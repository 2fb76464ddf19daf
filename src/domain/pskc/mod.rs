//! PSKC (RFC 6030) seed files: the reader and the writer sit side by side.
//! OWNER: pskc helper. The types below are the contract the app layer imports with.
mod read;
mod write;

pub use read::read;
pub use write::{WriteOptions, write};

use crate::domain::secret::{SecretBytes, SecretString};
use crate::domain::token::{OtpParams, PinPolicy};
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum PskcError {
    /// Wrong activation key / password, or wrong pre-shared key: the MAC did not verify (exit 3).
    #[error("wrong activation key for {0} (the MAC did not verify)")]
    WrongKey(String),
    /// Malformed or unsupported file; names the element (exit 5).
    #[error("invalid seed file: {0}")]
    Invalid(String),
}

/// How the secrets in a container are (to be) protected.
pub enum Protection<'a> {
    Plain,
    /// RFC 6030 §6.2: PBKDF2 from a password (softpass's activation key).
    Password {
        password: &'a SecretString,
        iterations: u32,
    },
    /// RFC 6030 §6.1: a pre-shared AES-128 key.
    PreShared {
        key: &'a [u8],
    },
}

/// One KeyPackage, decoded. Holds secrets: no `Debug`, no `Clone`.
pub struct KeyPackage {
    /// DeviceInfo/SerialNo (softpass: 16 hex digits).
    pub serial: Option<String>,
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub issue_no: Option<String>,
    pub issuer: Option<String>,
    pub friendly_name: Option<String>,
    /// Key/@Id.
    pub key_id: String,
    /// kind (hotp/totp), algorithm, digits, period, t0.
    pub params: OtpParams,
    /// HOTP: Counter (next to use). TOTP: unused.
    pub counter: u64,
    /// TOTP TimeDrift in steps.
    pub time_drift: i64,
    pub secret: SecretBytes,
    /// From `<PINPolicy>`, if any.
    pub pin_policy: Option<PinPolicy>,
    /// The application PIN carried by the PIN key package this key's PINPolicy points to.
    pub pin: Option<SecretString>,
    /// ISO 8601 `StartDate` / `ExpiryDate` as written in the file.
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
}
