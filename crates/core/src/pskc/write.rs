//! PSKC writer: the profile softpass issues (docs/seed-files.md, "What softpass writes").
use super::crypto::{self, Hash, IV_LEN, URI_AES128_CBC, URI_PBKDF2};
use super::xml::{b64, escape};
use super::{KeyPackage, MAX_PBKDF2_ITERATIONS, PinUsage, Protection, PskcError};
use crate::secret::SecretString;
use crate::token::{Algorithm, Kind, OtpParams};
use std::fmt::Write as _;
use zeroize::Zeroizing;

pub struct WriteOptions<'a> {
    pub protection: Protection<'a>,
}

const HEADER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<pskc:KeyContainer xmlns:pskc="urn:ietf:params:xml:ns:keyprov:pskc" xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" xmlns:xenc11="http://www.w3.org/2009/xmlenc11#" xmlns:pkcs5="http://www.rsasecurity.com/rsalabs/pkcs/schemas/pkcs-5v2-0#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Version="1.0">
"#;
/// PBKDF2 salt length written (bytes).
const SALT_LEN: usize = 16;
/// HMAC-SHA1 for the MAC and the PBKDF2 PRF: privacyIDEA computes both with SHA-1 whatever the
/// file says, and python-pskc and RFC 8018 default to it (docs/seed-files.md §2).
const MAC: Hash = Hash::Sha1;
/// The MAC key is as long as the HMAC-SHA1 output.
const MAC_KEY_LEN: usize = 20;

/// The encryption key and MAC key in use while writing.
struct Sealer<'r> {
    key: Zeroizing<Vec<u8>>,
    mac_key: Zeroizing<Vec<u8>>,
    random: &'r mut dyn FnMut(&mut [u8]),
}

impl Sealer<'_> {
    /// AES-128-CBC under a fresh IV; returns the CipherValue bytes (IV || ciphertext).
    fn seal(&mut self, plain: &[u8]) -> Result<Vec<u8>, PskcError> {
        let mut iv = [0u8; IV_LEN];
        (self.random)(&mut iv);
        crypto::aes128_cbc_encrypt(&self.key, &iv, plain)
            .ok_or_else(|| PskcError::Invalid("the encryption key must be 16 bytes".into()))
    }
}

fn cipher_data(out: &mut String, indent: &str, blob: &[u8]) {
    let _ = write!(
        out,
        "{indent}<xenc:EncryptionMethod Algorithm=\"{URI_AES128_CBC}\"/>\n\
         {indent}<xenc:CipherData>\n\
         {indent}  <xenc:CipherValue>{}</xenc:CipherValue>\n\
         {indent}</xenc:CipherData>\n",
        b64(blob)
    );
}

/// Write `packages` as one KeyContainer. `random` fills salts, IVs and the MAC key.
pub fn write(
    packages: &[KeyPackage],
    options: &WriteOptions<'_>,
    random: &mut dyn FnMut(&mut [u8]),
) -> Result<String, PskcError> {
    if packages.is_empty() {
        return Err(PskcError::Invalid(
            "nothing to write: no key package".into(),
        ));
    }
    let mut out = String::from(HEADER);
    let mut sealer = match encryption_key(&mut out, &options.protection, random)? {
        None => None,
        Some(key) => {
            let mut mac_key = Zeroizing::new(vec![0u8; MAC_KEY_LEN]);
            random(&mut mac_key);
            let mut s = Sealer {
                key,
                mac_key,
                random: &mut *random,
            };
            mac_method(&mut out, &mut s)?;
            Some(s)
        }
    };
    for (i, p) in packages.iter().enumerate() {
        key_package(&mut out, p, i, sealer.as_mut())?;
    }
    out.push_str("</pskc:KeyContainer>\n");
    Ok(out)
}

/// `<EncryptionKey>` for the protection, and the key it stands for (`None`: plain values).
fn encryption_key(
    out: &mut String,
    protection: &Protection<'_>,
    random: &mut dyn FnMut(&mut [u8]),
) -> Result<Option<Zeroizing<Vec<u8>>>, PskcError> {
    match protection {
        Protection::Plain => Ok(None),
        Protection::Password {
            password,
            iterations,
        } => {
            if !(1..=MAX_PBKDF2_ITERATIONS).contains(iterations) {
                return Err(PskcError::Invalid(format!(
                    "PBKDF2 iterations must be 1 to {MAX_PBKDF2_ITERATIONS}"
                )));
            }
            let mut salt = [0u8; SALT_LEN];
            random(&mut salt);
            // No <PRF>: HMAC-SHA1 by RFC 8018's default, the only PRF privacyIDEA derives with.
            let key = crypto::pbkdf2(MAC, password.expose().as_bytes(), &salt, *iterations, 16);
            let _ = write!(
                out,
                "  <pskc:EncryptionKey>\n    <xenc11:DerivedKey>\n      \
                 <xenc11:KeyDerivationMethod Algorithm=\"{URI_PBKDF2}\">\n        \
                 <pkcs5:PBKDF2-params>\n          <Salt>\n            <Specified>{}</Specified>\n          </Salt>\n          \
                 <IterationCount>{iterations}</IterationCount>\n          <KeyLength>16</KeyLength>\n        \
                 </pkcs5:PBKDF2-params>\n      </xenc11:KeyDerivationMethod>\n      \
                 <xenc11:MasterKeyName>Activation Key</xenc11:MasterKeyName>\n    </xenc11:DerivedKey>\n  </pskc:EncryptionKey>\n",
                b64(&salt),
            );
            Ok(Some(key))
        }
        Protection::PreShared { key } => {
            if key.len() != 16 {
                return Err(PskcError::Invalid(
                    "the pre-shared key must be 16 bytes (AES-128)".into(),
                ));
            }
            out.push_str(
                "  <pskc:EncryptionKey>\n    <ds:KeyName>Pre-shared-key</ds:KeyName>\n  </pskc:EncryptionKey>\n",
            );
            Ok(Some(Zeroizing::new(key.to_vec())))
        }
    }
}

/// `<MACMethod>` with the MAC key sealed under the encryption key.
fn mac_method(out: &mut String, s: &mut Sealer<'_>) -> Result<(), PskcError> {
    let mac_key = Zeroizing::new(s.mac_key.to_vec());
    let blob = s.seal(&mac_key)?;
    let _ = writeln!(
        out,
        "  <pskc:MACMethod Algorithm=\"{}\">\n    <pskc:MACKey>",
        MAC.hmac_uri()
    );
    cipher_data(out, "      ", &blob);
    out.push_str("    </pskc:MACKey>\n  </pskc:MACMethod>\n");
    Ok(())
}

fn text(field: &str, v: &str) -> Result<String, PskcError> {
    if v.chars().any(char::is_control) {
        return Err(PskcError::Invalid(format!(
            "{field} contains control characters"
        )));
    }
    Ok(escape(v))
}

fn elem(out: &mut String, indent: &str, name: &str, v: &Option<String>) -> Result<(), PskcError> {
    if let Some(v) = v {
        let _ = writeln!(out, "{indent}<pskc:{name}>{}</pskc:{name}>", text(name, v)?);
    }
    Ok(())
}

/// `<KeyPackage>` with the token's DeviceInfo, then `<Key Id Algorithm>` and its Issuer: the
/// same opening for the OTP key and for the PIN key package that goes with it.
fn open_key(out: &mut String, p: &KeyPackage, id: &str, alg: &str) -> Result<(), PskcError> {
    out.push_str("  <pskc:KeyPackage>\n");
    device_info(out, p)?;
    let _ = writeln!(
        out,
        "    <pskc:Key Id=\"{id}\" Algorithm=\"urn:ietf:params:xml:ns:keyprov:pskc:{alg}\">"
    );
    elem(out, "      ", "Issuer", &p.issuer)
}

fn device_info(out: &mut String, p: &KeyPackage) -> Result<(), PskcError> {
    if p.manufacturer.is_none() && p.serial.is_none() && p.model.is_none() && p.issue_no.is_none() {
        return Ok(());
    }
    out.push_str("    <pskc:DeviceInfo>\n");
    elem(out, "      ", "Manufacturer", &p.manufacturer)?;
    elem(out, "      ", "SerialNo", &p.serial)?;
    elem(out, "      ", "Model", &p.model)?;
    elem(out, "      ", "IssueNo", &p.issue_no)?;
    out.push_str("    </pskc:DeviceInfo>\n");
    Ok(())
}

/// `<Secret>`: PlainValue, or EncryptedValue + ValueMAC over IV || ciphertext.
fn secret(
    out: &mut String,
    bytes: &[u8],
    sealer: Option<&mut Sealer<'_>>,
) -> Result<(), PskcError> {
    out.push_str("        <pskc:Secret>\n");
    match sealer {
        None => {
            let _ = writeln!(
                out,
                "          <pskc:PlainValue>{}</pskc:PlainValue>",
                b64(bytes)
            );
        }
        Some(s) => {
            let blob = s.seal(bytes)?;
            let mac = crypto::hmac(MAC, &s.mac_key, &blob);
            out.push_str("          <pskc:EncryptedValue>\n");
            cipher_data(out, "            ", &blob);
            out.push_str("          </pskc:EncryptedValue>\n");
            let _ = writeln!(
                out,
                "          <pskc:ValueMAC>{}</pskc:ValueMAC>",
                b64(&mac)
            );
        }
    }
    out.push_str("        </pskc:Secret>\n");
    Ok(())
}

fn plain_data(out: &mut String, name: &str, v: impl std::fmt::Display) {
    let _ = writeln!(
        out,
        "        <pskc:{name}>\n          <pskc:PlainValue>{v}</pskc:PlainValue>\n        </pskc:{name}>"
    );
}

/// One token: its PIN key package first (privacyIDEA keys tokens by serial and keeps the last
/// package of a serial, so the OTP key must come last), then the OTP key package.
fn key_package(
    out: &mut String,
    p: &KeyPackage,
    index: usize,
    mut sealer: Option<&mut Sealer<'_>>,
) -> Result<(), PskcError> {
    let params: &OtpParams = &p.params;
    if p.secret.is_empty() {
        return Err(PskcError::Invalid(format!(
            "key package {}: the secret is empty",
            index + 1
        )));
    }
    if !(OtpParams::MIN_DIGITS..=OtpParams::MAX_DIGITS).contains(&params.digits) {
        return Err(PskcError::Invalid(format!(
            "key package {}: {} digits is not between 6 and 10",
            index + 1,
            params.digits
        )));
    }
    let id = if !p.key_id.is_empty() {
        p.key_id.clone()
    } else {
        p.serial
            .clone()
            .unwrap_or_else(|| format!("key{}", index + 1))
    };
    let id = text("Key Id", &id)?;
    let pin_id = format!("{id}-PIN");
    if let Some(pin) = &p.pin {
        pin_package(out, p, &pin_id, pin, sealer.as_deref_mut())?;
    }
    let kind = if params.kind == Kind::Totp {
        "totp"
    } else {
        "hotp"
    };
    open_key(out, p, &id, kind)?;
    // Always a bare Suite name: privacyIDEA takes the text as hashlib name (`HMAC-SHA256` would
    // silently become SHA-1 there).
    let suite = match params.algorithm {
        Algorithm::Sha1 => "SHA1",
        Algorithm::Sha256 => "SHA256",
        Algorithm::Sha512 => "SHA512",
    };
    let _ = writeln!(
        out,
        "      <pskc:AlgorithmParameters>\n        <pskc:Suite>{suite}</pskc:Suite>\n        \
         <pskc:ResponseFormat Length=\"{}\" Encoding=\"DECIMAL\"/>\n      </pskc:AlgorithmParameters>",
        params.digits
    );
    elem(out, "      ", "FriendlyName", &p.friendly_name)?;
    out.push_str("      <pskc:Data>\n");
    secret(out, p.secret.expose(), sealer)?;
    if params.kind == Kind::Totp {
        if params.t0 != 0 {
            plain_data(out, "Time", params.t0);
        }
        plain_data(out, "TimeInterval", params.period);
        if p.time_drift != 0 {
            plain_data(out, "TimeDrift", p.time_drift);
        }
    } else {
        plain_data(out, "Counter", p.counter);
    }
    out.push_str("      </pskc:Data>\n");
    policy(out, p, &pin_id)?;
    out.push_str("    </pskc:Key>\n  </pskc:KeyPackage>\n");
    Ok(())
}

/// `<Policy>` when there is a PIN policy, a PIN or a validity date.
fn policy(out: &mut String, p: &KeyPackage, pin_id: &str) -> Result<(), PskcError> {
    let has_policy = p.pin_policy.is_some() || p.pin.is_some();
    if !has_policy && p.valid_from.is_none() && p.valid_until.is_none() {
        return Ok(());
    }
    out.push_str("      <pskc:Policy>\n");
    elem(out, "        ", "StartDate", &p.valid_from)?;
    elem(out, "        ", "ExpiryDate", &p.valid_until)?;
    if has_policy {
        out.push_str("        <pskc:PINPolicy");
        if p.pin.is_some() {
            let _ = write!(out, " PINKeyId=\"{pin_id}\"");
        }
        let usage = p.pin_usage.unwrap_or(PinUsage::Local);
        let _ = write!(out, " PINUsageMode=\"{}\"", usage.as_str());
        if let Some(pol) = &p.pin_policy {
            if let Some(n) = pol.max_failed_attempts {
                let _ = write!(out, " MaxFailedAttempts=\"{n}\"");
            }
            let enc = if pol.numeric {
                "DECIMAL"
            } else {
                "ALPHANUMERIC"
            };
            let _ = write!(
                out,
                " MinLength=\"{}\" MaxLength=\"{}\" PINEncoding=\"{enc}\"",
                pol.min_length, pol.max_length
            );
        }
        out.push_str("/>\n");
    }
    out.push_str("        <pskc:KeyUsage>OTP</pskc:KeyUsage>\n      </pskc:Policy>\n");
    Ok(())
}

/// The PIN key package: same DeviceInfo as its token, `ResponseFormat` on every Key (privacyIDEA
/// reads it unguarded).
fn pin_package(
    out: &mut String,
    p: &KeyPackage,
    pin_id: &str,
    pin: &SecretString,
    sealer: Option<&mut Sealer<'_>>,
) -> Result<(), PskcError> {
    let numeric = pin.expose().chars().all(|c| c.is_ascii_digit());
    open_key(out, p, pin_id, "pin")?;
    let _ = writeln!(
        out,
        "      <pskc:AlgorithmParameters>\n        <pskc:ResponseFormat Length=\"{}\" Encoding=\"{}\"/>\n      </pskc:AlgorithmParameters>",
        pin.expose().chars().count(),
        if numeric { "DECIMAL" } else { "ALPHANUMERIC" }
    );
    out.push_str("      <pskc:Data>\n");
    secret(out, pin.expose().as_bytes(), sealer)?;
    out.push_str("      </pskc:Data>\n    </pskc:Key>\n  </pskc:KeyPackage>\n");
    Ok(())
}
