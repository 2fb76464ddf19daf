//! MobilePASS eTokens: HOTP with HMAC-SHA-256 under the key derived from an activation code.
use super::{Hotp, OtpError};
use crate::activation::ActivationCode;
use crate::token::Algorithm;

/// The generator for a MobilePASS token: key = KDF1(entropy, policy), HMAC-SHA-256, `digits` digits.
pub fn generator(code: &ActivationCode, policy: &str, digits: u8) -> Result<Hotp, OtpError> {
    let key = code.key(policy);
    Hotp::new(Algorithm::Sha256, key.expose(), digits)
}
