//! The app layer's error. Messages name the file, field or token, never a secret.
use crate::domain::DomainError;
use std::path::PathBuf;
use thiserror::Error;

#[derive(Debug, Error)]
#[non_exhaustive]
pub enum AppError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Wrong application PIN; the failed attempt has been counted and saved already.
    #[error("wrong application PIN for token '{name}'{}", attempts_note(*attempts_left))]
    WrongPin {
        name: String,
        attempts_left: Option<u32>,
    },
    /// On import: the PIN given differs from the application PIN the seed file carries.
    #[error(
        "the application PIN does not match the one issued with token {serial} (the Application PIN in the activation e-mail)"
    )]
    SeedPinMismatch { serial: String },
    /// Too many wrong PINs: re-activate with `import --replace`.
    #[error(
        "token '{name}' is locked after too many wrong PINs; re-activate it with `softpass import --replace`"
    )]
    Locked { name: String },
    /// Repeated failures on a token without a lock-out policy: wait before the next try.
    #[error("too many wrong PINs for token '{name}': try again in {seconds} s")]
    TooSoon { name: String, seconds: u64 },
    #[error("no such token: '{0}'")]
    NoSuchToken(String),
    /// NAME omitted and the vault has no token at all (exit 7, like any missing token).
    #[error("no such token: {} holds no tokens yet (add one with `softpass import`)", .0.display())]
    EmptyVault(PathBuf),
    /// Importing a serial that is already in the vault, without `--replace`.
    #[error("serial {serial} is already in the vault as '{name}': re-activate it with --replace")]
    SerialExists { serial: String, name: String },
    /// The name is taken by another token (a serial already present is `SerialExists`).
    #[error("a token named '{0}' already exists: choose another name")]
    Exists(String),
    /// A PIN that breaks the policy (exit 5).
    #[error("PIN not accepted: {0}")]
    PinPolicy(String),
    /// Invalid input that is not a domain format error (exit 5).
    #[error("{0}")]
    Invalid(String),
    /// Usage problems the parser cannot see, e.g. NAME omitted with several tokens (exit 2).
    #[error("{0}")]
    Usage(String),
    /// A required input (PIN, name) is missing and there is no terminal to ask (exit 2).
    #[error("{0} is required: pass it with {1}, or run in a terminal to be asked")]
    MissingInput(&'static str, &'static str),
    /// The vault cannot be read: corrupt, not a vault, newer version (exit 6). File untouched.
    #[error("{path}: {source}")]
    Vault {
        path: PathBuf,
        #[source]
        source: crate::domain::vault::VaultError,
    },
    /// A seed file that cannot be opened with the key given, or is malformed; names the file.
    #[error("{origin}: {source}")]
    SeedFile {
        origin: String,
        #[source]
        source: crate::domain::pskc::PskcError,
    },
    #[error("clipboard: {0}")]
    Clipboard(String),
    #[error("settings {path}: {message}")]
    Config { path: PathBuf, message: String },
    #[error(transparent)]
    Domain(#[from] DomainError),
}

/// " (2 attempts left)", " (1 attempt left)", or the lock notice when none are left.
fn attempts_note(left: Option<u32>) -> String {
    match left {
        None => String::new(),
        Some(0) => " (no attempts left: the token is now locked; re-activate it with `softpass import --replace`)".into(),
        Some(1) => " (1 attempt left)".into(),
        Some(n) => format!(" ({n} attempts left)"),
    }
}

impl AppError {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        AppError::Io {
            path: path.into(),
            source,
        }
    }
}
