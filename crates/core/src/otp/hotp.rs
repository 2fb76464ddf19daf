//! HOTP (RFC 4226): HMAC over the 8-byte big-endian counter, dynamic truncation, mod 10^digits.
use super::OtpError;
use super::mac::{KeyedMac, MAX_DIGEST};
use crate::token::{Algorithm, OtpParams};
use std::fmt;

/// An HOTP generator with its keyed state built once. Key-equivalent, so not `Clone`: copy it
/// with [`Hotp::duplicate`].
pub struct Hotp {
    mac: KeyedMac,
    digits: u8,
    modulus: u32,
}

/// One eToken: the value and how many digits to print (leading zeros kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub value: u32,
    pub digits: u8,
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:0width$}", self.value, width = self.digits as usize)
    }
}

impl Code {
    /// The longest code, in bytes (10 digits).
    pub const MAX_LEN: usize = 10;

    /// The zero-padded decimal digits written into `buf`, without allocating (for streaming).
    pub fn write_ascii<'b>(&self, buf: &'b mut [u8; Self::MAX_LEN]) -> &'b [u8] {
        let n = usize::from(self.digits).min(Self::MAX_LEN);
        let mut v = self.value;
        for slot in buf[..n].iter_mut().rev() {
            *slot = b'0' + (v % 10) as u8;
            v /= 10;
        }
        &buf[..n]
    }
}

fn truncate(digest: &[u8]) -> u32 {
    // RFC 4226 §5.3: offset from the low nibble of the last byte, 31-bit big-endian word.
    let offset = (digest[digest.len() - 1] & 0x0f) as usize;
    u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ])
}

impl Hotp {
    pub fn new(algorithm: Algorithm, key: &[u8], digits: u8) -> Result<Self, OtpError> {
        if !(OtpParams::MIN_DIGITS..=OtpParams::MAX_DIGITS).contains(&digits) {
            return Err(OtpError::Digits(digits));
        }
        if key.is_empty() {
            return Err(OtpError::EmptySecret);
        }
        let mac = match algorithm {
            Algorithm::Sha1 => KeyedMac::sha1(key),
            Algorithm::Sha256 => KeyedMac::sha256(key),
            Algorithm::Sha512 => KeyedMac::sha512(key),
        };
        // 10 digits: 10^10 exceeds u32, but the truncated value is < 2^31 < 10^10, so no reduction.
        let modulus = 10u32.checked_pow(u32::from(digits)).unwrap_or(0);
        Ok(Self {
            mac,
            digits,
            modulus,
        })
    }

    pub fn digits(&self) -> u8 {
        self.digits
    }

    /// An explicit copy (as `SecretBytes::duplicate`): secrets are never copied by accident.
    pub fn duplicate(&self) -> Self {
        Self {
            mac: self.mac.duplicate(),
            digits: self.digits,
            modulus: self.modulus,
        }
    }

    /// The raw truncated value before reduction (RFC 4226 "Snum").
    pub fn truncated(&self, counter: u64) -> u32 {
        let mut digest = [0u8; MAX_DIGEST];
        let len = self.mac.counter_mac(counter, &mut digest);
        truncate(&digest[..len])
    }

    /// The eToken for `counter`.
    pub fn code(&self, counter: u64) -> Code {
        let snum = self.truncated(counter);
        let value = if self.modulus == 0 {
            snum
        } else {
            snum % self.modulus
        };
        Code {
            value,
            digits: self.digits,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_digits_and_empty_key() {
        assert_eq!(
            Hotp::new(Algorithm::Sha1, b"k", 5).err(),
            Some(OtpError::Digits(5))
        );
        assert_eq!(
            Hotp::new(Algorithm::Sha1, b"k", 11).err(),
            Some(OtpError::Digits(11))
        );
        assert_eq!(
            Hotp::new(Algorithm::Sha1, b"", 6).err(),
            Some(OtpError::EmptySecret)
        );
    }

    #[test]
    fn a_duplicate_computes_the_same_codes() {
        // RFC 4226 Appendix D, counters 0 and 9; RFC 6238 App. B SHA-256/512 keys at T = 59 s.
        let h = Hotp::new(Algorithm::Sha1, b"12345678901234567890", 6).unwrap();
        let d = h.duplicate();
        drop(h);
        assert_eq!(
            (d.code(0).to_string(), d.code(9).to_string()),
            ("755224".into(), "520489".into())
        );
        let k256 = b"12345678901234567890123456789012";
        let h = Hotp::new(Algorithm::Sha256, k256, 8).unwrap().duplicate();
        assert_eq!(h.code(1).to_string(), "46119246");
        let k512 = b"1234567890123456789012345678901234567890123456789012345678901234";
        let h = Hotp::new(Algorithm::Sha512, k512, 8).unwrap().duplicate();
        assert_eq!(h.code(1).to_string(), "90693936");
    }

    #[test]
    fn rfc4226_first_value_and_padding() {
        // RFC 4226 Appendix D, counter 0 and 1 (the full table is in tests/support/vectors.rs).
        let h = Hotp::new(Algorithm::Sha1, b"12345678901234567890", 6).unwrap();
        assert_eq!(h.code(0).to_string(), "755224");
        assert_eq!(h.truncated(1), 0x41397eea);
        let c = Code {
            value: 42,
            digits: 8,
        };
        assert_eq!(c.to_string(), "00000042");
        let mut buf = [0u8; Code::MAX_LEN];
        assert_eq!(c.write_ascii(&mut buf), b"00000042");
        let c = Code {
            value: 1284755224,
            digits: 10,
        };
        assert_eq!(c.write_ascii(&mut buf), b"1284755224");
    }
}
