//! PSKC (RFC 6030) seed files: the reader and the writer sit side by side (docs/seed-files.md).
//!
//! `read` decodes a KeyContainer (plain, pre-shared AES key, or PBKDF2 password) into
//! [`KeyPackage`]s; `write` produces the profile softpass issues; `profile` builds issued tokens
//! from injected randomness. Hostile input is bounded: size, node count, PBKDF2 cost, value sizes.
mod crypto;
mod date;
mod profile;
mod raw;
mod read;
mod unseal;
mod write;
pub(crate) mod xml;

pub use date::unix_seconds;
pub use profile::{IssueSpec, Issued, issue};
pub(crate) use read::read_located;
pub use read::{inspect, read, read_with};
pub use unseal::Encryption;
pub use write::{WriteOptions, write};

use crate::secret::{SecretBytes, SecretString};
use crate::token::{OtpParams, PinPolicy};
use thiserror::Error;

/// Largest seed file accepted (bytes).
pub const MAX_FILE_SIZE: usize = 1 << 20;
/// Bounds on a file before and while it is parsed (they bound memory and time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes.
    pub max_size: usize,
    /// XML nodes (elements, text, attributes' owners).
    pub max_nodes: u32,
}

impl Limits {
    /// One seed file for a client: 1 MiB, 200,000 nodes (far above any real container).
    pub const FILE: Limits = Limits {
        max_size: MAX_FILE_SIZE,
        max_nodes: 200_000,
    };
    /// The OTP service's bulk load (100,000 tokens and more): 64 MiB, 16 million nodes.
    pub const BULK: Limits = Limits {
        max_size: 64 << 20,
        max_nodes: 16_000_000,
    };
}

/// Largest PBKDF2 iteration count accepted on read and on write.
pub(crate) const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;
/// PBKDF2 iterations softpass writes by default (issuing profile).
pub const DEFAULT_PBKDF2_ITERATIONS: u32 = 200_000;

/// The error of every seed-file reader and writer (PSKC, SafeNet/Aladdin XML, OATH CSV).
#[derive(Debug, Clone, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum PskcError {
    /// Wrong activation key / password, or wrong pre-shared key: the MAC did not verify (exit 3).
    #[error("wrong activation key or pre-shared key: {0}")]
    WrongKey(String),
    /// Malformed or unsupported file; names the element (exit 5).
    #[error("invalid seed file: {0}")]
    Invalid(String),
    /// Not well-formed XML, or a DTD / entity declaration (refused: no XML bombs).
    #[error("invalid seed file: {reason} (line {line}, column {column})")]
    Xml {
        line: u32,
        column: u32,
        reason: String,
    },
    #[error("invalid seed file: {size} bytes is more than the limit of {max}")]
    TooLarge { size: usize, max: usize },
    /// A required element or attribute is absent.
    #[error("invalid seed file: {element}: missing {what}")]
    Missing { element: String, what: String },
    /// An algorithm, encoding or version softpass does not implement.
    #[error("invalid seed file: {element}: unsupported {what} '{value}'")]
    Unsupported {
        element: String,
        what: &'static str,
        value: String,
    },
    /// A value that does not parse or is out of range; the reason never quotes a secret.
    #[error("invalid seed file: {element}: {reason}")]
    BadValue { element: String, reason: String },
    /// A KDF cost above [`MAX_PBKDF2_ITERATIONS`]: refused before any work is done.
    #[error(
        "invalid seed file: {element}: {iterations} PBKDF2 iterations is more than the limit of {max}"
    )]
    TooCostly {
        element: String,
        iterations: u64,
        max: u32,
    },
    /// Some values verified under the key and this one did not: the file was altered.
    #[error(
        "invalid seed file: {0}: the MAC did not verify although other values did (file tampered with)"
    )]
    Tampered(String),
    /// A line-based file (OATH CSV): the line and, where one field is at fault, its column
    /// (1-based, counted in comma-separated fields).
    #[error("invalid seed file: line {line}{}: {reason}", column.map(|c| format!(", column {c}")).unwrap_or_default())]
    Line {
        line: usize,
        column: Option<usize>,
        reason: String,
    },
    /// The file is encrypted and no (or the wrong kind of) key was given.
    #[error("the seed file is encrypted with {0}: give it to decrypt the file")]
    KeyRequired(&'static str),
}

impl PskcError {
    pub fn kind(&self) -> crate::ErrorKind {
        match self {
            PskcError::WrongKey(_) => crate::ErrorKind::WrongSecret,
            _ => crate::ErrorKind::Invalid,
        }
    }
}

/// How the secrets in a container are (to be) protected.
pub enum Protection<'a> {
    Plain,
    /// RFC 6030 §6.2: PBKDF2 from a password (softpass's activation key). `iterations` is used when
    /// writing; a reader takes the count from the file.
    Password {
        password: &'a SecretString,
        iterations: u32,
    },
    /// RFC 6030 §6.1: a pre-shared AES key (16 bytes when writing; 16, 24 or 32 when reading).
    PreShared {
        key: &'a [u8],
    },
}

/// PSKC `PINUsageMode`: how the PIN is used with the OTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinUsage {
    /// Checked locally by the device (softpass: the application PIN unlocks the token).
    Local,
    /// The PIN is sent in front of the OTP.
    Prepend,
    /// The PIN is sent after the OTP.
    Append,
    /// The PIN is an input to the OTP algorithm.
    Algorithmic,
}

impl PinUsage {
    pub fn as_str(self) -> &'static str {
        match self {
            PinUsage::Local => "Local",
            PinUsage::Prepend => "Prepend",
            PinUsage::Append => "Append",
            PinUsage::Algorithmic => "Algorithmic",
        }
    }
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "Local" => Some(PinUsage::Local),
            "Prepend" => Some(PinUsage::Prepend),
            "Append" => Some(PinUsage::Append),
            "Algorithmic" => Some(PinUsage::Algorithmic),
            _ => None,
        }
    }
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
    /// `PINPolicy/@PINUsageMode`, if given (softpass writes `Local`).
    pub pin_usage: Option<PinUsage>,
}
