//! Serials for tokens whose source carries none: derived from the secret material, so that
//! activating the same code or URI again finds the same token.
use crate::token::{Kind, OtpParams};
use sha2::{Digest, Sha256};

fn short_hash_hex(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    hex::encode_upper(&h.finalize()[..8])
}

/// Serial of a MobilePASS token: hex of the first 8 bytes of SHA-256(entropy || policy).
pub fn mobilepass(entropy: &[u8], policy: &str) -> String {
    short_hash_hex(&[entropy, policy.as_bytes()])
}

/// Serial of a URI token: hex of the first 8 bytes of SHA-256("otpauth" 0 kind 0 secret).
pub fn uri(kind: Kind, secret: &[u8]) -> String {
    short_hash_hex(&[b"otpauth\0", kind.as_str().as_bytes(), b"\0", secret])
}

/// Serial of a URI token whose [`uri`] serial is already held by a token with other OTP
/// parameters (one secret used with another algorithm, digit count or period): hex of the first
/// 8 bytes of SHA-256("otpauth" 0 kind 0 algorithm 0 digits 0 period 0 secret), decimal numbers.
pub fn uri_variant(params: &OtpParams, secret: &[u8]) -> String {
    let (digits, period) = (params.digits.to_string(), params.period.to_string());
    short_hash_hex(&[
        b"otpauth\0",
        params.kind.as_str().as_bytes(),
        b"\0",
        params.algorithm.as_str().as_bytes(),
        b"\0",
        digits.as_bytes(),
        b"\0",
        period.as_bytes(),
        b"\0",
        secret,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_are_sixteen_upper_hex_digits_of_sha256() {
        // SHA-256("") starts e3b0c44298fc1c14 (FIPS 180-4 test value).
        assert_eq!(mobilepass(b"", ""), "E3B0C44298FC1C14");
        let s = uri(Kind::Hotp, b"12345678901234567890");
        assert_eq!(s.len(), 16);
        assert_ne!(s, uri(Kind::Totp, b"12345678901234567890"));
    }

    #[test]
    fn a_variant_serial_differs_by_every_parameter() {
        use crate::token::Algorithm;
        let key = b"12345678901234567890";
        let base = OtpParams::hotp(Algorithm::Sha1, 6);
        let v = uri_variant(&base, key);
        assert_eq!(v.len(), 16);
        assert_ne!(v, uri(Kind::Hotp, key));
        let others = [
            OtpParams::hotp(Algorithm::Sha256, 6),
            OtpParams::hotp(Algorithm::Sha1, 8),
        ];
        for o in others {
            assert_ne!(uri_variant(&o, key), v);
        }
    }
}
