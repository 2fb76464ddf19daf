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

/// Reads `bytes` as a file of type `kind`. CPU-heavy (PBKDF2): run it on the blocking pool.
pub fn read(kind: SeedType, bytes: &[u8], keys: &Keys<'_>) -> Result<Vec<Seed>, Failure> {
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
}
