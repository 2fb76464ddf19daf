//! softpass-mail: the activation e-mail as an RFC 5322 / MIME message (docs/email.md §1-2), built
//! with lettre's message builder. Below both the client (`issue --eml`, which re-exports it as
//! `softpass_client::mail`) and the OTP service (enrolment), so the service gets the builder
//! without the client's vault, clipboard and prompt crates. The text body is the core's
//! (`softpass_core::activation_mail`).
mod write;

pub use write::{
    ActivationMessage, DEFAULT_FROM, activation_message, build, check_address, media_type,
    new_message_id,
};

use softpass_core::ErrorKind;
use thiserror::Error;

/// Why a message could not be built. Messages never hold a secret.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum MailError {
    /// An address, Message-ID or part that is not what a message needs.
    #[error("{0}")]
    Invalid(String),
    /// The system's random source failed (Message-ID).
    #[error("<random>: {0}")]
    Random(String),
}

impl MailError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            MailError::Invalid(_) => ErrorKind::Invalid,
            MailError::Random(_) => ErrorKind::Failure,
        }
    }
}
