//! Lenient RFC 4648 base32 for OTP secrets: case, spaces, hyphens and padding tolerated.
//!
//! Secrets are typed or pasted by people, and apps print them in groups, lower case or with `=`
//! padding; all of that is accepted. What is not base32 is refused with the 1-based position of the
//! offending character in the input as given (only that one character is named, never the secret).
use crate::secret::SecretBytes;
use data_encoding::{BitOrder, Encoding, Specification};
use thiserror::Error;
use zeroize::Zeroizing;

#[derive(Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum Base32Error {
    #[error("invalid base32 secret: {0}")]
    Invalid(String),
    #[error("invalid base32 secret: the secret is empty")]
    Empty,
    #[error("invalid base32 secret: illegal character {ch:?} at position {position}")]
    IllegalChar { ch: char, position: usize },
    #[error("invalid base32 secret: '=' padding at position {position} is followed by more data")]
    Padding { position: usize },
    #[error(
        "invalid base32 secret: {len} significant characters is not a valid base32 length (8k + 0, 2, 4, 5 or 7)"
    )]
    Length { len: usize },
}

/// Upper-case RFC 4648 alphabet, no padding, and non-zero trailing bits tolerated (some generators
/// leave them set; they carry no key bits).
fn lenient_nopad() -> Encoding {
    let mut spec = Specification::new();
    spec.symbols.push_str("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    spec.bit_order = BitOrder::MostSignificantFirst;
    spec.check_trailing_bits = false;
    // The specification is a constant valid one; an error here would be a programming bug, so fall
    // back to the standard strict encoding rather than panic.
    spec.encoding()
        .unwrap_or_else(|_| data_encoding::BASE32_NOPAD.clone())
}

/// Decode a base32 secret leniently: ASCII white space and `-` are ignored, lower case is accepted,
/// trailing `=` padding is optional. Positions in errors are 1-based character positions in `s`.
pub fn decode_lenient(s: &str) -> Result<SecretBytes, Base32Error> {
    let mut clean = Zeroizing::new(Vec::with_capacity(s.len()));
    let mut first_pad: Option<usize> = None;
    for (i, ch) in s.chars().enumerate() {
        let position = i + 1;
        if ch.is_whitespace() || ch == '-' {
            continue;
        }
        if ch == '=' {
            first_pad.get_or_insert(position);
            continue;
        }
        if let Some(pad) = first_pad {
            return Err(Base32Error::Padding { position: pad });
        }
        let up = ch.to_ascii_uppercase();
        if !matches!(up, 'A'..='Z' | '2'..='7') {
            return Err(Base32Error::IllegalChar { ch, position });
        }
        clean.push(up as u8);
    }
    if clean.is_empty() {
        return Err(Base32Error::Empty);
    }
    if matches!(clean.len() % 8, 1 | 3 | 6) {
        return Err(Base32Error::Length { len: clean.len() });
    }
    let bytes = lenient_nopad().decode(&clean).map_err(|e| {
        Base32Error::Invalid(format!(
            "{:?} at significant character {}",
            e.kind,
            e.position + 1
        ))
    })?;
    Ok(SecretBytes::new(bytes))
}

/// Upper-case, unpadded.
pub fn encode(bytes: &[u8]) -> String {
    data_encoding::BASE32_NOPAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors_decode_in_every_lenient_spelling() {
        // RFC 4648 §10 test vectors.
        for (plain, enc) in [
            ("f", "MY======"),
            ("fo", "MZXQ===="),
            ("foo", "MZXW6==="),
            ("foob", "MZXW6YQ="),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI======"),
        ] {
            assert_eq!(decode_lenient(enc).unwrap().expose(), plain.as_bytes());
            let bare = enc.trim_end_matches('=');
            assert_eq!(decode_lenient(bare).unwrap().expose(), plain.as_bytes());
            let lower = bare.to_lowercase();
            assert_eq!(decode_lenient(&lower).unwrap().expose(), plain.as_bytes());
            assert_eq!(encode(plain.as_bytes()), bare);
        }
        let grouped = decode_lenient("mzxw 6ytb-oi").unwrap();
        assert_eq!(grouped.expose(), b"foobar");
    }

    #[test]
    fn errors_name_the_position() {
        assert_eq!(
            decode_lenient("MZX W1YTB").err(),
            Some(Base32Error::IllegalChar {
                ch: '1',
                position: 6
            })
        );
        assert_eq!(decode_lenient("  -").err(), Some(Base32Error::Empty));
        assert_eq!(
            decode_lenient("MZXW6YTBO").err(),
            Some(Base32Error::Length { len: 9 })
        );
        assert_eq!(
            decode_lenient("MY==MY").err(),
            Some(Base32Error::Padding { position: 3 })
        );
        let msg = decode_lenient("ab8c").err().unwrap().to_string();
        assert_eq!(
            msg,
            "invalid base32 secret: illegal character '8' at position 3"
        );
    }
}
