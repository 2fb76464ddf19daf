//! `POST /token/load`: seed files to tokens. One reader per file type, chosen by privacyIDEA's
//! `type` names; each turns its file into [`Seed`]s (a new type plugs in with one match arm).
//! PSKC goes through the same reader as `softpass import` (under the bulk limits).
use crate::failure::Failure;
use softpass_core::pskc::{self, KeyPackage, Limits, PinUsage, Protection};
use softpass_core::secret::{SecretBytes, SecretString};
use softpass_core::token::OtpParams;
use softpass_core::{aladdin, oathcsv};

/// The file types `type` may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedType {
    Pskc,
    AladdinXml,
    OathCsv,
}

/// The names accepted, as privacyIDEA spells them.
pub const SUPPORTED: &str = "pskc, aladdin-xml, oathcsv, OATH CSV";

impl SeedType {
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "pskc" => Some(SeedType::Pskc),
            "aladdin-xml" => Some(SeedType::AladdinXml),
            "oathcsv" | "OATH CSV" => Some(SeedType::OathCsv),
            _ => None,
        }
    }
}

/// One token read from a file.
pub struct Seed {
    pub serial: String,
    pub params: OtpParams,
    /// HOTP: the next counter; TOTP: the last accepted step (0: none), as privacyIDEA reads it.
    pub counter: u64,
    /// TOTP drift in seconds.
    pub time_shift: i64,
    pub secret: SecretBytes,
    /// A PIN the file says is sent with the eToken (PSKC Prepend/Append); never a Local one.
    pub otp_pin: Option<SecretString>,
}

/// How an encrypted file is opened.
pub struct Keys<'a> {
    pub password: Option<&'a SecretString>,
    /// `psk`: 32 hex characters (AES-128), as privacyIDEA requires.
    pub psk: Option<&'a str>,
}

/// The largest counter or T0 a token may start with: the stores hold i64, and every window
/// (a u32) must still fit above it. Beyond, a counter would not be stored as accepted, and the
/// same eToken would be accepted again.
pub const MAX_COUNTER: u64 = i64::MAX as u64 - u32::MAX as u64 - 2;
/// The largest TOTP drift either way (seconds), with the same room.
pub const MAX_TIME_SHIFT: i64 = MAX_COUNTER as i64;

/// Refuses (400/301, the whole request) a token whose counter, T0 or drift cannot be kept.
pub fn check_range(serial: &str, counter: u64, t0: u64, time_shift: i64) -> Result<(), Failure> {
    let too_large = |what: &str, v: &dyn std::fmt::Display, max: &dyn std::fmt::Display| {
        Failure::token_admin(format!(
            "token {serial}: the {what} {v} is out of range (at most {max})"
        ))
    };
    if counter > MAX_COUNTER {
        return Err(too_large("counter", &counter, &MAX_COUNTER));
    }
    if t0 > MAX_COUNTER {
        return Err(too_large("time origin (T0)", &t0, &MAX_COUNTER));
    }
    if time_shift.unsigned_abs() > MAX_TIME_SHIFT.unsigned_abs() {
        return Err(too_large("time drift", &time_shift, &MAX_TIME_SHIFT));
    }
    Ok(())
}

/// Reads `bytes` as a file of type `kind`. CPU-heavy (PBKDF2): run it on the blocking pool.
/// Every token's counter, T0 and drift are checked against [`check_range`].
pub fn read(kind: SeedType, bytes: &[u8], keys: &Keys<'_>) -> Result<Vec<Seed>, Failure> {
    let seeds = read_any(kind, bytes, keys)?;
    for s in &seeds {
        check_range(&s.serial, s.counter, s.params.t0, s.time_shift)?;
    }
    Ok(seeds)
}

fn read_any(kind: SeedType, bytes: &[u8], keys: &Keys<'_>) -> Result<Vec<Seed>, Failure> {
    if bytes.is_empty() {
        return Err(Failure::param("Error loading token file. File empty!"));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| {
        Failure::param("Unable to convert file contents. Binary data is not supported")
    })?;
    let located = |keys: Vec<(KeyPackage, String)>| keys.into_iter().map(|(k, _)| k);
    match kind {
        SeedType::Pskc => read_pskc(text, keys),
        SeedType::AladdinXml => aladdin::read_with(text, &Limits::BULK)
            .map(|f| seeds(located(f.keys)))
            .map_err(Failure::token_admin),
        SeedType::OathCsv => oathcsv::read_with(text, &Limits::BULK)
            .map(|f| seeds(located(f.keys)))
            .map_err(Failure::token_admin),
    }
}

fn psk_bytes(psk: &str) -> Result<Vec<u8>, Failure> {
    match hex::decode(psk) {
        Ok(b) if psk.len() == 32 => Ok(b),
        _ => Err(Failure::token_admin(
            "The Pre Shared Key must be 128 Bit hex encoded. It must be 32 characters long!",
        )),
    }
}

fn read_pskc(text: &str, keys: &Keys<'_>) -> Result<Vec<Seed>, Failure> {
    let psk = keys.psk.map(psk_bytes).transpose()?;
    let protection = match (&psk, keys.password) {
        (Some(k), _) => Protection::PreShared { key: k },
        (None, Some(p)) => Protection::Password {
            password: p,
            iterations: 0,
        },
        (None, None) => Protection::Plain,
    };
    let packages =
        pskc::read_with(text, &protection, &Limits::BULK).map_err(Failure::token_admin)?;
    Ok(seeds(packages.into_iter()))
}

/// The tokens of decoded key packages (the same for every file type).
fn seeds(packages: impl Iterator<Item = KeyPackage>) -> Vec<Seed> {
    packages
        .map(|kp| {
            let otp_pin = match kp.pin_usage {
                // Local: the client's application PIN; it stays with the client.
                Some(PinUsage::Prepend | PinUsage::Append) => kp.pin,
                _ => None,
            };
            Seed {
                serial: kp.serial.unwrap_or(kp.key_id),
                params: kp.params,
                counter: kp.counter,
                time_shift: kp.time_drift.saturating_mul(i64::from(kp.params.period)),
                secret: kp.secret,
                otp_pin,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: &str = r#"<?xml version="1.0"?>
<KeyContainer Version="1.0" xmlns="urn:ietf:params:xml:ns:keyprov:pskc">
 <KeyPackage><DeviceInfo><SerialNo>987654321</SerialNo></DeviceInfo>
  <Key Id="12345678" Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:hotp">
   <AlgorithmParameters><ResponseFormat Length="8" Encoding="DECIMAL"/></AlgorithmParameters>
   <Data><Secret><PlainValue>MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=</PlainValue></Secret>
    <Counter><PlainValue>0</PlainValue></Counter></Data>
  </Key></KeyPackage></KeyContainer>"#;

    #[test]
    fn reads_rfc6030_figure2_and_refuses_what_privacyidea_refuses() {
        let keys = Keys {
            password: None,
            psk: None,
        };
        let s = read(SeedType::Pskc, PLAIN.as_bytes(), &keys).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].serial.as_str(), s[0].params.digits), ("987654321", 8));
        assert_eq!(s[0].secret.expose(), b"12345678901234567890");
        assert!(s[0].otp_pin.is_none());
        assert_eq!(read(SeedType::Pskc, b"", &keys).err().unwrap().code, 905);
        let bad = Keys {
            password: None,
            psk: Some("abc"),
        };
        assert_eq!(
            read(SeedType::Pskc, PLAIN.as_bytes(), &bad)
                .err()
                .unwrap()
                .code,
            301
        );
        assert_eq!(SeedType::from_name("OATH CSV"), Some(SeedType::OathCsv));
        assert_eq!(SeedType::from_name("nosuch"), None);
    }

    /// PLAIN with its `<Counter>` set to `counter`.
    fn with_counter(counter: &str) -> String {
        PLAIN.replace(
            "<PlainValue>0</PlainValue>",
            &format!("<PlainValue>{counter}</PlainValue>"),
        )
    }

    #[test]
    fn counters_beyond_what_the_stores_keep_are_refused() {
        let keys = Keys {
            password: None,
            psk: None,
        };
        // 2^63 - 1 - (2^32 - 1) - 2, the room for a u32 window above the counter.
        let max = "9223372032559808510";
        assert_eq!(MAX_COUNTER.to_string(), max);
        let s = read(SeedType::Pskc, with_counter(max).as_bytes(), &keys).unwrap();
        assert_eq!(s[0].counter, MAX_COUNTER);
        // The review's example: accepted, it was stored clamped to 2^63 - 1 and replayed.
        let e = read(
            SeedType::Pskc,
            with_counter("9223372036854775798").as_bytes(),
            &keys,
        );
        let e = e.err().unwrap();
        assert_eq!(
            (e.status, e.message.as_str()),
            (
                400,
                "ERR301: token 987654321: the counter 9223372036854775798 is out of range (at most 9223372032559808510)"
            )
        );
        assert!(check_range("S", 0, MAX_COUNTER + 1, 0).is_err());
        assert!(check_range("S", 0, 0, -MAX_TIME_SHIFT).is_ok());
        assert!(check_range("S", 0, 0, i64::MIN).is_err());
        assert!(check_range("S", 0, 0, i64::MAX).is_err());
    }
}
