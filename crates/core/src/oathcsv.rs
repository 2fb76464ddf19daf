//! OATH CSV seed files (`serial, key, hotp|totp, digits, counter|period` per line): the reader and
//! the writer side by side, with the rules privacyIDEA's `parseOATHcsv` applies
//! (docs/seed-files.md §6). Unencrypted; the hash follows from the key's length.
use crate::pskc::{KeyPackage, Limits, PskcError};
use crate::secret::SecretBytes;
use crate::token::{Algorithm, Kind, OtpParams};
use std::fmt::Write as _;
use zeroize::Zeroizing;

/// What a file held: the tokens (each with its `line N`) and what was skipped.
pub struct CsvFile {
    pub keys: Vec<(KeyPackage, String)>,
    pub warnings: Vec<String>,
}

fn at(line: usize, column: usize, reason: impl Into<String>) -> PskcError {
    PskcError::Line {
        line,
        column: Some(column),
        reason: reason.into(),
    }
}

/// The hash privacyIDEA gives a key of `hex_len` hex digits; `Err` names one softpass lacks.
fn hash_for(hex_len: usize) -> Result<Algorithm, &'static str> {
    match hex_len {
        64 => Ok(Algorithm::Sha256),
        128 => Ok(Algorithm::Sha512),
        56 => Err("SHA-224"),
        96 => Err("SHA-384"),
        _ => Ok(Algorithm::Sha1),
    }
}

fn number<T: std::str::FromStr>(
    field: &str,
    line: usize,
    column: usize,
    what: &str,
) -> Result<T, PskcError> {
    let t = field.trim();
    t.parse().map_err(|_| {
        at(
            line,
            column,
            format!(
                "{what} '{}' is not a number",
                crate::pskc::xml::printable(t)
            ),
        )
    })
}

/// One token line (fields after any user columns): the package.
fn token(fields: &[&str], line: usize) -> Result<KeyPackage, PskcError> {
    let serial = fields[0].trim().to_owned();
    if serial.chars().any(char::is_control) {
        return Err(at(line, 1, "the serial contains control characters"));
    }
    let (secret, algorithm) = key(fields[1], line)?;
    let (params, counter) = params(fields, line, algorithm)?;
    Ok(KeyPackage {
        serial: Some(serial.clone()),
        manufacturer: None,
        model: None,
        issue_no: None,
        issuer: None,
        friendly_name: None,
        key_id: serial,
        params,
        counter,
        time_drift: 0,
        secret,
        pin_policy: None,
        pin: None,
        valid_from: None,
        valid_until: None,
        pin_usage: None,
    })
}

/// Column 2: the hex key, and the hash privacyIDEA infers from its length.
fn key(field: &str, line: usize) -> Result<(SecretBytes, Algorithm), PskcError> {
    let key = Zeroizing::new(field.trim().to_owned());
    if let Some(i) = key.chars().position(|c| !c.is_ascii_hexdigit()) {
        return Err(at(
            line,
            2,
            format!("not hexadecimal (character {})", i + 1),
        ));
    }
    if key.is_empty() || !key.len().is_multiple_of(2) {
        return Err(at(line, 2, "the key must be an even number of hex digits"));
    }
    let algorithm = hash_for(key.len()).map_err(|h| {
        at(
            line,
            2,
            format!(
                "a key of {} bytes means {h} to privacyIDEA, which softpass does not implement",
                key.len() / 2
            ),
        )
    })?;
    let secret =
        SecretBytes::new(hex::decode(key.as_bytes()).map_err(|_| at(line, 2, "not hexadecimal"))?);
    Ok((secret, algorithm))
}

/// Columns 3 to 5: type, digits, counter or period.
fn params(
    fields: &[&str],
    line: usize,
    algorithm: Algorithm,
) -> Result<(OtpParams, u64), PskcError> {
    let kind = fields.get(2).map(|t| t.trim().to_ascii_lowercase());
    let digits: u8 = match fields.get(3) {
        None => 6,
        Some(d) => number(d, line, 4, "digits")?,
    };
    if !(OtpParams::MIN_DIGITS..=OtpParams::MAX_DIGITS).contains(&digits) {
        return Err(at(
            line,
            4,
            format!("{digits} digits is not between 6 and 10"),
        ));
    }
    let (params, counter) = match kind.as_deref() {
        None | Some("hotp") => {
            let counter = fields
                .get(4)
                .map(|c| number(c, line, 5, "counter"))
                .transpose()?;
            (OtpParams::hotp(algorithm, digits), counter.unwrap_or(0))
        }
        Some("totp") => {
            let period: u32 = fields
                .get(4)
                .map(|c| number(c, line, 5, "period"))
                .transpose()?
                .unwrap_or(30);
            if period == 0 {
                return Err(at(line, 5, "the period must be at least 1 second"));
            }
            (OtpParams::totp(algorithm, digits, period), 0)
        }
        Some(other) => {
            return Err(at(
                line,
                3,
                format!(
                    "unsupported token type '{}' (hotp or totp)",
                    crate::pskc::xml::printable(other)
                ),
            ));
        }
    };
    Ok((params, counter))
}

/// The fields of line `n` that name a token, `None` for lines privacyIDEA skips (comments,
/// lines without a comma, an empty serial), with a warning for the latter two.
fn token_fields<'t>(
    raw: &'t str,
    n: usize,
    version2: bool,
    warnings: &mut Vec<String>,
) -> Result<Option<Vec<&'t str>>, PskcError> {
    if raw.starts_with('#') {
        return Ok(None);
    }
    let mut fields: Vec<&str> = raw.split(',').collect();
    if fields.len() <= 1 {
        if !raw.trim().is_empty() {
            warnings.push(format!("line {n}: skipped: no comma"));
        }
        return Ok(None);
    }
    if version2 {
        if fields.len() < 5 {
            return Err(PskcError::Line {
                line: n,
                column: None,
                reason:
                    "a version 2 line starts with user, resolver and realm, then serial and key"
                        .into(),
            });
        }
        fields.drain(..3);
    }
    if fields[0].trim().is_empty() {
        warnings.push(format!("line {n}: skipped: the serial is empty"));
        return Ok(None);
    }
    Ok(Some(fields))
}

/// Read an OATH CSV file. Lines are split on `\n` and fields on `,` (no quoting); a line
/// starting with `#` is a comment; a first line `# version: 2` adds user columns (ignored).
pub fn read(text: &str) -> Result<CsvFile, PskcError> {
    read_with(text, &Limits::FILE)
}

/// [`read`] under other size limits ([`Limits::BULK`]: the OTP service's bulk load).
pub fn read_with(text: &str, limits: &Limits) -> Result<CsvFile, PskcError> {
    if text.len() > limits.max_size {
        return Err(PskcError::TooLarge {
            size: text.len(),
            max: limits.max_size,
        });
    }
    let mut lines = text.split('\n');
    let first = lines.next().unwrap_or_default();
    let version2 = version(first) == Some("2");
    let mut keys: Vec<(KeyPackage, String)> = Vec::new();
    let mut warnings = Vec::new();
    for (i, raw) in std::iter::once(first).chain(lines).enumerate() {
        let n = i + 1;
        let Some(fields) = token_fields(raw, n, version2, &mut warnings)? else {
            continue;
        };
        let package = token(&fields, n)?;
        let here = format!("line {n}");
        match keys.iter().position(|(k, _)| k.serial == package.serial) {
            Some(i) => {
                warnings.push(format!(
                    "{here}: serial {} again (first on {}): the later line is used, as privacyIDEA does",
                    package.key_id, keys[i].1
                ));
                keys[i] = (package, here);
            }
            None => keys.push((package, here)),
        }
    }
    if keys.is_empty() {
        return Err(PskcError::Invalid(
            "the OATH CSV file holds no token line".into(),
        ));
    }
    Ok(CsvFile { keys, warnings })
}

/// `# version: N` on the first line (privacyIDEA's `^#\s*version:\s*(\d+)`).
fn version(first: &str) -> Option<&str> {
    let rest = first
        .strip_prefix('#')?
        .trim_start()
        .strip_prefix("version:")?;
    let rest = rest.trim_start();
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// Why `p` cannot be written as it is: HOTP or TOTP with T0 0, and a key whose length makes
/// privacyIDEA pick the token's own hash.
pub fn check(p: &KeyPackage) -> Result<(), String> {
    let kind_ok = matches!(p.params.kind, Kind::Hotp | Kind::Totp) && p.params.t0 == 0;
    let inferred = hash_for(p.secret.len() * 2).ok();
    if kind_ok && inferred == Some(p.params.algorithm) {
        return Ok(());
    }
    Err(format!(
        "an OATH CSV line carries HOTP or TOTP (T0 0) whose hash follows from the key length \
         (SHA-256: 32 bytes, SHA-512: 64 bytes, SHA-1: any other length), not {} {} with a {}-byte key",
        p.params.kind,
        p.params.algorithm.as_str().to_ascii_uppercase(),
        p.secret.len()
    ))
}

/// Write `packages` as OATH CSV, refusing (before writing anything) a token the format cannot
/// carry exactly.
pub fn write(packages: &[KeyPackage]) -> Result<String, PskcError> {
    // Sized up front: the secrets are in clear, and a growing string would leave copies behind.
    let mut out = String::with_capacity(128 + packages.len() * 256);
    out.push_str("# OATH CSV: serial, key (hex), type, digits, counter (hotp) or period (totp)\n");
    for (i, p) in packages.iter().enumerate() {
        let serial = p.serial.as_deref().unwrap_or(&p.key_id);
        if serial.trim() != serial
            || serial.is_empty()
            || serial.starts_with('#')
            || serial.contains([',', '\n', '\r'])
            || serial.chars().any(char::is_control)
        {
            return Err(PskcError::Invalid(format!(
                "token {}: an OATH CSV serial is 1 or more characters without commas, control characters, surrounding blanks or a leading #",
                i + 1
            )));
        }
        check(p).map_err(|why| PskcError::Invalid(format!("token {serial}: {why}")))?;
        let key = Zeroizing::new(hex::encode(p.secret.expose()));
        let (kind, last) = match p.params.kind {
            Kind::Totp => ("totp", u64::from(p.params.period)),
            _ => ("hotp", p.counter),
        };
        let _ = writeln!(
            out,
            "{serial}, {}, {kind}, {}, {last}",
            key.as_str(),
            p.params.digits
        );
    }
    Ok(out)
}
