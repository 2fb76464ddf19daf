//! SafeNet/Aladdin eToken PASS XML seed files (`<Tokens><Token serial=…>…<Seed>`): the reader and
//! the writer side by side, with the rules privacyIDEA's `parseSafeNetXML` applies
//! (docs/seed-files.md §5). Unencrypted; HOTP with 6 digits only.
use crate::pskc::xml::{self, El};
use crate::pskc::{KeyPackage, Limits, PskcError};
use crate::secret::SecretBytes;
use crate::token::{Algorithm, Kind, OtpParams};
use std::fmt::Write as _;

/// What a file held: the tokens (each with its `Tokens/Token[n]` path) and what was skipped.
pub struct AladdinFile {
    pub keys: Vec<(KeyPackage, String)>,
    pub warnings: Vec<String>,
}

/// The last `Applications/Application/Seed` and `…/MovingFactor` of a `<Token>` (privacyIDEA
/// keeps the last of each), and how many Seeds there were.
fn application_values<'a, 'i>(
    token: &El<'a, 'i>,
) -> (Option<El<'a, 'i>>, Option<El<'a, 'i>>, usize) {
    let (mut seed, mut moving, mut seeds) = (None, None, 0);
    for apps in token.all("Applications") {
        for app in apps.all("Application") {
            for s in app.all("Seed") {
                seed = Some(s);
                seeds += 1;
            }
            for m in app.all("MovingFactor") {
                moving = Some(m);
            }
        }
    }
    (seed, moving, seeds)
}

/// Hex text, trimmed; errors give the character position, never the content.
fn hex_seed(el: &El<'_, '_>) -> Result<SecretBytes, PskcError> {
    let text = zeroize::Zeroizing::new(el.text());
    if let Some(i) = text.chars().position(|c| !c.is_ascii_hexdigit()) {
        return Err(el.bad(format!("not hexadecimal (character {})", i + 1)));
    }
    if !text.len().is_multiple_of(2) {
        return Err(el.bad("an odd number of hex digits"));
    }
    hex::decode(text.as_bytes())
        .map(SecretBytes::new)
        .map_err(|_| el.bad("not hexadecimal"))
}

/// One `<Token>`: `Ok(None)` when privacyIDEA would skip it (the warning says why).
fn token(
    t: &El<'_, '_>,
    warnings: &mut Vec<String>,
) -> Result<Option<(KeyPackage, String)>, PskcError> {
    let serial = match t.attr("serial") {
        Some(s) if !s.is_empty() => s.to_owned(),
        _ => {
            warnings.push(format!("{}: skipped: no serial attribute", t.path));
            return Ok(None);
        }
    };
    if serial.chars().any(char::is_control) {
        return Err(t.bad("the serial contains control characters"));
    }
    let (seed, moving, seeds) = application_values(t);
    let Some(seed) = seed.filter(|s| !s.text().is_empty()) else {
        warnings.push(format!(
            "{}: skipped: no Applications/Application/Seed",
            t.path
        ));
        return Ok(None);
    };
    if seeds > 1 {
        warnings.push(format!(
            "{}: {seeds} Seeds: the last one is used, as privacyIDEA does",
            t.path
        ));
    }
    if seed.node.text().is_some_and(|t| t.trim() != t) {
        // privacyIDEA keeps the blanks in the key (and the token cannot compute OTPs there).
        warnings.push(format!(
            "{}: blanks around the seed: softpass ignores them, privacyIDEA does not",
            seed.path
        ));
    }
    let secret = hex_seed(&seed)?;
    let algorithm = if secret.len() == 32 {
        Algorithm::Sha256
    } else {
        Algorithm::Sha1
    };
    let counter = moving.map(|m| m.u64_text()).transpose()?.unwrap_or(0);
    let package = KeyPackage {
        serial: Some(serial.clone()),
        manufacturer: None,
        model: None,
        issue_no: None,
        issuer: None,
        friendly_name: t.opt_label("ProductName")?,
        key_id: serial,
        params: OtpParams::hotp(algorithm, 6),
        counter,
        time_drift: 0,
        secret,
        pin_policy: None,
        pin: None,
        valid_from: None,
        valid_until: None,
        pin_usage: None,
    };
    Ok(Some((package, t.path.clone())))
}

/// Read a `<Tokens>` document. Children other than `<Token>` are ignored; a token without a
/// serial or a Seed is skipped with a warning; a serial given twice: the later token is used.
pub fn read(text: &str) -> Result<AladdinFile, PskcError> {
    read_with(text, &Limits::FILE)
}

/// [`read`] under other size limits ([`Limits::BULK`]: the OTP service's bulk load).
pub fn read_with(text: &str, limits: &Limits) -> Result<AladdinFile, PskcError> {
    let doc = xml::parse(text, limits)?;
    let root = El::root(&doc);
    if root.node.tag_name().name() != "Tokens" {
        return Err(PskcError::Invalid(format!(
            "the root element <{}> is not a SafeNet/Aladdin <Tokens>",
            xml::printable(root.node.tag_name().name())
        )));
    }
    let mut keys: Vec<(KeyPackage, String)> = Vec::new();
    let mut warnings = Vec::new();
    for t in root.all("Token") {
        let Some((package, path)) = token(&t, &mut warnings)? else {
            continue;
        };
        match keys.iter().position(|(k, _)| k.serial == package.serial) {
            Some(i) => {
                warnings.push(format!(
                    "{path}: serial {} again (first in {}): the later token is used, as privacyIDEA does",
                    package.key_id, keys[i].1
                ));
                keys[i] = (package, path);
            }
            None => keys.push((package, path)),
        }
    }
    if keys.is_empty() {
        return Err(PskcError::Missing {
            element: root.path,
            what: "a <Token> with a serial and a Seed".into(),
        });
    }
    Ok(AladdinFile { keys, warnings })
}

/// Why `p` cannot be written as it is: the format carries HOTP, 6 digits, and a hash privacyIDEA
/// infers from the seed's length (64 hex digits: SHA-256, else SHA-1).
pub fn check(p: &KeyPackage) -> Result<(), String> {
    let fits = p.params.kind == Kind::Hotp
        && p.params.digits == 6
        && matches!(
            (p.params.algorithm, p.secret.len()),
            (Algorithm::Sha1, 20) | (Algorithm::Sha256, 32)
        );
    if fits {
        return Ok(());
    }
    Err(format!(
        "an Aladdin XML seed file carries only HOTP tokens with 6 digits, SHA-1 with a 20-byte \
         or SHA-256 with a 32-byte secret, not {} {} with {} digits and a {}-byte secret",
        p.params.kind,
        p.params.algorithm.as_str().to_ascii_uppercase(),
        p.params.digits,
        p.secret.len()
    ))
}

/// Write `packages` as one `<Tokens>` document, refusing (before writing anything) a token the
/// format cannot carry exactly. One element per line, unindented: privacyIDEA's converter script
/// reads `^<Token serial=` and `^<Seed>` lines.
pub fn write(packages: &[KeyPackage]) -> Result<String, PskcError> {
    // Sized up front: the secrets are in clear, and a growing string would leave copies behind.
    let mut out = String::with_capacity(128 + packages.len() * 512);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Tokens>\n");
    for (i, p) in packages.iter().enumerate() {
        let serial = p.serial.as_deref().unwrap_or(&p.key_id);
        if serial.is_empty() || serial.chars().any(char::is_control) {
            return Err(PskcError::Invalid(format!(
                "token {}: the serial must be 1 or more characters without control characters",
                i + 1
            )));
        }
        check(p).map_err(|why| PskcError::Invalid(format!("token {serial}: {why}")))?;
        let _ = writeln!(out, "<Token serial=\"{}\">", xml::escape(serial));
        if let Some(name) = p.manufacturer.as_deref().or(p.friendly_name.as_deref()) {
            if name.chars().any(char::is_control) {
                return Err(PskcError::Invalid(format!(
                    "token {serial}: the product name contains control characters"
                )));
            }
            let _ = writeln!(out, "<ProductName>{}</ProductName>", xml::escape(name));
        }
        let seed = zeroize::Zeroizing::new(hex::encode_upper(p.secret.expose()));
        let _ = write!(
            out,
            "<Applications>\n<Application>\n<Seed>{}</Seed>\n<MovingFactor>{}</MovingFactor>\n\
             </Application>\n</Applications>\n</Token>\n",
            seed.as_str(),
            p.counter
        );
    }
    out.push_str("</Tokens>\n");
    Ok(out)
}
