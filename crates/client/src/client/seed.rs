//! Seed files of every format into import candidates: reading (size-capped, UTF-8), vault serials
//! for devices with several keys, `S[:KEYID]` selection, validity-date warnings, pre-shared keys.
use super::import::Candidate;
use crate::AppError;
use softpass_core::names;
use softpass_core::pskc::{self, KeyPackage, Protection, PskcError};
use softpass_core::secret::{SecretBytes, SecretString};
use softpass_core::seedfile;
use softpass_core::token::PinPolicy;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// Seed files larger than this are refused before parsing.
const MAX_SEED_FILE: u64 = 4 * 1024 * 1024;

/// Candidates decoded from one seed file, and warnings for the user (none holds a secret).
pub(super) struct Decoded {
    pub items: Vec<Candidate>,
    pub warnings: Vec<String>,
    /// The Application PIN of an activation e-mail.
    pub mail_pin: Option<SecretString>,
}

pub(super) fn read_seed(path: &Path) -> Result<String, AppError> {
    let mut bytes = Vec::new();
    let file = std::fs::File::open(path).map_err(|e| AppError::io(path, e))?;
    // A regular file too large for the reader is refused with its real size (reading stops at
    // the cap, so the reader would only see the cap); pipes are read up to the cap.
    let size = file.metadata().map_err(|e| AppError::io(path, e))?;
    if size.is_file() && size.len() > pskc::MAX_FILE_SIZE as u64 {
        return Err(AppError::SeedFile {
            origin: path.display().to_string(),
            source: PskcError::TooLarge {
                size: usize::try_from(size.len()).unwrap_or(usize::MAX),
                max: pskc::MAX_FILE_SIZE,
            },
        });
    }
    file.take(MAX_SEED_FILE)
        .read_to_end(&mut bytes)
        .map_err(|e| AppError::io(path, e))?;
    // Not text is a malformed seed file (exit 5), not an I/O failure.
    String::from_utf8(bytes).map_err(|e| {
        AppError::Invalid(format!(
            "{}: invalid seed file: not UTF-8 text (byte {})",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Whether the seed file's secrets are protected (PSKC with a password or pre-shared key).
pub(super) fn needs_key(path: &Path) -> Result<bool, AppError> {
    let encryption = seedfile::inspect(&read_seed(path)?).map_err(|source| AppError::SeedFile {
        origin: path.display().to_string(),
        source,
    })?;
    Ok(!matches!(encryption, pskc::Encryption::None))
}

/// PSKC policies may leave lengths open; the vault needs 1 ≤ min ≤ max ≤ 1024.
fn normalise(mut p: PinPolicy) -> PinPolicy {
    p.min_length = p.min_length.clamp(1, 1024);
    p.max_length = if p.max_length == 0 {
        1024
    } else {
        p.max_length.clamp(p.min_length, 1024)
    };
    p
}

fn located(element: &str, reason: String) -> PskcError {
    PskcError::BadValue {
        element: element.to_owned(),
        reason,
    }
}

/// The vault serial of each key: its device's serial (`SerialNo`, else the key's `Id`), or
/// `SERIAL:KEYID` when that device has several keys, so no key can stand in for another.
fn vault_serials(keys: &[(KeyPackage, String)]) -> Result<Vec<(String, String)>, PskcError> {
    let device = |k: &KeyPackage| k.serial.clone().unwrap_or_else(|| k.key_id.clone());
    let mut per_device: HashMap<String, usize> = HashMap::new();
    for (k, _) in keys {
        *per_device.entry(device(k)).or_default() += 1;
    }
    let mut out: Vec<(String, String)> = Vec::with_capacity(keys.len());
    for (k, element) in keys {
        let dev = device(k);
        if dev.is_empty() {
            return Err(located(
                element,
                "the key has no serial: neither DeviceInfo/SerialNo nor an Id attribute".into(),
            ));
        }
        let serial = if per_device[&dev] > 1 {
            if k.key_id.is_empty() {
                return Err(located(
                    element,
                    format!("serial {dev} has several keys: each needs an Id attribute"),
                ));
            }
            format!("{dev}:{}", k.key_id)
        } else {
            dev.clone()
        };
        if out.iter().any(|(s, _)| *s == serial) {
            return Err(located(
                element,
                format!("serial {dev} has two keys with Id {}", k.key_id),
            ));
        }
        names::check_label("serial", &serial).map_err(|why| located(element, why))?;
        out.push((serial, dev));
    }
    Ok(out)
}

/// Warnings for a key outside its validity period (it is imported all the same).
fn validity(k: &KeyPackage, element: &str, now: u64, warnings: &mut Vec<String>) {
    let now = i64::try_from(now).unwrap_or(i64::MAX);
    let dates = [
        ("ExpiryDate", &k.valid_until, true),
        ("StartDate", &k.valid_from, false),
    ];
    for (name, date, is_end) in dates {
        let Some(text) = date else { continue };
        match pskc::unix_seconds(text) {
            None => warnings.push(format!(
                "{element}: {name} '{text}' is not an ISO 8601 date and time: not checked"
            )),
            Some(t) if is_end && t < now => warnings.push(format!(
                "{element}: the key expired on {text} ({name}); imported all the same"
            )),
            Some(t) if !is_end && t > now => warnings.push(format!(
                "{element}: the key is valid only from {text} ({name}); imported all the same"
            )),
            Some(_) => {}
        }
    }
}

/// The key as people paste it, compacted: without white space and dashes.
fn compact_key(key: &str) -> Option<SecretString> {
    let stray = |c: char| c.is_whitespace() || c == '-';
    key.contains(stray)
        .then(|| SecretString::new(key.chars().filter(|c| !stray(*c)).collect()))
}

/// Reads the file; an activation key that does not open it as given is tried once more without
/// white space and dashes (other issuers' passwords may contain them, pasted keys often carry
/// stray ones). A key that opens it neither way is [`AppError::WrongActivationKey`].
fn read_with_key(
    origin: &str,
    text: &str,
    protection: &Protection<'_>,
) -> Result<seedfile::SeedFile, AppError> {
    let mut result = seedfile::read(text, protection);
    let Protection::Password { password, .. } = protection else {
        return result.map_err(|source| in_file(origin, source));
    };
    if matches!(result, Err(PskcError::WrongKey(_)))
        && let Some(compact) = compact_key(password.expose())
    {
        let retry = Protection::Password {
            password: &compact,
            iterations: 0,
        };
        result = seedfile::read(text, &retry);
    }
    result.map_err(|source| match source {
        PskcError::WrongKey(_) => AppError::WrongActivationKey {
            origin: origin.to_owned(),
        },
        source => in_file(origin, source),
    })
}

fn in_file(origin: &str, source: PskcError) -> AppError {
    AppError::SeedFile {
        origin: origin.to_owned(),
        source,
    }
}

/// Decode a seed file of any format into candidates. `origin` names it in messages; `only` is
/// `SERIAL` (every key of that device) or `SERIAL:KEYID` (one key).
pub(super) fn decode(
    origin: &str,
    text: &str,
    protection: &Protection<'_>,
    only: Option<&str>,
    now: u64,
) -> Result<Decoded, AppError> {
    let in_file = |source| AppError::SeedFile {
        origin: origin.to_owned(),
        source,
    };
    let file = read_with_key(origin, text, protection)?;
    let serials = vault_serials(&file.keys).map_err(in_file)?;
    let mut warnings: Vec<String> = file
        .warnings
        .iter()
        .map(|w| format!("{origin}: {w}"))
        .collect();
    let mut items = Vec::new();
    for ((kp, element), (serial, device)) in file.keys.into_iter().zip(serials) {
        if only.is_some_and(|s| s != serial && s != device) {
            continue;
        }
        let mut notes = Vec::new();
        validity(&kp, &element, now, &mut notes);
        warnings.extend(notes.into_iter().map(|w| format!("{origin}: {w}")));
        items.push(Candidate {
            default_name: serial.clone(),
            serial,
            issuer: kp.issuer.clone(),
            params: kp.params,
            counter: if kp.params.kind.is_event() {
                kp.counter
            } else {
                0
            },
            policy: normalise(kp.pin_policy.unwrap_or_default()),
            secret: kp.secret,
            pin: kp.pin,
            seal_pin: None,
            origin: format!("{origin}: {element}"),
        });
    }
    match (items.is_empty(), only) {
        (true, Some(s)) => Err(AppError::NoSuchToken(format!("{s} (in {origin})"))),
        (true, None) => Err(AppError::Invalid(format!(
            "{origin}: the seed file holds no token"
        ))),
        _ => Ok(Decoded {
            items,
            warnings,
            mail_pin: None,
        }),
    }
}

/// A pre-shared key given as hex (blanks around it ignored): 16, 24 or 32 bytes (AES-128/192/256).
pub fn parse_psk(text: &str) -> Result<SecretBytes, AppError> {
    let hex = SecretString::from(text.trim());
    if let Some(i) = hex.expose().chars().position(|c| !c.is_ascii_hexdigit()) {
        return Err(AppError::Invalid(format!(
            "pre-shared key: not hexadecimal (character {})",
            i + 1
        )));
    }
    let bytes = hex::decode(hex.expose())
        .map(SecretBytes::new)
        .map_err(|_| AppError::Invalid("pre-shared key: an odd number of hex digits".into()))?;
    match bytes.len() {
        16 | 24 | 32 => Ok(bytes),
        0 => Err(AppError::Invalid("pre-shared key: empty".into())),
        n => Err(AppError::Invalid(format!(
            "pre-shared key: {n} bytes; AES keys have 16, 24 or 32"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_key_is_compacted_only_when_it_has_stray_characters() {
        assert!(compact_key("YZQHoczZWw3cBCNo").is_none());
        let k = compact_key(" YZQH-oczZ Ww3c\tBCNo\n").expect("compacted");
        assert_eq!(k.expose(), "YZQHoczZWw3cBCNo");
        assert_eq!(compact_key("- -").expect("compacted").expose(), "");
    }
}
