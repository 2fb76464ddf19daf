//! The domain layer's error: one enum wrapping each format's own error.
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum DomainError {
    #[error(transparent)]
    Otp(#[from] crate::domain::otp::OtpError),
    #[error(transparent)]
    Activation(#[from] crate::domain::activation::ActivationError),
    #[error(transparent)]
    Base32(#[from] crate::domain::base32::Base32Error),
    #[error(transparent)]
    Uri(#[from] crate::domain::otpauth::UriError),
    #[error(transparent)]
    Pskc(#[from] crate::domain::pskc::PskcError),
    #[error(transparent)]
    Vault(#[from] crate::domain::vault::VaultError),
}
