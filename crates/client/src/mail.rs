//! The activation e-mail as an RFC 5322 / MIME message (docs/email.md): built with lettre's
//! message builder (the `softpass-mail` crate, shared with the OTP service; re-exported here with
//! its errors as [`AppError`]s), read back with mail-parser (`read`). The text body is the core's
//! (`softpass_core::activation_mail`), so the printed e-mail and the message say the same.
mod read;

use crate::AppError;
pub use read::{MAX_MESSAGE, ReceivedMail, load, read_message};
pub use softpass_mail::{ActivationMessage, DEFAULT_FROM, media_type};
use zeroize::Zeroizing;

/// The message, for a transport that sends `lettre::Message`s ([`softpass_mail::build`]).
pub fn build(m: &ActivationMessage<'_>) -> Result<lettre::Message, AppError> {
    Ok(softpass_mail::build(m)?)
}

/// The message as bytes, CRLF line endings, wiped on drop ([`softpass_mail::activation_message`]).
pub fn activation_message(m: &ActivationMessage<'_>) -> Result<Zeroizing<Vec<u8>>, AppError> {
    Ok(softpass_mail::activation_message(m)?)
}

/// Whether `text` is a mailbox; the error names it as `what` ([`softpass_mail::check_address`]).
pub fn check_address(what: &str, text: &str) -> Result<(), AppError> {
    Ok(softpass_mail::check_address(what, text)?)
}

/// A fresh `<32 hex digits@DOMAIN>` ([`softpass_mail::new_message_id`]).
pub fn new_message_id(from: &str) -> Result<String, AppError> {
    Ok(softpass_mail::new_message_id(from)?)
}

#[cfg(test)]
mod tests;
