//! First pass of the reader: a KeyPackage's structure, with encrypted values still sealed.
use super::crypto::Cipher;
use super::xml::El;
use super::{PinUsage, PskcError};
use crate::token::Algorithm;
use zeroize::Zeroizing;

/// Largest encrypted or plain value accepted (bytes): OTP secrets are 10-64 bytes.
const MAX_VALUE: usize = 1024;

/// An encrypted value as found: `IV || ciphertext` and its ValueMAC.
pub(super) struct Sealed {
    pub cipher: Cipher,
    pub blob: Vec<u8>,
    pub mac: Option<Vec<u8>>,
    pub path: String,
}

/// A `<Secret>`, `<Counter>`, ... value: plain bytes (base64-decoded secret, or the decimal text of
/// an integer) or sealed.
pub(super) enum RawData {
    Plain(Zeroizing<Vec<u8>>),
    Sealed(Sealed),
}

/// What a Key is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum KeyAlg {
    Hotp,
    Totp,
    Pin,
}

impl KeyAlg {
    /// RFC 6030 URNs (`urn:ietf:params:xml:ns:keyprov:pskc:hotp`) and the draft spelling with `#`.
    fn from_uri(uri: &str) -> Option<Self> {
        let uri = uri.trim();
        let known = uri.starts_with("urn:ietf:params:xml:ns:keyprov:pskc")
            || uri.starts_with("http://www.ietf.org/keyprov/pskc");
        if !known {
            return None;
        }
        match uri.rsplit([':', '#']).next()? {
            "hotp" => Some(KeyAlg::Hotp),
            "totp" => Some(KeyAlg::Totp),
            "pin" => Some(KeyAlg::Pin),
            _ => None,
        }
    }
}

pub(super) struct RawPinPolicy {
    pub key_id: Option<String>,
    pub usage: Option<PinUsage>,
    pub min_length: Option<u32>,
    pub max_length: Option<u32>,
    pub max_failed_attempts: Option<u32>,
    pub numeric: bool,
}

pub(super) struct RawKey {
    pub path: String,
    pub id: String,
    pub alg: KeyAlg,
    pub serial: Option<String>,
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub issue_no: Option<String>,
    pub issuer: Option<String>,
    pub friendly_name: Option<String>,
    pub hash: Algorithm,
    /// ResponseFormat/@Length, and the element naming it.
    pub digits: Option<(u32, String)>,
    pub secret: Option<(RawData, String)>,
    pub counter: Option<(RawData, String)>,
    pub time: Option<(RawData, String)>,
    pub interval: Option<(RawData, String)>,
    pub drift: Option<(RawData, String)>,
    pub pin_policy: Option<RawPinPolicy>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
}

impl RawKey {
    pub(crate) fn sealed(&self) -> impl Iterator<Item = &Sealed> {
        [
            &self.secret,
            &self.counter,
            &self.time,
            &self.interval,
            &self.drift,
        ]
        .into_iter()
        .flatten()
        .filter_map(|(d, _)| match d {
            RawData::Sealed(s) => Some(s),
            RawData::Plain(_) => None,
        })
    }
}

/// `<EncryptionMethod Algorithm=...>` plus `<CipherData><CipherValue>` (EncryptedValue, MACKey).
pub(super) fn sealed_value(el: &El<'_, '_>) -> Result<Sealed, PskcError> {
    let method = el.req("EncryptionMethod")?;
    let uri = method.req_attr("Algorithm")?;
    let cipher =
        Cipher::from_uri(uri).ok_or_else(|| method.unsupported("encryption algorithm", uri))?;
    let value = el.req("CipherData")?.req("CipherValue")?;
    let blob = value.base64()?;
    if blob.len() > MAX_VALUE + 32 {
        return Err(value.bad(format!("longer than {MAX_VALUE} bytes")));
    }
    Ok(Sealed {
        cipher,
        blob: blob.to_vec(),
        mac: None,
        path: el.path.clone(),
    })
}

/// A `<Data>` child: PlainValue or EncryptedValue (+ ValueMAC). `binary`: PlainValue is base64.
fn data(el: &El<'_, '_>, binary: bool) -> Result<(RawData, String), PskcError> {
    if let Some(plain) = el.child("PlainValue") {
        let bytes = if binary {
            plain.base64()?
        } else {
            Zeroizing::new(plain.text().into_bytes())
        };
        if bytes.len() > MAX_VALUE {
            return Err(plain.bad(format!("longer than {MAX_VALUE} bytes")));
        }
        return Ok((RawData::Plain(bytes), plain.path));
    }
    if let Some(enc) = el.child("EncryptedValue") {
        let mut sealed = sealed_value(&enc)?;
        // Errors about a sealed value name the field (`.../Secret`), as for a plain one.
        sealed.path = el.path.clone();
        if let Some(mac) = el.child("ValueMAC") {
            sealed.mac = Some(mac.base64()?.to_vec());
        }
        return Ok((RawData::Sealed(sealed), el.path.clone()));
    }
    Err(PskcError::Missing {
        element: el.path.clone(),
        what: "<PlainValue> or <EncryptedValue>".into(),
    })
}

fn opt_data(
    parent: Option<&El<'_, '_>>,
    name: &'static str,
    binary: bool,
) -> Result<Option<(RawData, String)>, PskcError> {
    parent
        .and_then(|p| p.child(name))
        .map(|e| data(&e, binary))
        .transpose()
}

fn pin_policy(el: &El<'_, '_>) -> Result<RawPinPolicy, PskcError> {
    let usage = el
        .attr("PINUsageMode")
        .map(|u| PinUsage::from_name(u.trim()).ok_or_else(|| el.unsupported("PINUsageMode", u)))
        .transpose()?;
    let numeric = match el.attr("PINEncoding").map(str::trim) {
        None | Some("ALPHANUMERIC") => false,
        Some("DECIMAL") => true,
        Some(other) => return Err(el.unsupported("PINEncoding", other)),
    };
    let max_failed_attempts = el.u32_attr("MaxFailedAttempts")?;
    if max_failed_attempts == Some(0) {
        return Err(el.bad("MaxFailedAttempts must be at least 1"));
    }
    let min_length = el.u32_attr("MinLength")?;
    let max_length = el.u32_attr("MaxLength")?;
    if let (Some(lo), Some(hi)) = (min_length, max_length)
        && lo > hi
    {
        return Err(el.bad(format!("MinLength {lo} is greater than MaxLength {hi}")));
    }
    Ok(RawPinPolicy {
        key_id: el.attr("PINKeyId").map(|s| s.trim().to_owned()),
        usage,
        min_length,
        max_length,
        max_failed_attempts,
        numeric,
    })
}

/// Every `<Key>` of one `<KeyPackage>`, sharing its DeviceInfo.
pub(super) fn key_package(kp: &El<'_, '_>) -> Result<Vec<RawKey>, PskcError> {
    let device = kp.child("DeviceInfo");
    let dev = |name| device.as_ref().map(|d| d.opt_label(name)).transpose();
    let (serial, manufacturer) = (dev("SerialNo")?.flatten(), dev("Manufacturer")?.flatten());
    let (model, issue_no) = (dev("Model")?.flatten(), dev("IssueNo")?.flatten());
    let (dev_start, dev_expiry) = (dev("StartDate")?.flatten(), dev("ExpiryDate")?.flatten());
    let keys = kp.all("Key");
    if keys.is_empty() {
        return Err(kp.req("Key").err().unwrap_or_else(|| kp.bad("no <Key>")));
    }
    let mut out = Vec::with_capacity(keys.len());
    for key in keys {
        let uri = key.req_attr("Algorithm")?;
        let alg = KeyAlg::from_uri(uri).ok_or_else(|| key.unsupported("key algorithm", uri))?;
        let params = key.child("AlgorithmParameters");
        let hash = match params.as_ref().and_then(|p| p.child("Suite")) {
            None => Algorithm::Sha1,
            Some(s) => {
                let name = s.text();
                Algorithm::from_name(&name).ok_or_else(|| s.unsupported("hash suite", &name))?
            }
        };
        let mut digits = None;
        if let Some(rf) = params.as_ref().and_then(|p| p.child("ResponseFormat")) {
            let encoding = rf.attr("Encoding").map(str::trim).unwrap_or("DECIMAL");
            if alg != KeyAlg::Pin && encoding != "DECIMAL" {
                return Err(rf.unsupported("response encoding", encoding));
            }
            if let Some(n) = rf.u32_attr("Length")? {
                digits = Some((n, rf.path.clone()));
            }
        }
        let data = key.child("Data");
        let policy = key.child("Policy");
        let pin_policy = match policy.as_ref().and_then(|p| p.child("PINPolicy")) {
            Some(p) => Some(pin_policy(&p)?),
            None => None,
        };
        let pol = |name| policy.as_ref().map(|p| p.opt_label(name)).transpose();
        out.push(RawKey {
            path: key.path.clone(),
            id: key
                .attr("Id")
                .map(|s| s.trim().to_owned())
                .unwrap_or_default(),
            alg,
            serial: serial.clone(),
            manufacturer: manufacturer.clone(),
            model: model.clone(),
            issue_no: issue_no.clone(),
            issuer: key.opt_label("Issuer")?,
            friendly_name: key.opt_label("FriendlyName")?,
            hash,
            digits,
            secret: opt_data(data.as_ref(), "Secret", true)?,
            counter: opt_data(data.as_ref(), "Counter", false)?,
            time: opt_data(data.as_ref(), "Time", false)?,
            interval: opt_data(data.as_ref(), "TimeInterval", false)?,
            drift: opt_data(data.as_ref(), "TimeDrift", false)?,
            pin_policy,
            valid_from: pol("StartDate")?.flatten().or_else(|| dev_start.clone()),
            valid_until: pol("ExpiryDate")?.flatten().or_else(|| dev_expiry.clone()),
        });
    }
    Ok(out)
}
