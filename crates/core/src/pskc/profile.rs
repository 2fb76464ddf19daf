//! The issuing profile: serials, activation keys, PINs and secrets drawn from injected randomness,
//! and the seed file for one token in the format asked for (docs/seed-files.md §2.1).
use super::write::{WriteOptions, write};
use super::{KeyPackage, PinUsage, Protection, PskcError};
use crate::secret::{SecretBytes, SecretString};
use crate::seedfile::Format;
use crate::token::{Algorithm, OtpParams, PinPolicy};
use crate::{aladdin, oathcsv};

/// Activation keys: 16 characters from [A-Za-z0-9] (about 95 bits).
pub(crate) const ACTIVATION_KEY_LEN: usize = 16;
/// Serials: 16 upper-case hex digits (64 random bits).
pub(crate) const SERIAL_HEX_DIGITS: usize = 16;
/// OTP secrets: 20 random bytes (the HMAC-SHA-1 block-size recommendation of RFC 4226).
pub(crate) const SECRET_LEN: usize = 20;
/// The application PIN policy written into issued tokens: 4 to 16 characters.
pub(crate) const PIN_MIN: u32 = 4;
pub(crate) const PIN_MAX: u32 = 16;
const ALPHANUMERIC: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Uniform choice from `alphabet` by rejection sampling (no modulo bias).
fn draw(random: &mut dyn FnMut(&mut [u8]), alphabet: &[u8], n: usize) -> String {
    let limit = 256 - 256 % alphabet.len();
    let mut out = String::with_capacity(n);
    let mut buf = [0u8; 32];
    while out.len() < n {
        random(&mut buf);
        for &b in buf.iter().filter(|b| usize::from(**b) < limit) {
            if out.len() < n {
                out.push(char::from(alphabet[usize::from(b) % alphabet.len()]));
            }
        }
    }
    out
}

pub(crate) fn random_activation_key(random: &mut dyn FnMut(&mut [u8])) -> SecretString {
    SecretString::new(draw(random, ALPHANUMERIC, ACTIVATION_KEY_LEN))
}

pub(crate) fn random_serial(random: &mut dyn FnMut(&mut [u8])) -> String {
    let mut b = [0u8; SERIAL_HEX_DIGITS / 2];
    random(&mut b);
    hex::encode_upper(b)
}

/// A PIN of `digits` decimal digits.
pub(crate) fn random_pin(random: &mut dyn FnMut(&mut [u8]), digits: usize) -> SecretString {
    SecretString::new(draw(random, b"0123456789", digits))
}

/// What to issue. `None` fields are drawn at random.
pub struct IssueSpec {
    pub params: OtpParams,
    pub serial: Option<String>,
    pub activation_key: Option<SecretString>,
    pub app_pin: Option<SecretString>,
    /// Reproduce a known token (the demo token); normally random.
    pub secret: Option<SecretBytes>,
    pub max_failed_attempts: u32,
    pub pbkdf2_iterations: u32,
    /// `Issuer` and `Manufacturer` written into the file.
    pub issuer: String,
    /// The seed file's format. Only PSKC is encrypted and carries the PIN and its policy.
    pub format: Format,
}

/// One issued token: what the administrator hands out, and the seed file.
pub struct Issued {
    pub serial: String,
    /// The PSKC password; `None` for the unencrypted formats.
    pub activation_key: Option<SecretString>,
    pub pin: SecretString,
    pub secret: SecretBytes,
    pub params: OtpParams,
    /// The seed file's content (`<SERIAL>.pskc`, `.xml` or `.csv`; the last two hold the secret in
    /// clear, so it is wiped on drop).
    pub file: zeroize::Zeroizing<String>,
}

/// The secret length drawn: 20 bytes in PSKC (RFC 4226's recommendation); in the formats whose
/// readers infer the hash from the key length, the length that gives the token's hash.
fn secret_len(spec: &IssueSpec) -> usize {
    match (spec.format, spec.params.algorithm) {
        (Format::Pskc, _) | (_, Algorithm::Sha1) => SECRET_LEN,
        (_, Algorithm::Sha256) => 32,
        (_, Algorithm::Sha512) => 64,
    }
}

fn check_spec(spec: &IssueSpec) -> Result<(), PskcError> {
    if let Some(s) = &spec.serial
        && (s.len() != SERIAL_HEX_DIGITS || !s.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return Err(PskcError::Invalid(format!(
            "a serial must be {SERIAL_HEX_DIGITS} hex digits"
        )));
    }
    if let Some(k) = &spec.activation_key
        && (k.len() != ACTIVATION_KEY_LEN || !k.expose().bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return Err(PskcError::Invalid(format!(
            "an activation key must be {ACTIVATION_KEY_LEN} characters from A-Z, a-z, 0-9"
        )));
    }
    if spec.max_failed_attempts == 0 {
        return Err(PskcError::Invalid(
            "max failed attempts must be at least 1".into(),
        ));
    }
    if spec.secret.as_ref().is_some_and(SecretBytes::is_empty) {
        return Err(PskcError::Invalid("the secret is empty".into()));
    }
    Ok(())
}

/// Build one token and its seed file, encrypted with PBKDF2 from the activation key.
pub fn issue(spec: &IssueSpec, random: &mut dyn FnMut(&mut [u8])) -> Result<Issued, PskcError> {
    check_spec(spec)?;
    let serial = match &spec.serial {
        Some(s) => s.to_ascii_uppercase(),
        None => random_serial(random),
    };
    let activation_key = match (&spec.activation_key, spec.format) {
        (_, Format::AladdinXml | Format::OathCsv) => None,
        (Some(k), Format::Pskc) => Some(k.duplicate()),
        (None, Format::Pskc) => Some(random_activation_key(random)),
    };
    let pin = match &spec.app_pin {
        Some(p) => p.duplicate(),
        None => random_pin(random, PIN_MIN as usize),
    };
    let policy = PinPolicy {
        min_length: PIN_MIN,
        max_length: PIN_MAX,
        max_failed_attempts: Some(spec.max_failed_attempts),
        numeric: pin.expose().chars().all(|c| c.is_ascii_digit()),
    };
    policy
        .check(pin.expose())
        .map_err(|rule| PskcError::Invalid(format!("application PIN not accepted: {rule}")))?;
    let secret = match &spec.secret {
        Some(s) => s.duplicate(),
        None => {
            let mut b = vec![0u8; secret_len(spec)];
            random(&mut b);
            SecretBytes::new(b)
        }
    };
    let package = KeyPackage {
        serial: Some(serial.clone()),
        manufacturer: Some(spec.issuer.clone()),
        model: None,
        issue_no: None,
        issuer: Some(spec.issuer.clone()),
        friendly_name: None,
        key_id: serial.clone(),
        params: spec.params,
        counter: 0,
        time_drift: 0,
        secret: secret.duplicate(),
        pin_policy: Some(policy),
        pin: Some(pin.duplicate()),
        valid_from: None,
        valid_until: None,
        pin_usage: Some(PinUsage::Local),
    };
    let file = match &activation_key {
        Some(key) => {
            let options = WriteOptions {
                protection: Protection::Password {
                    password: key,
                    iterations: spec.pbkdf2_iterations,
                },
            };
            write(&[package], &options, random)?
        }
        None if spec.format == Format::AladdinXml => aladdin::write(&[package])?,
        None => oathcsv::write(&[package])?,
    };
    let file = zeroize::Zeroizing::new(file);
    Ok(Issued {
        serial,
        activation_key,
        pin,
        secret,
        params: spec.params,
        file,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A counter-based byte stream: deterministic, and exercises rejection (values ≥ 248).
    fn counting() -> impl FnMut(&mut [u8]) {
        let mut n: u8 = 240;
        move |buf: &mut [u8]| {
            for b in buf {
                *b = n;
                n = n.wrapping_add(1);
            }
        }
    }

    #[test]
    fn drawn_values_have_the_profile_shape() {
        let mut r = counting();
        let key = random_activation_key(&mut r);
        assert_eq!(key.len(), 16);
        assert!(key.expose().bytes().all(|b| b.is_ascii_alphanumeric()));
        // 240..=247 map to 240 % 62 = 54.. -> "2".."9"; 248..=255 are rejected; 0 -> 'A'.
        assert!(key.expose().starts_with("23456789ABCDEFGH"));
        let serial = random_serial(&mut r);
        assert_eq!(serial.len(), 16);
        assert!(
            serial
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_lowercase())
        );
        let pin = random_pin(&mut r, 4);
        assert!(pin.expose().len() == 4 && pin.expose().bytes().all(|b| b.is_ascii_digit()));
    }

    #[test]
    fn rejects_bad_specs() {
        let spec = |serial: &str, key: &str, pin: &str| IssueSpec {
            params: OtpParams::hotp(Default::default(), 6),
            serial: Some(serial.into()),
            activation_key: Some(key.into()),
            app_pin: Some(pin.into()),
            secret: None,
            max_failed_attempts: 10,
            pbkdf2_iterations: 1,
            issuer: "softpass".into(),
            format: Format::Pskc,
        };
        let mut r = counting();
        assert!(issue(&spec("4F214C507612A26", "YZQHoczZWw3cBCNo", "4089"), &mut r).is_err());
        assert!(
            issue(
                &spec("4F214C507612A26A", "YZQHoczZWw3cBCN!", "4089"),
                &mut r
            )
            .is_err()
        );
        assert!(issue(&spec("4F214C507612A26A", "YZQHoczZWw3cBCNo", "408"), &mut r).is_err());
        let ok = issue(
            &spec("4f214c507612a26a", "YZQHoczZWw3cBCNo", "4089"),
            &mut r,
        )
        .unwrap();
        assert_eq!(ok.serial, "4F214C507612A26A");
        assert_eq!(ok.secret.len(), SECRET_LEN);
    }
}
