//! The activation e-mail as an RFC 5322 / MIME message (docs/email.md): built with lettre's
//! message builder (`write`), read back with mail-parser (`read`). The text body is the core's
//! (`softpass_core::activation_mail`), so the printed e-mail and the message say the same.
mod read;
mod write;

pub use read::{MAX_MESSAGE, ReceivedMail, load, read_message};
pub use write::{
    ActivationMessage, DEFAULT_FROM, activation_message, build, check_address, media_type,
    new_message_id,
};

#[cfg(test)]
mod tests;
