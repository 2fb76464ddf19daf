//! Building the activation message: `multipart/mixed` holding the text body (quoted-printable
//! UTF-8) and the seed file (base64, with its file name), headers From, To, Subject, Date,
//! Message-ID and MIME-Version (docs/email.md §2).
use crate::MailError;
use lettre::Message;
use lettre::address::Envelope;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Attachment, Body, Mailbox, MultiPart, SinglePart};
use softpass_core::activation_mail::{self, MailFacts};
use softpass_core::seedfile::Format;
use std::time::SystemTime;
use zeroize::Zeroizing;

/// The sender when none is given: a mailbox no one reads, on the local host.
pub const DEFAULT_FROM: &str = "softpass@localhost";

/// Everything one activation message is made of. The date and the Message-ID are given, not
/// taken here, so a caller (a server, a test) decides them.
pub struct ActivationMessage<'a> {
    /// The text body's facts (serial, activation key, PIN, seed file name, ...).
    pub facts: &'a MailFacts<'a>,
    /// The seed file's bytes, attached as they are under `facts.seed_file`.
    pub seed_file: &'a [u8],
    pub format: Format,
    /// `addr@host` or `Display Name <addr@host>`; a bare address gets the display name
    /// `<ISSUER> token service`.
    pub from: &'a str,
    /// The recipient; `None`: no `To:` header (RFC 5322 needs only From and Date).
    pub to: Option<&'a str>,
    pub date: SystemTime,
    /// `<id@domain>` ([`new_message_id`] makes a fresh one).
    pub message_id: &'a str,
}

/// The attachment's media type for each seed-file format.
pub fn media_type(format: Format) -> &'static str {
    match format {
        // RFC 6030 §13.1 registers it.
        Format::Pskc => "application/pskc+xml",
        Format::AladdinXml => "application/xml",
        Format::OathCsv => "text/csv",
    }
}

fn mailbox(what: &str, text: &str) -> Result<Mailbox, MailError> {
    text.trim().parse::<Mailbox>().map_err(|e| {
        MailError::Invalid(format!(
            "the {what} '{}' is not an e-mail address ({e})",
            text.escape_default()
        ))
    })
}

/// Whether `text` is a mailbox (`addr@host` or `Name <addr@host>`); the error names it as `what`.
pub fn check_address(what: &str, text: &str) -> Result<(), MailError> {
    mailbox(what, text).map(|_| ())
}

/// `<LOCAL@DOMAIN>` with nothing that could end the header line or the id.
fn check_message_id(id: &str) -> Result<(), MailError> {
    let inner = id.strip_prefix('<').and_then(|s| s.strip_suffix('>'));
    let ok = inner.is_some_and(|s| {
        s.split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && !d.is_empty())
            && s.chars()
                .all(|c| c.is_ascii_graphic() && !"<>()[]\\,;:\"".contains(c))
    });
    if !ok {
        return Err(MailError::Invalid(format!(
            "the Message-ID '{}' is not of the form <id@domain>",
            id.escape_default()
        )));
    }
    Ok(())
}

/// A fresh Message-ID, `<32 hex digits@DOMAIN>`, DOMAIN the sender's (`from` as in
/// [`ActivationMessage::from`]).
pub fn new_message_id(from: &str) -> Result<String, MailError> {
    let from = mailbox("sender address", from)?;
    let mut id = [0u8; 16];
    getrandom::fill(&mut id).map_err(|e| MailError::Random(e.to_string()))?;
    Ok(format!("<{}@{}>", hex::encode(id), from.email.domain()))
}

/// The message, for a transport that sends `lettre::Message`s. Without a recipient the envelope
/// names the sender (the message itself then has no `To:`).
pub fn build(m: &ActivationMessage<'_>) -> Result<Message, MailError> {
    let mut from = mailbox("sender address", m.from)?;
    if from.name.is_none() {
        from.name = Some(format!("{} token service", m.facts.issuer));
    }
    check_message_id(m.message_id)?;
    let mut builder = Message::builder()
        .from(from.clone())
        .subject(activation_mail::subject(m.facts.serial))
        .date(m.date)
        .message_id(Some(m.message_id.to_owned()));
    match m.to {
        Some(to) => builder = builder.to(mailbox("recipient address", to)?),
        None => {
            let envelope = Envelope::new(Some(from.email.clone()), vec![from.email.clone()])
                .map_err(|e| MailError::Invalid(format!("the message's envelope: {e}")))?;
            builder = builder.envelope(envelope);
        }
    }
    let text = activation_mail::body(m.facts);
    // Quoted-printable whatever the text: its lines may pass 76 characters, and no body byte
    // can then look like the multipart boundary.
    let text = Body::new_with_encoding(text.to_string(), ContentTransferEncoding::QuotedPrintable)
        .map_err(|_| MailError::Invalid("the text body cannot be encoded".into()))?;
    let plain = SinglePart::builder()
        .content_type(ContentType::TEXT_PLAIN)
        .body(text);
    let kind = ContentType::parse(media_type(m.format))
        .map_err(|e| MailError::Invalid(format!("media type: {e}")))?;
    // Base64 keeps the file's bytes exactly (line endings included).
    let seed = Body::new_with_encoding(m.seed_file.to_vec(), ContentTransferEncoding::Base64)
        .map_err(|_| MailError::Invalid("the seed file cannot be encoded".into()))?;
    let attachment = Attachment::new(m.facts.seed_file.to_owned()).body(seed, kind);
    builder
        .multipart(MultiPart::mixed().singlepart(plain).singlepart(attachment))
        .map_err(|e| MailError::Invalid(format!("the activation message: {e}")))
}

/// The message as bytes (CRLF line endings), ready to write as `<SERIAL>.eml` or to send. It
/// holds the activation key and the PIN: wiped on drop.
pub fn activation_message(m: &ActivationMessage<'_>) -> Result<Zeroizing<Vec<u8>>, MailError> {
    Ok(Zeroizing::new(build(m)?.formatted()))
}
