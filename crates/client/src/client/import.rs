//! Import: decode a source into candidates (phase 1), then check the PIN, seal and store (phase 2).
use super::{ImportOptions, ImportSource, PreparedToken, TokenInfo, info, random};
use crate::AppError;
use crate::store::Store;
use softpass_core::DomainError;
use softpass_core::activation::ActivationCode;
use softpass_core::names::{self, Conflict};
use softpass_core::otpauth::KeyUri;
use softpass_core::pskc::{self, Protection};
use softpass_core::secret::{SecretBytes, SecretString};
use softpass_core::serial;
use softpass_core::token::{OtpParams, PinPolicy};
use softpass_core::vault::{NewToken, Sealing, Secrets, TokenRecord, Vault};
use std::io::Read;
use std::path::Path;

/// Seed files larger than this are refused before parsing.
const MAX_SEED_FILE: u64 = 4 * 1024 * 1024;

/// One token decoded from a source, not stored yet. Holds the secret: no `Debug`, no `Clone`.
pub(super) struct Candidate {
    pub serial: String,
    pub default_name: String,
    pub issuer: Option<String>,
    pub params: OtpParams,
    pub counter: u64,
    pub secret: SecretBytes,
    pub policy: PinPolicy,
    /// The application PIN the seed carries, if any.
    pub pin: Option<SecretString>,
}

impl Candidate {
    pub fn summary(&self) -> PreparedToken {
        PreparedToken {
            serial: self.serial.clone(),
            default_name: self.default_name.clone(),
            kind: self.params.kind,
        }
    }
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

pub(super) fn prepare(source: ImportSource) -> Result<Vec<Candidate>, AppError> {
    match source {
        ImportSource::Uri(uri) => {
            let k = KeyUri::parse(uri.expose()).map_err(DomainError::from)?;
            let serial = serial::uri(k.kind, k.secret.expose());
            let default_name = match (&k.issuer, k.account.is_empty()) {
                (_, true) => serial.clone(),
                (Some(i), false) if !i.is_empty() => format!("{i}:{}", k.account),
                _ => k.account.clone(),
            };
            let params = k.otp_params();
            Ok(vec![Candidate {
                serial,
                default_name,
                issuer: k.issuer.clone(),
                params,
                counter: if k.kind.is_event() { k.counter } else { 0 },
                secret: k.secret.duplicate(),
                policy: PinPolicy::default(),
                pin: None,
            }])
        }
        ImportSource::MobilePass {
            code,
            policy,
            counter,
            digits,
        } => {
            if digits != 6 && digits != 8 {
                return Err(AppError::Invalid(format!(
                    "a MobilePASS token has 6 or 8 digits, not {digits}"
                )));
            }
            let ac = ActivationCode::parse(code.expose()).map_err(DomainError::from)?;
            let serial = serial::mobilepass(ac.entropy(), &policy);
            Ok(vec![Candidate {
                default_name: serial.clone(),
                serial,
                issuer: None,
                params: OtpParams::mobilepass(digits),
                counter,
                secret: ac.key(&policy),
                policy: PinPolicy::default(),
                pin: None,
            }])
        }
        ImportSource::SeedFile {
            path,
            activation_key,
            serial,
        } => {
            let path = crate::paths::expand_home(&path);
            prepare_seed(
                &path.display().to_string(),
                &read_seed(&path)?,
                &activation_key,
                serial.as_deref(),
            )
        }
        ImportSource::SeedXml {
            origin,
            xml,
            activation_key,
            serial,
        } => prepare_seed(&origin, &xml, &activation_key, serial.as_deref()),
    }
}

fn read_seed(path: &Path) -> Result<String, AppError> {
    let mut bytes = Vec::new();
    let file = std::fs::File::open(path).map_err(|e| AppError::io(path, e))?;
    // A regular file too large for the reader is refused with its real size (reading stops at
    // the cap, so the reader would only see the cap); pipes are read up to the cap.
    let size = file.metadata().map_err(|e| AppError::io(path, e))?;
    if size.is_file() && size.len() > pskc::MAX_FILE_SIZE as u64 {
        return Err(AppError::SeedFile {
            origin: path.display().to_string(),
            source: pskc::PskcError::TooLarge {
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

/// Whether the seed file's secrets are protected by a password (the activation key).
pub(super) fn seed_needs_key(path: &Path) -> Result<bool, AppError> {
    let encryption = pskc::inspect(&read_seed(path)?).map_err(|source| AppError::SeedFile {
        origin: path.display().to_string(),
        source,
    })?;
    Ok(!matches!(encryption, pskc::Encryption::None))
}

/// `origin` names the seed in messages (its path, or what it is).
fn prepare_seed(
    origin: &str,
    xml: &str,
    key: &SecretString,
    only: Option<&str>,
) -> Result<Vec<Candidate>, AppError> {
    // The reader takes the PBKDF2 parameters from the file; `iterations` only matters to writers.
    let protection = Protection::Password {
        password: key,
        iterations: 0,
    };
    let packages = pskc::read(xml, &protection).map_err(|source| AppError::SeedFile {
        origin: origin.to_owned(),
        source,
    })?;
    let mut out = Vec::new();
    for kp in packages {
        let serial = kp.serial.clone().unwrap_or_else(|| kp.key_id.clone());
        if only.is_some_and(|s| s != serial) {
            continue;
        }
        out.push(Candidate {
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
        });
    }
    match (out.is_empty(), only) {
        (true, Some(s)) => Err(AppError::NoSuchToken(format!("{s} (in {origin})"))),
        (true, None) => Err(AppError::Invalid(format!(
            "{origin}: the seed file holds no token"
        ))),
        _ => Ok(out),
    }
}

/// A record for `c`, sealed under the PIN (which is checked against the seed / policy first).
fn seal_candidate(c: &Candidate, o: &ImportOptions, name: String) -> Result<TokenRecord, AppError> {
    match &c.pin {
        Some(seed_pin) if !seed_pin.ct_eq(o.pin.expose()) => {
            return Err(AppError::SeedPinMismatch {
                serial: c.serial.clone(),
            });
        }
        Some(_) => {}
        None => c
            .policy
            .check(o.pin.expose())
            .map_err(AppError::PinPolicy)?,
    }
    let token = NewToken {
        name,
        serial: c.serial.clone(),
        params: c.params,
        issuer: c.issuer.clone(),
        counter: c.counter,
        pin_policy: c.policy,
    };
    let secrets = Secrets {
        secret: c.secret.duplicate(),
        otp_pin: o.otp_pin.as_ref().map(SecretString::duplicate),
    };
    let sealing = Sealing {
        pin: &o.pin,
        kdf: o.kdf,
        salt: random()?,
        nonce: random()?,
    };
    TokenRecord::seal(token, &secrets, &sealing).map_err(|e| DomainError::from(e).into())
}

fn check_params(c: &Candidate) -> Result<(), AppError> {
    names::check_label("serial", &c.serial).map_err(AppError::Invalid)?;
    softpass_core::otp::Generator::new(&c.params, &c.secret).map_err(DomainError::from)?;
    if c.params.kind.is_event() && c.counter == u64::MAX {
        return Err(AppError::Invalid(format!(
            "token {}: counter {} leaves no eToken to generate",
            c.serial, c.counter
        )));
    }
    Ok(())
}

pub(super) fn commit(
    store: &Store,
    items: Vec<Candidate>,
    o: ImportOptions,
) -> Result<Vec<TokenInfo>, AppError> {
    if o.name.is_some() && items.len() != 1 {
        return Err(AppError::NameForMany);
    }
    if let Some(n) = &o.name {
        check_name(n)?;
    }
    if o.otp_pin.as_ref().is_some_and(|p| p.is_empty()) {
        return Err(AppError::EmptyOtpPin);
    }
    o.kdf
        .check()
        .map_err(|e| AppError::Invalid(format!("KDF cost: {e}")))?;
    let mut records = Vec::new();
    for c in &items {
        check_params(c)?;
        let name = o.name.clone().unwrap_or_else(|| c.default_name.clone());
        names::check_label("name", &name).map_err(AppError::Invalid)?;
        records.push(seal_candidate(c, &o, name)?);
    }
    store.modify(|vault| {
        // All or nothing: `modify` saves whatever changed even when we return an error (so
        // that wrong-PIN counts persist), so the tokens are added to a copy that replaces the
        // vault only once every one of them was accepted.
        let mut staged = vault.clone();
        let v = &mut staged;
        let mut out = Vec::new();
        for mut r in records {
            let same_serial = v.tokens.iter().position(|t| t.serial == r.serial);
            if let Some(i) = same_serial {
                if !o.replace {
                    return Err(AppError::SerialExists {
                        serial: r.serial.clone(),
                        name: v.tokens[i].name.clone(),
                    });
                }
                let old = &v.tokens[i];
                // Re-activation keeps the user's name and never lets the counter go back.
                if o.name.is_none() {
                    r.name = old.name.clone();
                }
                r.counter = r.counter.max(old.counter);
            }
            check_conflict(v, &r.name, &r.serial)?;
            out.push(info(&r));
            match same_serial {
                Some(i) => v.tokens[i] = r,
                None => v.tokens.push(r),
            }
        }
        *vault = staged;
        Ok(out)
    })
}

/// Names are typed and shown: 1 to 64 characters, no control characters, not blank.
pub(super) fn check_name(name: &str) -> Result<(), AppError> {
    names::check_name(name).map_err(AppError::Invalid)
}

/// Whether `name` may name the token `own_serial`: not another token's name, nor its serial (a
/// serial works as NAME, so it would hide that token from `code SERIAL`).
pub(super) fn check_conflict(v: &Vault, name: &str, own_serial: &str) -> Result<(), AppError> {
    match names::conflict(&v.tokens, name, own_serial) {
        None => Ok(()),
        Some(Conflict::Taken(other)) => Err(AppError::Exists(other.to_owned())),
        Some(Conflict::ShadowsSerial(other)) => Err(AppError::Invalid(format!(
            "the name '{name}' is the serial of token '{other}': pick another name"
        ))),
    }
}
