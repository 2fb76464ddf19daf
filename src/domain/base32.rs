//! Lenient RFC 4648 base32 for OTP secrets: case, spaces, hyphens and padding tolerated.
//! OWNER: engine helper.
use crate::domain::secret::SecretBytes;
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum Base32Error {
    #[error("invalid base32 secret: {0}")]
    Invalid(String),
}

pub fn decode_lenient(_s: &str) -> Result<SecretBytes, Base32Error> {
    todo!("engine helper")
}

/// Upper-case, unpadded.
pub fn encode(_bytes: &[u8]) -> String {
    todo!("engine helper")
}
