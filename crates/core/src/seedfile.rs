//! Every seed-file format softpass reads, told apart by content (docs/seed-files.md §4): PSKC
//! (RFC 6030), SafeNet/Aladdin XML and OATH CSV. One entry point for the importers.
use crate::pskc::xml::{self, El};
use crate::pskc::{self, Encryption, KeyPackage, Limits, Protection, PskcError};
use crate::{aladdin, oathcsv};

/// The formats, as `softpass issue --format` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pskc,
    AladdinXml,
    OathCsv,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Pskc => "pskc",
            Format::AladdinXml => "aladdin-xml",
            Format::OathCsv => "oathcsv",
        }
    }
    /// The file name extension `softpass issue` gives the format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pskc => "pskc",
            Format::AladdinXml => "xml",
            Format::OathCsv => "csv",
        }
    }
    /// Only PSKC encrypts (and carries a PIN and its policy).
    pub fn is_encrypted(self) -> bool {
        self == Format::Pskc
    }
}

/// A decoded seed file: each key with the element (or line) it came from, and warnings about
/// what was skipped or overridden (never secrets).
pub struct SeedFile {
    pub format: Format,
    pub keys: Vec<(KeyPackage, String)>,
    pub warnings: Vec<String>,
}

/// Line and column (1-based, in characters) of byte offset `at`.
fn position(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .chars()
        .count()
        + 1;
    (line, column)
}

/// Which format `text` is in: `<` first (after blanks and a byte-order mark) is XML, told apart
/// by its root element; otherwise a line with a comma that is not a `#` comment makes it CSV.
pub fn detect(text: &str) -> Result<Format, PskcError> {
    detect_with(text, &Limits::FILE)
}

/// [`detect`] under other size limits.
fn detect_with(text: &str, limits: &Limits) -> Result<Format, PskcError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(at) = body.find(|c: char| !c.is_whitespace()) else {
        return Err(PskcError::Invalid("the file is empty".into()));
    };
    if body[at..].starts_with('<') {
        let doc = xml::parse(body, limits)?;
        let root = El::root(&doc);
        return match root.node.tag_name().name() {
            "KeyContainer" => Ok(Format::Pskc),
            "Tokens" => Ok(Format::AladdinXml),
            other => Err(PskcError::Invalid(format!(
                "the root element <{}> is neither a PSKC <KeyContainer> nor a SafeNet/Aladdin <Tokens>",
                xml::printable(other)
            ))),
        };
    }
    if body
        .split('\n')
        .any(|l| !l.starts_with('#') && l.contains(','))
    {
        return Ok(Format::OathCsv);
    }
    let (line, column) = position(body, at);
    Err(PskcError::Invalid(format!(
        "not a seed file: not XML (the first character, at line {line}, column {column}, is not '<') \
         and not OATH CSV (no line holds comma-separated fields)"
    )))
}

/// How the file's secrets are protected (only PSKC files can need a key).
pub fn inspect(text: &str) -> Result<Encryption, PskcError> {
    match detect(text)? {
        Format::Pskc => pskc::inspect(strip_bom(text)),
        _ => Ok(Encryption::None),
    }
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Decode a seed file of any format; `protection` matters to encrypted PSKC only.
pub fn read(text: &str, protection: &Protection<'_>) -> Result<SeedFile, PskcError> {
    read_with(text, protection, &Limits::FILE)
}

/// [`read`] under other size limits ([`Limits::BULK`]: the OTP service's bulk load).
pub fn read_with(
    text: &str,
    protection: &Protection<'_>,
    limits: &Limits,
) -> Result<SeedFile, PskcError> {
    let format = detect_with(text, limits)?;
    let body = strip_bom(text);
    let (keys, warnings) = match format {
        Format::Pskc => (pskc::read_located(body, protection, limits)?, Vec::new()),
        Format::AladdinXml => {
            let f = aladdin::read_with(body, limits)?;
            (f.keys, f.warnings)
        }
        Format::OathCsv => {
            let f = oathcsv::read_with(body, limits)?;
            (f.keys, f.warnings)
        }
    };
    Ok(SeedFile {
        format,
        keys,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_apart_by_content() {
        let pskc =
            r#"<?xml version="1.0"?><KeyContainer xmlns="urn:ietf:params:xml:ns:keyprov:pskc"/>"#;
        assert_eq!(detect(pskc), Ok(Format::Pskc));
        assert_eq!(detect("\u{feff}  <Tokens/>"), Ok(Format::AladdinXml));
        assert_eq!(detect("# c\nS1, 3132\n"), Ok(Format::OathCsv));
        let err = detect("hello\nworld\n").unwrap_err().to_string();
        assert!(
            err.contains("not XML") && err.contains("line 1, column 1"),
            "{err}"
        );
        let err = detect("\n\n  x").unwrap_err().to_string();
        assert!(err.contains("line 3, column 3"), "{err}");
        assert!(
            detect("<html/>")
                .unwrap_err()
                .to_string()
                .contains("<html>")
        );
        assert!(detect("  \n").unwrap_err().to_string().contains("empty"));
        // Not well-formed XML keeps the parser's position.
        assert!(matches!(detect("<Tokens>"), Err(PskcError::Xml { .. })));
    }
}
