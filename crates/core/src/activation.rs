//! MobilePASS activation codes (docs/mobilepass.md): lenient parsing, the legacy checksum, the
//! payload-V1 error byte, and the KDF1/SHA-256 key.
//!
//! An activation code is a secret: errors name at most one group or one character, never the code.
use crate::secret::{SecretBytes, SecretString};
use sha2::{Digest, Sha256};
use thiserror::Error;
use zeroize::Zeroizing;

/// Characters of a legacy code (four groups of five).
pub(crate) const LEGACY_LEN: usize = 20;
/// Longest code accepted (payload V1 may be longer than 20 characters; nothing longer is known).
pub const MAX_LEN: usize = 64;
const GROUP: usize = 5;
const ENTROPY_LEN: usize = 10;
const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

#[derive(Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ActivationError {
    #[error("invalid activation code: {0}")]
    Invalid(String),
    /// `position` is 1-based, counted over the input as given (hyphens and spaces included).
    #[error("invalid activation code: illegal character {ch:?} at position {position}")]
    IllegalChar { ch: char, position: usize },
    /// `len` counts significant characters (hyphens and white space ignored).
    #[error(
        "invalid activation code: {len} characters, expected 20 (four groups of five, or more for a payload-V1 code, at most 64)"
    )]
    Length { len: usize },
    /// A legacy group whose check character does not match (groups numbered from 1).
    /// The code is a secret, so neither its characters nor the expected check character (which
    /// would reveal a checksum of the group) are named: the group and its position are enough.
    #[error(
        "invalid activation code: group {group} (characters {first}-{last}) does not match its check character; a character in it is mistyped"
    )]
    GroupCheck {
        group: usize,
        first: usize,
        last: usize,
    },
    /// Not a legacy code (every group fails its check) and the payload-V1 error byte is wrong.
    #[error(
        "invalid activation code: neither the legacy check characters nor the payload-V1 error byte match"
    )]
    ErrorByte,
}

/// A decoded activation code. Holds the 10-byte entropy (secret): no `Debug`, no `Clone`.
pub struct ActivationCode {
    entropy: SecretBytes,
    legacy: bool,
    capability: Option<u8>,
}

/// Base32 value of an upper-case alphabet character (already validated).
fn value(c: u8) -> u8 {
    match c {
        b'A'..=b'Z' => c - b'A',
        _ => c - b'2' + 26,
    }
}

/// Significant characters, upper case, with 0→O and 1→I, or the first illegal character.
fn normalize(code: &str) -> Result<Zeroizing<Vec<u8>>, ActivationError> {
    // Never outgrown (one byte per input byte at most): no reallocation leaves a copy behind.
    let mut out = Zeroizing::new(Vec::with_capacity(code.len()));
    for (i, ch) in code.chars().enumerate() {
        if ch.is_whitespace() || ch == '-' {
            continue;
        }
        let c = match ch.to_ascii_uppercase() {
            '0' => 'O',
            '1' => 'I',
            c => c,
        };
        if !matches!(c, 'A'..='Z' | '2'..='7') {
            return Err(ActivationError::IllegalChar {
                ch,
                position: i + 1,
            });
        }
        out.push(c as u8);
    }
    Ok(out)
}

/// The legacy check character for four data characters.
fn check_char(data: &[u8]) -> u8 {
    let sum: u32 = data
        .iter()
        .zip(1u32..)
        .map(|(&c, w)| u32::from(c) * w)
        .sum();
    ALPHABET[(sum % 32) as usize]
}

/// The first legacy group whose check character is wrong, and how many fail.
fn legacy_failures(chars: &[u8]) -> (Option<ActivationError>, usize) {
    let mut first = None;
    let mut failing = 0;
    for (g, group) in chars.chunks(GROUP).enumerate() {
        let expected = check_char(&group[..GROUP - 1]);
        if group[GROUP - 1] != expected {
            failing += 1;
            first.get_or_insert_with(|| ActivationError::GroupCheck {
                group: g + 1,
                first: g * GROUP + 1,
                last: g * GROUP + GROUP,
            });
        }
    }
    (first, failing)
}

/// Pack 5-bit values MSB first; the last byte is zero-padded.
fn pack(values: impl Iterator<Item = u8>, bits: usize) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(vec![0u8; bits.div_ceil(8)]);
    for (i, v) in values.enumerate() {
        for b in 0..5 {
            let bit = i * 5 + b;
            if bit >= bits {
                return out;
            }
            if v & (0x10 >> b) != 0 {
                out[bit / 8] |= 0x80 >> (bit % 8);
            }
        }
    }
    out
}

/// Bits `from..from+n` (n ≤ 8) of the MSB-first bit string `bytes`.
fn bits_at(bytes: &[u8], from: usize, n: usize) -> u8 {
    (from..from + n).fold(0u8, |acc, bit| {
        (acc << 1) | ((bytes[bit / 8] >> (7 - bit % 8)) & 1)
    })
}

impl ActivationCode {
    /// Lenient parse (hyphens, spaces, lower case, 0→O, 1→I); legacy checksum, else payload V1.
    pub fn parse(code: &str) -> Result<Self, ActivationError> {
        let chars = normalize(code)?;
        let n = chars.len();
        if !(LEGACY_LEN..=MAX_LEN).contains(&n) {
            return Err(ActivationError::Length { len: n });
        }
        let mut legacy_error = None;
        if n == LEGACY_LEN {
            let (first, failing) = legacy_failures(&chars);
            match first {
                None => return Ok(Self::from_legacy(&chars)),
                // One to three bad groups is a typo in a legacy code; report the first one.
                Some(e) if failing < LEGACY_LEN / GROUP => legacy_error = Some(e),
                Some(_) => {}
            }
        }
        match Self::from_payload_v1(&chars) {
            Ok(c) => Ok(c),
            Err(e) => Err(legacy_error.unwrap_or(e)),
        }
    }

    fn from_legacy(chars: &[u8]) -> Self {
        let data = chars
            .chunks(GROUP)
            .flat_map(|g| g[..GROUP - 1].iter().map(|&c| value(c)));
        let entropy = pack(data, ENTROPY_LEN * 8);
        Self {
            entropy: SecretBytes::from_slice(&entropy),
            legacy: true,
            capability: None,
        }
    }

    fn from_payload_v1(chars: &[u8]) -> Result<Self, ActivationError> {
        let bits = chars.len() * 5;
        let all = pack(chars.iter().map(|&c| value(c)), bits);
        let found = bits_at(&all, bits - 8, 8);
        // The first N-8 bits, zero-padded to a byte boundary.
        let head = pack(chars.iter().map(|&c| value(c)), bits - 8);
        let digest = Sha256::digest(&*head);
        let expected = digest[digest.len() - 1];
        if found != expected {
            return Err(ActivationError::ErrorByte);
        }
        Ok(Self {
            entropy: SecretBytes::from_slice(&all[..ENTROPY_LEN]),
            legacy: false,
            capability: Some(bits_at(&all, ENTROPY_LEN * 8, 5)),
        })
    }

    pub fn entropy(&self) -> &[u8] {
        self.entropy.expose()
    }
    pub fn is_legacy(&self) -> bool {
        self.legacy
    }
    /// The 5-bit capability field of a payload-V1 code (bits 80-84); `None` for legacy codes.
    pub fn capability(&self) -> Option<u8> {
        self.capability
    }
    /// key = SHA-256(entropy || policy || 00 00 00 00)
    pub fn key(&self, policy: &str) -> SecretBytes {
        let mut h = Sha256::new();
        h.update(self.entropy.expose());
        h.update(policy.as_bytes());
        h.update([0u8; 4]);
        let mut digest = h.finalize();
        let key = SecretBytes::from_slice(&digest);
        zeroize::Zeroize::zeroize(digest.as_mut_slice());
        key
    }

    /// The legacy activation code (`XXXXX-XXXXX-XXXXX-XXXXX`) carrying `entropy`.
    pub fn format_legacy(entropy: &[u8; ENTROPY_LEN]) -> SecretString {
        let mut out = String::with_capacity(LEGACY_LEN + 3);
        let mut group = [0u8; GROUP];
        for g in 0..LEGACY_LEN / GROUP {
            for (k, slot) in group[..GROUP - 1].iter_mut().enumerate() {
                let idx = bits_at(entropy, (g * 4 + k) * 5, 5);
                *slot = ALPHABET[usize::from(idx)];
            }
            group[GROUP - 1] = check_char(&group[..GROUP - 1]);
            if g > 0 {
                out.push('-');
            }
            out.extend(group.iter().map(|&c| char::from(c)));
        }
        zeroize::Zeroize::zeroize(&mut group);
        SecretString::new(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_example_of_the_check_character() {
        // docs/mobilepass.md §2: Q,V,K,Y → 834 mod 32 = 2 = C.
        assert_eq!(check_char(b"QVKY"), b'C');
    }

    #[test]
    fn legacy_formatting_inverts_parsing() {
        let e: [u8; 10] = [0x85, 0x55, 0x82, 0xb3, 0xca, 0x96, 0x3c, 0x59, 0xc7, 0x5a];
        let code = ActivationCode::format_legacy(&e);
        assert_eq!(code.expose(), "QVKYC-FM6KO-SY6F7-TR22W");
    }
}
