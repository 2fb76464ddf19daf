//! Token vocabulary shared by every layer: kind, hash algorithm, OTP parameters.
use serde::{Deserialize, Serialize};
use std::fmt;

/// What generates a token's eTokens. Serialised as `hotp`, `totp`, `mobilepass` (CLI contract).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// RFC 4226 event token.
    Hotp,
    /// RFC 6238 time token.
    Totp,
    /// MobilePASS activation-code token: HOTP with HMAC-SHA-256 and a KDF1-derived key (event based).
    Mobilepass,
}

impl Kind {
    /// Event tokens have a counter that must never be reused.
    pub fn is_event(self) -> bool {
        matches!(self, Kind::Hotp | Kind::Mobilepass)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Hotp => "hotp",
            Kind::Totp => "totp",
            Kind::Mobilepass => "mobilepass",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// HMAC hash. Serialised as `sha1`, `sha256`, `sha512`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    #[default]
    Sha1,
    Sha256,
    Sha512,
}

impl Algorithm {
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "sha1",
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha512 => "sha512",
        }
    }
    /// Lenient name lookup: `SHA1`, `sha-256`, `HmacSHA512`, ... (case and hyphens ignored).
    pub fn from_name(name: &str) -> Option<Self> {
        let n: String = name
            .chars()
            .filter(|c| *c != '-' && *c != '_')
            .flat_map(char::to_lowercase)
            .collect();
        match n.trim_start_matches("hmac") {
            "sha1" => Some(Algorithm::Sha1),
            "sha256" => Some(Algorithm::Sha256),
            "sha512" => Some(Algorithm::Sha512),
            _ => None,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything needed, besides the secret, to compute a token's codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtpParams {
    pub kind: Kind,
    pub algorithm: Algorithm,
    /// 6..=10 digits.
    pub digits: u8,
    /// TOTP time step in seconds (ignored for event tokens).
    pub period: u32,
    /// TOTP T0 (Unix seconds).
    pub t0: u64,
}

impl OtpParams {
    pub const MIN_DIGITS: u8 = 6;
    pub const MAX_DIGITS: u8 = 10;

    pub fn hotp(algorithm: Algorithm, digits: u8) -> Self {
        Self {
            kind: Kind::Hotp,
            algorithm,
            digits,
            period: 30,
            t0: 0,
        }
    }
    pub fn totp(algorithm: Algorithm, digits: u8, period: u32) -> Self {
        Self {
            kind: Kind::Totp,
            algorithm,
            digits,
            period,
            t0: 0,
        }
    }
    pub fn mobilepass(digits: u8) -> Self {
        Self {
            kind: Kind::Mobilepass,
            algorithm: Algorithm::Sha256,
            digits,
            period: 30,
            t0: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn algorithm_names_are_lenient() {
        assert_eq!(Algorithm::from_name("SHA1"), Some(Algorithm::Sha1));
        assert_eq!(Algorithm::from_name("sha-256"), Some(Algorithm::Sha256));
        assert_eq!(Algorithm::from_name("HmacSHA512"), Some(Algorithm::Sha512));
        assert_eq!(Algorithm::from_name("md5"), None);
    }

    #[test]
    fn kind_serialises_as_contract_names() {
        assert_eq!(
            serde_json::to_string(&Kind::Mobilepass).unwrap(),
            "\"mobilepass\""
        );
        assert!(Kind::Hotp.is_event() && Kind::Mobilepass.is_event() && !Kind::Totp.is_event());
    }
}

/// How the application PIN must look and how many wrong tries a token tolerates.
/// Comes from a PSKC `<PINPolicy>` or from softpass's defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinPolicy {
    pub min_length: u32,
    pub max_length: u32,
    /// `None`: no lock-out; a growing delay after repeated failures instead.
    pub max_failed_attempts: Option<u32>,
    /// Only decimal digits allowed (PSKC `PINEncoding` DECIMAL).
    pub numeric: bool,
}

impl Default for PinPolicy {
    fn default() -> Self {
        Self {
            min_length: 4,
            max_length: 64,
            max_failed_attempts: None,
            numeric: false,
        }
    }
}

impl PinPolicy {
    /// `Err` carries a message that names the rule broken, never the PIN.
    pub fn check(&self, pin: &str) -> Result<(), String> {
        let n = pin.chars().count() as u32;
        if n < self.min_length {
            return Err(format!(
                "the PIN must have at least {} characters",
                self.min_length
            ));
        }
        if n > self.max_length {
            return Err(format!(
                "the PIN must have at most {} characters",
                self.max_length
            ));
        }
        if self.numeric && !pin.chars().all(|c| c.is_ascii_digit()) {
            return Err("the PIN must contain only digits".into());
        }
        Ok(())
    }
}
