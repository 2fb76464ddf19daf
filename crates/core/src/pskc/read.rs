//! PSKC reader: parse, verify every MAC, then decrypt and assemble the key packages.
use super::raw::{self, KeyAlg, RawData, RawKey, RawPinPolicy};
use super::unseal::{Encryption, KeySource, Unsealer};
use super::xml::{self, El};
use super::{KeyPackage, Limits, Protection, PskcError};
use crate::secret::{SecretBytes, SecretString};
use crate::token::{OtpParams, PinPolicy};
use std::collections::HashMap;
use zeroize::Zeroizing;

const PSKC_NS: &str = "urn:ietf:params:xml:ns:keyprov:pskc";

fn container<'a, 'i>(doc: &'a roxmltree::Document<'i>) -> Result<El<'a, 'i>, PskcError> {
    let root = El::root(doc);
    let tag = root.node.tag_name();
    if tag.name() != "KeyContainer" || tag.namespace() != Some(PSKC_NS) {
        return Err(PskcError::Invalid(format!(
            "the root element <{}> (namespace '{}') is not a PSKC KeyContainer ({PSKC_NS})",
            xml::printable(tag.name()),
            xml::printable(tag.namespace().unwrap_or_default())
        )));
    }
    match root.attr("Version").map(str::trim) {
        None | Some("1.0") => Ok(root),
        Some(v) => Err(root.unsupported("version", v)),
    }
}

/// How the file's secrets are protected, without decrypting anything: lets a shell decide whether
/// to ask for an activation key.
pub fn inspect(xml: &str) -> Result<Encryption, PskcError> {
    let doc = xml::parse(xml, &Limits::FILE)?;
    let root = container(&doc)?;
    Ok(KeySource::parse(&root)?.kind)
}

/// Parse a KeyContainer and decrypt its secrets with `protection` (password or pre-shared key).
/// Returns the HOTP and TOTP keys; PIN key packages are folded into the keys that point to them.
pub fn read(xml: &str, protection: &Protection<'_>) -> Result<Vec<KeyPackage>, PskcError> {
    read_with(xml, protection, &Limits::FILE)
}

/// [`read`] under other size limits ([`Limits::BULK`]: the OTP service's bulk load).
pub fn read_with(
    xml: &str,
    protection: &Protection<'_>,
    limits: &Limits,
) -> Result<Vec<KeyPackage>, PskcError> {
    Ok(read_located(xml, protection, limits)?
        .into_iter()
        .map(|(k, _)| k)
        .collect())
}

/// [`read_with`], each key with the path of its `<Key>` element (for messages about it).
pub(crate) fn read_located(
    xml: &str,
    protection: &Protection<'_>,
    limits: &Limits,
) -> Result<Vec<(KeyPackage, String)>, PskcError> {
    let doc = xml::parse(xml, limits)?;
    let root = container(&doc)?;
    let source = KeySource::parse(&root)?;
    let mut raws = Vec::new();
    for kp in root.all("KeyPackage") {
        raws.extend(raw::key_package(&kp)?);
    }
    if raws.is_empty() {
        return Err(root
            .req("KeyPackage")
            .err()
            .unwrap_or_else(|| root.bad("empty")));
    }
    let unsealer = match raws.iter().flat_map(RawKey::sealed).next() {
        None => None,
        Some(first) => {
            let u = Unsealer::new(&source, protection, first, &root.path)?;
            u.verify_all(&raws)?;
            Some(u)
        }
    };
    let u = unsealer.as_ref();

    let mut pins: HashMap<&str, SecretString> = HashMap::new();
    for r in raws.iter().filter(|r| r.alg == KeyAlg::Pin) {
        if let Some(d) = &r.secret {
            let bytes = value(d, u)?;
            let pin = std::str::from_utf8(&bytes)
                .map_err(|_| PskcError::BadValue {
                    element: d.1.clone(),
                    reason: "the PIN is not UTF-8 text".into(),
                })?
                .to_owned();
            pins.insert(r.id.as_str(), SecretString::new(pin));
        }
    }

    let mut out = Vec::new();
    for r in raws.iter().filter(|r| r.alg != KeyAlg::Pin) {
        out.push((assemble(r, u, &pins)?, r.path.clone()));
    }
    if out.is_empty() {
        return Err(PskcError::Missing {
            element: root.path.clone(),
            what: "an HOTP or TOTP <Key>".into(),
        });
    }
    Ok(out)
}

fn assemble(
    r: &RawKey,
    u: Option<&Unsealer>,
    pins: &HashMap<&str, SecretString>,
) -> Result<KeyPackage, PskcError> {
    let secret_data = r.secret.as_ref().ok_or_else(|| PskcError::Missing {
        element: format!("{}/Data", r.path),
        what: "<Secret>".into(),
    })?;
    let secret = value(secret_data, u)?;
    if secret.is_empty() {
        return Err(bad(secret_data, "the secret is empty"));
    }
    let mut params = otp_params(r, u)?;
    if let Some(t) = &r.time {
        params.t0 = integer(t, u)?;
    }
    let time_drift = match &r.drift {
        None => 0,
        Some(d) => signed(d, u)?,
    };
    let counter = match &r.counter {
        None => 0,
        Some(d) => integer(d, u)?,
    };
    let (pin_policy, pin, pin_usage) = match &r.pin_policy {
        None => (None, None, None),
        Some(p) => (Some(pin_policy(p)), linked_pin(p, pins), p.usage),
    };
    Ok(KeyPackage {
        serial: r.serial.clone(),
        manufacturer: r.manufacturer.clone(),
        model: r.model.clone(),
        issue_no: r.issue_no.clone(),
        issuer: r.issuer.clone(),
        friendly_name: r.friendly_name.clone(),
        key_id: r.id.clone(),
        params,
        counter,
        time_drift,
        secret: SecretBytes::new(secret.to_vec()),
        pin_policy,
        pin,
        valid_from: r.valid_from.clone(),
        valid_until: r.valid_until.clone(),
        pin_usage,
    })
}

/// Kind, hash, digits and time step (T0 is read by the caller).
fn otp_params(r: &RawKey, u: Option<&Unsealer>) -> Result<OtpParams, PskcError> {
    let digits = match &r.digits {
        None => 6,
        Some((n, path)) => match u8::try_from(*n) {
            Ok(d) if (OtpParams::MIN_DIGITS..=OtpParams::MAX_DIGITS).contains(&d) => d,
            _ => {
                return Err(PskcError::BadValue {
                    element: path.clone(),
                    reason: format!("Length {n} is not between 6 and 10"),
                });
            }
        },
    };
    Ok(match r.alg {
        KeyAlg::Totp => {
            let period = match &r.interval {
                None => 30,
                Some(d) => match u32::try_from(integer(d, u)?) {
                    Ok(p) if p >= 1 => p,
                    _ => return Err(bad(d, "the time interval must be 1 to 4294967295 seconds")),
                },
            };
            OtpParams::totp(r.hash, digits, period)
        }
        _ => OtpParams::hotp(r.hash, digits),
    })
}

/// The policy a `<PINPolicy>` gives; a default never contradicts the bound the file does give.
fn pin_policy(p: &RawPinPolicy) -> PinPolicy {
    let default = PinPolicy::default();
    let max_length = p
        .max_length
        .unwrap_or(default.max_length.max(p.min_length.unwrap_or(0)));
    PinPolicy {
        min_length: p.min_length.unwrap_or(default.min_length.min(max_length)),
        max_length,
        max_failed_attempts: p.max_failed_attempts,
        numeric: p.numeric,
    }
}

/// The PIN carried by the PIN key package the policy points to, if any.
fn linked_pin(p: &RawPinPolicy, pins: &HashMap<&str, SecretString>) -> Option<SecretString> {
    p.key_id
        .as_deref()
        .and_then(|id| pins.get(id))
        .map(SecretString::duplicate)
}

fn bad(d: &(RawData, String), reason: &str) -> PskcError {
    PskcError::BadValue {
        element: d.1.clone(),
        reason: reason.into(),
    }
}

/// The plaintext bytes of a value (decrypting a sealed one; its MAC has been verified already).
fn value(d: &(RawData, String), u: Option<&Unsealer>) -> Result<Zeroizing<Vec<u8>>, PskcError> {
    match &d.0 {
        RawData::Plain(b) => Ok(Zeroizing::new(b.to_vec())),
        RawData::Sealed(s) => match u {
            Some(u) => u.open(s),
            None => Err(PskcError::KeyRequired("a password (the activation key)")),
        },
    }
}

/// An integer value: PlainValue is decimal text; an encrypted one is decimal ASCII or big-endian
/// bytes (python-pskc writes big-endian).
fn integer(d: &(RawData, String), u: Option<&Unsealer>) -> Result<u64, PskcError> {
    let bytes = value(d, u)?;
    if !bytes.is_empty() && bytes.iter().all(u8::is_ascii_digit) {
        return std::str::from_utf8(&bytes)
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad(d, "the number is too large"));
    }
    match &d.0 {
        RawData::Plain(_) => Err(bad(d, "not a non-negative integer")),
        RawData::Sealed(_) if bytes.len() <= 8 => {
            Ok(bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
        }
        RawData::Sealed(_) => Err(bad(d, "the encrypted integer is longer than 8 bytes")),
    }
}

fn signed(d: &(RawData, String), u: Option<&Unsealer>) -> Result<i64, PskcError> {
    if let RawData::Plain(b) = &d.0 {
        return std::str::from_utf8(b)
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad(d, "not an integer"));
    }
    i64::try_from(integer(d, u)?).map_err(|_| bad(d, "the number is too large"))
}
