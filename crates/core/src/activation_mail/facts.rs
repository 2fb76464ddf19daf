//! Reading the fact lines of an activation e-mail's text (docs/email.md §4): `LABEL: VALUE`
//! lines anywhere in the text, label case-insensitive, white space around and inside ignored.
use super::{ACTIVATION_KEY, APPLICATION_PIN, ATTACHED, SEED_FILE, TOKEN_SERIAL};
use crate::ErrorKind;
use crate::secret::SecretString;
use thiserror::Error;

/// The longest value a fact line may carry (PINs are at most 1024 characters by policy).
pub const MAX_VALUE: usize = 1024;

/// The facts found in the text; each is `None` when no line gives it.
#[derive(Default)]
pub struct ReadFacts {
    pub activation_key: Option<SecretString>,
    pub application_pin: Option<SecretString>,
    pub serial: Option<String>,
    /// The seed file's name, without the trailing `(attached)`.
    pub seed_file: Option<String>,
}

/// A fact line the reader cannot use. Names the label and line, never the value.
#[derive(Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum FactsError {
    #[error("the {label} line (line {line}) has no value")]
    Empty { label: &'static str, line: usize },
    #[error("the {label} line (line {line}) is longer than {MAX_VALUE} characters")]
    TooLong { label: &'static str, line: usize },
    #[error("two {label} lines with different values (lines {first} and {second})")]
    Conflict {
        label: &'static str,
        first: usize,
        second: usize,
    },
}

impl FactsError {
    pub fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

/// The label of `line` (before its first `:`) in the reader's normal form: trimmed, lower case,
/// every run of white space one space.
fn normal_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// One fact seen so far: its value and the line it came from.
struct Seen {
    value: SecretString,
    line: usize,
}

/// Keeps the first value of a label; a later line must repeat it exactly.
fn note(
    slot: &mut Option<Seen>,
    label: &'static str,
    value: &str,
    line: usize,
) -> Result<(), FactsError> {
    match slot {
        Some(seen) if !seen.value.ct_eq(value) => Err(FactsError::Conflict {
            label,
            first: seen.line,
            second: line,
        }),
        Some(_) => Ok(()),
        None => {
            *slot = Some(Seen {
                value: SecretString::from(value),
                line,
            });
            Ok(())
        }
    }
}

/// The facts of `text`. A fact line is a line whose part before the first `:` is, trimmed and
/// compared case-insensitively with white-space runs as one space, one of the four labels; its
/// value is the rest of the line, trimmed (for `Seed File` also without a trailing
/// `(attached)`). Lines end in LF or CRLF. Other lines are ignored; a label given twice must
/// have the same value both times.
pub fn read_facts(text: &str) -> Result<ReadFacts, FactsError> {
    const LABELS: [&str; 4] = [ACTIVATION_KEY, APPLICATION_PIN, TOKEN_SERIAL, SEED_FILE];
    let mut seen: [Option<Seen>; 4] = Default::default();
    for (i, raw) in text.split('\n').enumerate() {
        let Some((label, value)) = raw.split_once(':') else {
            continue;
        };
        let label = normal_label(label);
        let Some(at) = LABELS.iter().position(|l| l.to_lowercase() == label) else {
            continue;
        };
        let name = LABELS[at];
        let line = i + 1;
        let mut value = value.trim();
        if name == SEED_FILE {
            value = value.strip_suffix(ATTACHED).unwrap_or(value).trim_end();
        }
        if value.is_empty() {
            return Err(FactsError::Empty { label: name, line });
        }
        if value.chars().count() > MAX_VALUE {
            return Err(FactsError::TooLong { label: name, line });
        }
        note(&mut seen[at], name, value, line)?;
    }
    let [key, pin, serial, file] = seen;
    let public = |s: Option<Seen>| s.map(|s| s.value.expose().to_owned());
    Ok(ReadFacts {
        activation_key: key.map(|s| s.value),
        application_pin: pin.map(|s| s.value),
        serial: public(serial),
        seed_file: public(file),
    })
}
