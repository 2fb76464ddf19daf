//! The core's error (one enum wrapping each format's own) and the one classification every shell
//! maps on its own: exit codes in the CLI, messages in the TUI, HTTP statuses in the server.
use thiserror::Error;

/// What kind of failure an error is, as far as a caller's reaction differs. Every layer's error
/// has a `kind()`; each shell maps these (never the error variants) to its own outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// I/O, the clipboard, the settings file, anything not below.
    Failure,
    /// The request itself is wrong (missing input, conflicting options, several tokens).
    Usage,
    /// Wrong application PIN, or wrong activation key / password for a seed file.
    WrongSecret,
    /// The token is locked, or a wrong-PIN back-off delay is still running.
    Locked,
    /// Invalid input: activation code, seed file, URI, secret, PIN against the policy.
    Invalid,
    /// The vault cannot be read: corrupt, not a vault, newer version (left untouched).
    VaultUnreadable,
    /// No such token.
    NoSuchToken,
}

#[derive(Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum DomainError {
    #[error(transparent)]
    Otp(#[from] crate::otp::OtpError),
    #[error(transparent)]
    Activation(#[from] crate::activation::ActivationError),
    #[error(transparent)]
    Base32(#[from] crate::base32::Base32Error),
    #[error(transparent)]
    Uri(#[from] crate::otpauth::UriError),
    #[error(transparent)]
    Pskc(#[from] crate::pskc::PskcError),
    #[error(transparent)]
    Vault(#[from] crate::vault::VaultError),
    #[error(transparent)]
    Radius(#[from] crate::radius::RadiusError),
    #[error(transparent)]
    Mail(#[from] crate::activation_mail::FactsError),
}

impl DomainError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            DomainError::Pskc(p) => p.kind(),
            DomainError::Vault(v) => v.kind(),
            DomainError::Mail(m) => m.kind(),
            DomainError::Otp(_)
            | DomainError::Activation(_)
            | DomainError::Base32(_)
            | DomainError::Uri(_)
            | DomainError::Radius(_) => ErrorKind::Invalid,
        }
    }
}
