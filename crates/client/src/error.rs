//! The client library's error. Messages name the file, field or token, never a secret, and never a
//! command-line flag or key: each shell adds its own way out through [`AppError::hint`].
use softpass_core::{DomainError, ErrorKind};
use std::fmt;
use std::path::PathBuf;
use thiserror::Error;

/// An input the library needed and could not get (no terminal to ask).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Input {
    /// The application PIN (by the usual rules: stdin line, environment, prompt).
    Pin,
    /// The application PIN was to come from the first line of stdin, and stdin was empty.
    PinLine,
    /// A new application PIN.
    NewPin,
    /// A seed file's activation key.
    ActivationKey,
    /// A yes/no confirmation.
    Confirmation,
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Input::Pin | Input::PinLine => "the application PIN",
            Input::NewPin => "a new application PIN",
            Input::ActivationKey => "the activation key",
            Input::Confirmation => "confirmation",
        })
    }
}

/// The way out of an error that each shell words in its own terms (a flag, a key, a command).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Hint {
    /// The token is locked: activate it again from its seed (re-activation).
    Reactivate,
    /// The serial is already in the vault: re-activation replaces it.
    ReplaceExisting,
    /// The vault holds no token: import one.
    ImportOne,
    /// Several tokens and none named: name one.
    NameOne,
    /// No home directory: give the vault's path.
    VaultPath,
    /// A name was given for several tokens: pick one of them.
    PickOne,
    /// An empty OTP PIN was given: give none to store none.
    OmitOtpPin,
    /// A required input: how to give it without a terminal.
    Supply(Input),
}

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
    /// Too many wrong PINs: the token must be re-activated.
    #[error("token '{name}' is locked after too many wrong PINs")]
    Locked { name: String },
    /// Repeated failures on a token without a lock-out policy: wait before the next try.
    #[error("too many wrong PINs for token '{name}': try again in {seconds} s")]
    TooSoon { name: String, seconds: u64 },
    #[error("no such token: '{0}'")]
    NoSuchToken(String),
    /// The token a command resolved (by its serial) left the vault before the command could act
    /// on it: removed, or replaced, by another command in the meantime (exit 7).
    #[error("no such token: token {serial} was removed from the vault meanwhile")]
    Gone { serial: String },
    /// NAME omitted and the vault has no token at all (exit 7, like any missing token).
    #[error("no such token: {} holds no tokens yet", .0.display())]
    EmptyVault(PathBuf),
    /// Importing a serial that is already in the vault, without re-activation.
    #[error("serial {serial} is already in the vault as '{name}'")]
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
    /// Usage problems the parser cannot see (exit 2).
    #[error("{0}")]
    Usage(String),
    /// NAME omitted with several tokens in the vault (exit 2).
    #[error("the vault holds {0} tokens: name one")]
    Ambiguous(usize),
    /// A name was given for an import of several tokens (exit 2).
    #[error("a name needs a single token")]
    NameForMany,
    /// An empty OTP PIN was given (exit 5): giving none stores none.
    #[error("the OTP PIN is empty")]
    EmptyOtpPin,
    /// A required input is missing and there is no terminal to ask (exit 2).
    #[error("{0} is required")]
    MissingInput(Input),
    /// No home directory to put the vault in (exit 2).
    #[error("cannot find a home directory")]
    NoHome,
    /// The vault path is not a vault file at all: a folder, a FIFO, a device, a symbolic link
    /// to nothing (exit 6). Nothing there is read, written or deleted.
    #[error("{path}: {problem}")]
    VaultPath { path: PathBuf, problem: String },
    /// The vault cannot be read: corrupt, not a vault, newer version (exit 6). File untouched.
    #[error("{path}: {source}")]
    Vault {
        path: PathBuf,
        #[source]
        source: softpass_core::vault::VaultError,
    },
    /// The activation key opens the seed file neither as given nor without white space and
    /// dashes (exit 3). Says what a key looks like, since the usual cause is a typo.
    #[error(
        "{origin}: the activation key does not open this seed file (an activation key is the 16 characters from the activation e-mail, letters and digits; upper and lower case differ)"
    )]
    WrongActivationKey { origin: String },
    /// A seed file that cannot be opened with the key given, or is malformed; names the file.
    #[error("{origin}: {source}")]
    SeedFile {
        origin: String,
        #[source]
        source: softpass_core::pskc::PskcError,
    },
    #[error("clipboard: {0}")]
    Clipboard(String),
    #[error("settings {path}: {message}")]
    Config { path: PathBuf, message: String },
    #[error(transparent)]
    Domain(#[from] DomainError),
}

/// The message builder's errors keep their meaning: an invalid address stays `Invalid`, a failed
/// random source is an I/O failure (as before the builder moved to softpass-mail).
impl From<softpass_mail::MailError> for AppError {
    fn from(e: softpass_mail::MailError) -> Self {
        match e {
            softpass_mail::MailError::Random(why) => {
                AppError::io("<random>", std::io::Error::other(why))
            }
            other => AppError::Invalid(other.to_string()),
        }
    }
}

/// " (2 attempts left)", " (1 attempt left)", or the lock notice when none are left.
fn attempts_note(left: Option<u32>) -> String {
    match left {
        None => String::new(),
        Some(0) => " (no attempts left: the token is now locked)".into(),
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

    /// The one classification the shells map (exit codes, TUI reactions, HTTP statuses).
    pub fn kind(&self) -> ErrorKind {
        match self {
            AppError::Io { .. } | AppError::Clipboard(_) | AppError::Config { .. } => {
                ErrorKind::Failure
            }
            AppError::WrongPin { .. }
            | AppError::SeedPinMismatch { .. }
            | AppError::WrongActivationKey { .. } => ErrorKind::WrongSecret,
            AppError::Locked { .. } | AppError::TooSoon { .. } => ErrorKind::Locked,
            AppError::NoSuchToken(_) | AppError::Gone { .. } | AppError::EmptyVault(_) => {
                ErrorKind::NoSuchToken
            }
            AppError::SerialExists { .. }
            | AppError::Exists(_)
            | AppError::PinPolicy(_)
            | AppError::EmptyOtpPin
            | AppError::Invalid(_) => ErrorKind::Invalid,
            AppError::Usage(_)
            | AppError::Ambiguous(_)
            | AppError::NameForMany
            | AppError::MissingInput(_)
            | AppError::NoHome => ErrorKind::Usage,
            AppError::Vault { .. } | AppError::VaultPath { .. } => ErrorKind::VaultUnreadable,
            AppError::SeedFile { source, .. } => source.kind(),
            AppError::Domain(d) => d.kind(),
        }
    }

    /// The way out, for the shell to word (a flag in the CLI, keys in the TUI).
    pub fn hint(&self) -> Option<Hint> {
        match self {
            AppError::Locked { .. }
            | AppError::WrongPin {
                attempts_left: Some(0),
                ..
            } => Some(Hint::Reactivate),
            AppError::SerialExists { .. } => Some(Hint::ReplaceExisting),
            AppError::EmptyVault(_) => Some(Hint::ImportOne),
            AppError::Ambiguous(_) => Some(Hint::NameOne),
            AppError::NameForMany => Some(Hint::PickOne),
            AppError::NoHome => Some(Hint::VaultPath),
            AppError::EmptyOtpPin => Some(Hint::OmitOtpPin),
            AppError::MissingInput(input) => Some(Hint::Supply(*input)),
            _ => None,
        }
    }
}
