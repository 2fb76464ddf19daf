//! One-time-password generators: HOTP (RFC 4226), TOTP (RFC 6238), MobilePASS (HOTP/SHA-256).
//!
//! The keyed HMAC state is built once per token ([`Hotp::new`]) and reused per code, so a code costs
//! two hash compressions and no key schedule (see `mac`).
mod hotp;
mod mac;
pub mod mobilepass;
mod stream;
mod totp;

pub use hotp::{Code, Hotp};
pub use stream::CodeRun;
pub use totp::Totp;

use crate::secret::SecretBytes;
use crate::token::{Kind, OtpParams};
use thiserror::Error;

/// Errors building a generator.
#[derive(Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum OtpError {
    #[error("digits must be between 6 and 10, not {0}")]
    Digits(u8),
    #[error("the period must be at least 1 second")]
    Period,
    #[error("the secret is empty")]
    EmptySecret,
    #[error("time {time} is before the token's T0 {t0}")]
    BeforeT0 { time: u64, t0: u64 },
}

/// A ready-to-use generator for one token: event (HOTP, MobilePASS) or time based (TOTP).
pub enum Generator {
    Event(Hotp),
    Time(Totp),
}

impl Generator {
    /// `secret` is the HMAC key itself (for MobilePASS: the key derived from the activation code).
    pub fn new(params: &OtpParams, secret: &SecretBytes) -> Result<Self, OtpError> {
        let hotp = Hotp::new(params.algorithm, secret.expose(), params.digits)?;
        Ok(match params.kind {
            Kind::Hotp | Kind::Mobilepass => Generator::Event(hotp),
            Kind::Totp => Generator::Time(Totp::new(hotp, params.period, params.t0)?),
        })
    }

    /// The underlying HOTP (for TOTP: the one it steps through).
    pub fn hotp(&self) -> &Hotp {
        match self {
            Generator::Event(h) => h,
            Generator::Time(t) => t.hotp(),
        }
    }
}
