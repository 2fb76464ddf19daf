//! Activating everything an issue document describes (the JSON `softpass issue` prints): each
//! token's seed file opened with its activation key and sealed under its own application PIN.
use super::seed::{self, Decoded};
use crate::AppError;
use serde::Deserialize;
use softpass_core::pskc::Protection;
use softpass_core::secret::SecretString;
use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// Issue documents larger than this are refused before parsing.
const MAX_ISSUED_FILE: u64 = 4 * 1024 * 1024;

#[derive(Deserialize)]
struct Doc<'a> {
    #[serde(borrow)]
    tokens: Vec<Token<'a>>,
}

/// Borrowed from the (zeroized) file buffer, so the keys and PINs are not copied around.
#[derive(Deserialize)]
struct Token<'a> {
    #[serde(borrow)]
    serial: Cow<'a, str>,
    #[serde(borrow)]
    activation_key: Option<Cow<'a, str>>,
    #[serde(borrow)]
    application_pin: Cow<'a, str>,
    #[serde(borrow)]
    seed_file: Cow<'a, str>,
}

/// The seed file as printed: relative to the current folder, else to the document's folder.
fn locate(seed_file: &str, doc: &Path) -> PathBuf {
    let given = crate::paths::expand_home(Path::new(seed_file));
    if given.is_absolute() || given.exists() {
        return given;
    }
    match doc.parent() {
        Some(dir) if dir.join(&given).exists() => dir.join(given),
        _ => given,
    }
}

/// Every token of the document, or an error naming the document, the token and the field.
pub(super) fn decode(doc_path: &Path, now: u64) -> Result<Decoded, AppError> {
    let shown = doc_path.display().to_string();
    let mut bytes = Zeroizing::new(Vec::new());
    std::fs::File::open(doc_path)
        .and_then(|f| f.take(MAX_ISSUED_FILE).read_to_end(&mut bytes))
        .map_err(|e| AppError::io(doc_path, e))?;
    let doc: Doc<'_> = serde_json::from_slice(&bytes).map_err(|e| {
        AppError::Invalid(format!(
            "{shown}: not an issue document (JSON with a \"tokens\" list of serial, activation_key, \
             application_pin, seed_file): {}",
            e.to_string().split(" at line").next().unwrap_or_default()
        ))
    })?;
    if doc.tokens.is_empty() {
        return Err(AppError::Invalid(format!(
            "{shown}: the tokens list is empty"
        )));
    }
    let mut all = Decoded {
        items: Vec::new(),
        warnings: Vec::new(),
        mail_pin: None,
    };
    for (i, t) in doc.tokens.iter().enumerate() {
        let here = format!("{shown}: tokens[{}] (serial {})", i + 1, t.serial);
        let path = locate(&t.seed_file, doc_path);
        let text = seed::read_seed(&path)?;
        let key = SecretString::from(t.activation_key.as_deref().unwrap_or(""));
        let protection = Protection::Password {
            password: &key,
            iterations: 0,
        };
        let origin = path.display().to_string();
        let mut one = seed::decode(&origin, &text, &protection, Some(&t.serial), now).map_err(
            |e| match e {
                AppError::NoSuchToken(_) => AppError::Invalid(format!(
                    "{here}: the seed file {origin} holds no token with this serial"
                )),
                other => other,
            },
        )?;
        for c in &mut one.items {
            c.seal_pin = Some(SecretString::from(t.application_pin.as_ref()));
        }
        all.items.append(&mut one.items);
        all.warnings.append(&mut one.warnings);
    }
    Ok(all)
}
