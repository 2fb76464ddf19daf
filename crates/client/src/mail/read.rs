//! Reading an activation message (docs/email.md §4) with mail-parser: its text gives the facts
//! (`softpass_core::activation_mail::read_facts`), its one seed-file attachment the token.
use crate::AppError;
use mail_parser::{HeaderName, Message, MessageParser, MimeHeaders, PartType};
use softpass_core::activation_mail::read_facts;
use softpass_core::pskc::Encryption;
use softpass_core::secret::SecretString;
use softpass_core::seedfile;
use std::io::Read;
use std::path::Path;
use zeroize::Zeroizing;

/// Messages larger than this are refused before parsing (a seed file is at most 4 MiB, and
/// base64 makes it a third larger).
pub const MAX_MESSAGE: usize = 16 * 1024 * 1024;

/// What an activation message gives the importer. Holds secrets: no `Debug`, no `Clone`.
pub struct ReceivedMail {
    /// Names the seed file in messages the way a path would: `ORIGIN, attachment NAME`.
    pub seed_origin: String,
    /// The seed file's content (any format softpass reads).
    pub seed: Zeroizing<String>,
    pub activation_key: Option<SecretString>,
    pub application_pin: Option<SecretString>,
    pub serial: Option<String>,
}

/// Headers of which a mail's header section holds at least one (RFC 5322 §3.6, RFC 2045).
const MAIL_HEADERS: [HeaderName<'static>; 9] = [
    HeaderName::From,
    HeaderName::Sender,
    HeaderName::To,
    HeaderName::Cc,
    HeaderName::Subject,
    HeaderName::Date,
    HeaderName::MessageId,
    HeaderName::MimeVersion,
    HeaderName::ContentType,
];

/// The message at `path`, or on standard input for `None`; returns its name for messages and
/// its bytes (wiped on drop: they hold the activation key and the PIN).
pub fn load(path: Option<&Path>) -> Result<(String, Zeroizing<Vec<u8>>), AppError> {
    let mut bytes = Zeroizing::new(Vec::new());
    let cap = MAX_MESSAGE as u64 + 1;
    let origin = match path {
        Some(path) => {
            let path = crate::paths::expand_home(path);
            let file = std::fs::File::open(&path).map_err(|e| AppError::io(&path, e))?;
            file.take(cap)
                .read_to_end(&mut bytes)
                .map_err(|e| AppError::io(&path, e))?;
            path.display().to_string()
        }
        None => {
            std::io::stdin()
                .lock()
                .take(cap)
                .read_to_end(&mut bytes)
                .map_err(|e| AppError::io("<stdin>", e))?;
            "<stdin>".to_owned()
        }
    };
    if bytes.len() > MAX_MESSAGE {
        return Err(AppError::Invalid(format!(
            "{origin}: the message is larger than {} MiB",
            MAX_MESSAGE >> 20
        )));
    }
    Ok((origin, bytes))
}

/// An attachment's name for messages: its file name (printable, at most 64 characters), else
/// `#K`, its place among the attachments (from 1).
fn part_name(part: &mail_parser::MessagePart<'_>, place: usize) -> String {
    match part.attachment_name() {
        Some(name) if !name.trim().is_empty() => name
            .chars()
            .take(64)
            .map(|c| if c.is_control() { '?' } else { c })
            .collect(),
        _ => format!("#{place}"),
    }
}

/// A text part that is the message's text (plain or HTML), not a file in text form.
fn is_text_body(part: &mail_parser::MessagePart<'_>) -> bool {
    let text = matches!(part.body, PartType::Text(_) | PartType::Html(_));
    text && part.content_type().is_none_or(|ct| {
        ct.ctype().eq_ignore_ascii_case("text")
            && ct
                .subtype()
                .is_none_or(|s| s.eq_ignore_ascii_case("plain") || s.eq_ignore_ascii_case("html"))
    })
}

/// The message's text: each text body part (HTML turned into text) in order, joined by a newline.
fn text_of(msg: &Message<'_>) -> Zeroizing<String> {
    let mut text = Zeroizing::new(String::new());
    for (pos, &id) in msg.text_body.iter().enumerate() {
        let Some(part) = msg.parts.get(id as usize) else {
            continue;
        };
        if is_text_body(part)
            && let Some(t) = msg.body_text(pos)
        {
            text.push_str(&t);
            text.push('\n');
        }
    }
    text
}

/// The seed-file attachments (name and content) and the names of the other attachments. Every
/// leaf part that is not the text is an attachment; those whose content is a seed file (by the
/// rules of docs/seed-files.md §4) are seed files.
fn attachments<'m>(msg: &'m Message<'_>) -> (Vec<(String, &'m str)>, Vec<String>) {
    let body: Vec<u32> = msg
        .text_body
        .iter()
        .chain(&msg.html_body)
        .copied()
        .filter(|&id| msg.parts.get(id as usize).is_some_and(is_text_body))
        .collect();
    let (mut seeds, mut others) = (Vec::new(), Vec::new());
    for (i, part) in msg.parts.iter().enumerate() {
        let leaf = !matches!(part.body, PartType::Multipart(_) | PartType::Message(_));
        if !leaf || body.contains(&(i as u32)) {
            continue;
        }
        let name = part_name(part, seeds.len() + others.len() + 1);
        match std::str::from_utf8(part.contents()) {
            Ok(text) if seedfile::detect(text).is_ok() => seeds.push((name, text)),
            _ => others.push(name),
        }
    }
    (seeds, others)
}

/// Reads an activation message: its one seed-file attachment, and the facts of its text. Each
/// problem is one [`AppError::Invalid`] naming `origin` (never a secret).
pub fn read_message(origin: &str, bytes: &[u8]) -> Result<ReceivedMail, AppError> {
    let invalid = |why: String| AppError::Invalid(format!("{origin}: {why}"));
    let msg = MessageParser::default()
        .parse(bytes)
        .filter(|m| MAIL_HEADERS.iter().any(|h| m.header(h.clone()).is_some()))
        .ok_or_else(|| {
            invalid(
                "not an e-mail message: it does not start with mail headers (From:, Date:, MIME-Version:, ...)"
                    .into(),
            )
        })?;
    let (mut seeds, others) = attachments(&msg);
    let (name, seed) = match seeds.len() {
        1 => seeds.remove(0),
        0 if others.is_empty() => {
            return Err(invalid(
                "the message has no attachment (the seed file should be attached to it)".into(),
            ));
        }
        0 => {
            return Err(invalid(format!(
                "no attachment of the message is a seed file (PSKC, SafeNet/Aladdin XML or OATH CSV): {}",
                others.join(", ")
            )));
        }
        n => {
            let names: Vec<&str> = seeds.iter().map(|(n, _)| n.as_str()).collect();
            return Err(invalid(format!(
                "the message has {n} seed-file attachments ({}): an activation message carries one",
                names.join(", ")
            )));
        }
    };
    let seed_origin = format!("{origin}, attachment {name}");
    let facts =
        read_facts(&text_of(&msg)).map_err(|e| invalid(format!("the message text: {e}")))?;
    let encryption = seedfile::inspect(seed).map_err(|source| AppError::SeedFile {
        origin: seed_origin.clone(),
        source,
    })?;
    if facts.activation_key.is_none() && !matches!(encryption, Encryption::None) {
        return Err(invalid(format!(
            "the message text has no 'Activation Key:' line, and its seed file {name} is encrypted"
        )));
    }
    Ok(ReceivedMail {
        seed_origin,
        seed: Zeroizing::new(seed.to_owned()),
        activation_key: facts.activation_key,
        application_pin: facts.application_pin,
        serial: facts.serial,
    })
}
