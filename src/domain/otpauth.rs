//! `otpauth://` key URIs (Google Authenticator Key Uri Format): parse and emit hotp/totp.
//! OWNER: engine helper.
use crate::domain::secret::{SecretBytes, SecretString};
use crate::domain::token::{Algorithm, Kind};
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum UriError {
    #[error("invalid otpauth URI: {0}")]
    Invalid(String),
}

/// A decoded key URI. Holds the secret: no `Debug`, no `Clone`.
pub struct KeyUri {
    /// `Kind::Hotp` or `Kind::Totp`.
    pub kind: Kind,
    /// Label issuer prefix or `issuer=` parameter.
    pub issuer: Option<String>,
    /// Label account name.
    pub account: String,
    pub secret: SecretBytes,
    pub algorithm: Algorithm,
    pub digits: u8,
    /// HOTP: the next counter.
    pub counter: u64,
    /// TOTP: step in seconds.
    pub period: u32,
}

impl KeyUri {
    pub fn parse(_uri: &str) -> Result<Self, UriError> {
        todo!("engine helper")
    }
    /// The URI carries the secret, so it is returned as a [`SecretString`].
    pub fn to_uri(&self) -> SecretString {
        todo!("engine helper")
    }
}
