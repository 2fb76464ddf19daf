//! Import: decode a source into candidates (phase 1), then check the PIN, seal and store (phase 2).
use super::seed::{self, Decoded};
use super::{
    ImportOptions, ImportSource, ImportedToken, OtpPinCarry, PreparedToken, carry, info, issued,
    random,
};
use crate::AppError;
use crate::store::Store;
use softpass_core::DomainError;
use softpass_core::activation::ActivationCode;
use softpass_core::names::{self, Conflict};
use softpass_core::otpauth::KeyUri;
use softpass_core::pskc::Protection;
use softpass_core::secret::{SecretBytes, SecretString};
use softpass_core::serial;
use softpass_core::token::{OtpParams, PinPolicy};
use softpass_core::vault::{NewToken, Sealing, Secrets, TokenRecord, Vault};

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
    /// The PIN this token is sealed under whatever PIN the shell reads (an issue document's
    /// application PIN for each token).
    pub seal_pin: Option<SecretString>,
    /// Where it came from, for messages: the source, and in a seed file the element or line.
    pub origin: String,
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

fn single(c: Candidate) -> Decoded {
    Decoded {
        items: vec![c],
        warnings: Vec::new(),
        mail_pin: None,
    }
}

fn seed_file(
    path: &std::path::Path,
    protection: &Protection<'_>,
    serial: Option<&str>,
    now: u64,
) -> Result<Decoded, AppError> {
    let path = crate::paths::expand_home(path);
    let text = seed::read_seed(&path)?;
    seed::decode(&path.display().to_string(), &text, protection, serial, now)
}

/// The seed file attached to an activation e-mail, opened with the Activation Key its text
/// gives (an unencrypted one needs none: the reader checked that an encrypted one has one).
fn from_email(path: Option<&std::path::Path>, now: u64) -> Result<Decoded, AppError> {
    let path = path.map(crate::paths::expand_home);
    let (origin, bytes) = crate::mail::load(path.as_deref())?;
    let m = crate::mail::read_message(&origin, &bytes)?;
    let key = m.activation_key.unwrap_or_else(|| SecretString::from(""));
    let protection = Protection::Password {
        password: &key,
        iterations: 0,
    };
    let mut decoded = seed::decode(&m.seed_origin, &m.seed, &protection, None, now)?;
    decoded.mail_pin = m.application_pin;
    Ok(decoded)
}

fn from_uri(uri: &SecretString) -> Result<Candidate, AppError> {
    let k = KeyUri::parse(uri.expose()).map_err(DomainError::from)?;
    let serial = serial::uri(k.kind, k.secret.expose());
    let default_name = match (&k.issuer, k.account.is_empty()) {
        (_, true) => serial.clone(),
        (Some(i), false) if !i.is_empty() => format!("{i}:{}", k.account),
        _ => k.account.clone(),
    };
    Ok(Candidate {
        origin: format!("token {serial}"),
        serial,
        default_name,
        issuer: k.issuer.clone(),
        params: k.otp_params(),
        counter: if k.kind.is_event() { k.counter } else { 0 },
        secret: k.secret.duplicate(),
        policy: PinPolicy::default(),
        pin: None,
        seal_pin: None,
    })
}

fn from_mobilepass(
    code: &SecretString,
    policy: &str,
    counter: u64,
    digits: u8,
) -> Result<Candidate, AppError> {
    if digits != 6 && digits != 8 {
        return Err(AppError::Invalid(format!(
            "a MobilePASS token has 6 or 8 digits, not {digits}"
        )));
    }
    let ac = ActivationCode::parse(code.expose()).map_err(DomainError::from)?;
    let serial = serial::mobilepass(ac.entropy(), policy);
    Ok(Candidate {
        origin: format!("token {serial}"),
        default_name: serial.clone(),
        serial,
        issuer: None,
        params: OtpParams::mobilepass(digits),
        counter,
        secret: ac.key(policy),
        policy: PinPolicy::default(),
        pin: None,
        seal_pin: None,
    })
}

/// Phase 1: the candidates and warnings of `source`; `now` (Unix seconds) checks validity dates.
pub(super) fn prepare(source: ImportSource, now: u64) -> Result<Decoded, AppError> {
    match source {
        ImportSource::Uri(uri) => from_uri(&uri).map(single),
        ImportSource::MobilePass {
            code,
            policy,
            counter,
            digits,
        } => from_mobilepass(&code, &policy, counter, digits).map(single),
        ImportSource::SeedFile {
            path,
            activation_key,
            serial,
        } => {
            // The reader takes the PBKDF2 parameters from the file; `iterations` is for writers.
            let protection = Protection::Password {
                password: &activation_key,
                iterations: 0,
            };
            seed_file(&path, &protection, serial.as_deref(), now)
        }
        ImportSource::SeedFilePsk { path, psk, serial } => {
            let protection = Protection::PreShared { key: psk.expose() };
            seed_file(&path, &protection, serial.as_deref(), now)
        }
        ImportSource::SeedXml {
            origin,
            xml,
            activation_key,
            serial,
        } => {
            let protection = Protection::Password {
                password: &activation_key,
                iterations: 0,
            };
            seed::decode(&origin, &xml, &protection, serial.as_deref(), now)
        }
        ImportSource::Issued(path) => issued::decode(&path, now),
        ImportSource::Email(path) => from_email(path.as_deref(), now),
    }
}

/// The PIN `c` is sealed under: its issue document's, else the one the shell read.
fn pin_for<'a>(c: &'a Candidate, o: &'a ImportOptions) -> &'a SecretString {
    c.seal_pin.as_ref().unwrap_or(&o.pin)
}

/// Checks the PIN against the seed's (or the policy, when the seed carries none).
fn check_pin(c: &Candidate, o: &ImportOptions) -> Result<(), AppError> {
    let pin = pin_for(c, o);
    match &c.pin {
        Some(seed_pin) if !seed_pin.ct_eq(pin.expose()) => {
            return Err(AppError::SeedPinMismatch {
                serial: c.serial.clone(),
            });
        }
        Some(_) => {}
        None => c.policy.check(pin.expose()).map_err(AppError::PinPolicy)?,
    }
    Ok(())
}

/// A record for `c` with `otp_pin`, sealed under its PIN (checked by [`check_pin`] first).
fn seal_candidate(
    c: &Candidate,
    o: &ImportOptions,
    name: String,
    otp_pin: Option<SecretString>,
) -> Result<TokenRecord, AppError> {
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
        otp_pin,
    };
    let sealing = Sealing {
        pin: pin_for(c, o),
        kdf: o.kdf,
        salt: random()?,
        nonce: random()?,
    };
    TokenRecord::seal(token, &secrets, &sealing).map_err(|e| DomainError::from(e).into())
}

/// What the vault needs of a token, each problem named by where the token came from.
fn check_params(c: &Candidate) -> Result<(), AppError> {
    let at = |why: String| AppError::Invalid(format!("{}: {why}", c.origin));
    names::check_label("serial", &c.serial).map_err(at)?;
    softpass_core::otp::Generator::new(&c.params, &c.secret).map_err(|e| at(e.to_string()))?;
    if c.params.kind.is_event() && c.counter == u64::MAX {
        return Err(at(format!(
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
) -> Result<Vec<ImportedToken>, AppError> {
    check_options(&items, &o)?;
    let items = separate_variants(store, items)?;
    let old = carry::before(store, o.replace, o.otp_pin.as_ref())?;
    let sealed = seal_all(&items, &o, old.as_ref())?;
    store.modify(|vault| {
        // All or nothing: `modify` saves whatever changed even when we return an error (so
        // that wrong-PIN counts persist), so the tokens are added to a copy that replaces the
        // vault only once every one of them was accepted.
        let mut staged = vault.clone();
        let out = add_all(&mut staged, sealed, &o)?;
        *vault = staged;
        Ok(out)
    })
}

/// A URI token's serial comes from its kind and secret only, so a URI with the same secret and
/// other parameters (algorithm, digits, period) would get the serial of a token already stored:
/// it could never sit beside it, and `--replace` would overwrite one key's token with the
/// other's. Such a newcomer takes the serial that includes its parameters too. Decided before
/// sealing (the serial is bound into the sealed part); a vault changed in between at worst
/// gives the usual "already in the vault".
fn separate_variants(store: &Store, mut items: Vec<Candidate>) -> Result<Vec<Candidate>, AppError> {
    let derived = |c: &Candidate| c.serial == serial::uri(c.params.kind, c.secret.expose());
    if !items.iter().any(derived) {
        // Seed files, MobilePASS codes: serials of their own; no second read of the vault.
        return Ok(items);
    }
    let vault = store.load()?;
    for c in items.iter_mut().filter(|c| derived(c)) {
        let other_params = |t: &TokenRecord| t.serial == c.serial && t.params != c.params;
        if vault.tokens.iter().any(other_params) {
            let variant = serial::uri_variant(&c.params, c.secret.expose());
            if c.default_name == c.serial {
                c.default_name = variant.clone();
            }
            c.origin = format!("token {variant}");
            c.serial = variant;
        }
    }
    Ok(items)
}

/// The options that hold for the whole import, checked before any token is looked at.
fn check_options(items: &[Candidate], o: &ImportOptions) -> Result<(), AppError> {
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
        .map_err(|e| AppError::Invalid(format!("KDF cost: {e}")))
}

/// Every candidate checked and sealed (nothing stored yet), with what became of its OTP PIN.
fn seal_all(
    items: &[Candidate],
    o: &ImportOptions,
    old: Option<&Vault>,
) -> Result<Vec<(TokenRecord, OtpPinCarry)>, AppError> {
    let mut sealed = Vec::new();
    for (i, c) in items.iter().enumerate() {
        // Two candidates with one serial: neither may replace the other, with or without
        // re-activation.
        if let Some(first) = items[..i].iter().find(|f| f.serial == c.serial) {
            return Err(AppError::Invalid(format!(
                "{}: serial {} again (also {})",
                c.origin, c.serial, first.origin
            )));
        }
        check_params(c)?;
        let name = o.name.clone().unwrap_or_else(|| c.default_name.clone());
        names::check_label("name", &name).map_err(AppError::Invalid)?;
        // The PIN is checked before the old token is opened with it.
        check_pin(c, o)?;
        let (otp_pin, carry) = carry::otp_pin_for(old, c, o.otp_pin.as_ref(), pin_for(c, o));
        sealed.push((seal_candidate(c, o, name, otp_pin)?, carry));
    }
    Ok(sealed)
}

/// Adds (or, re-activating, replaces) the sealed tokens in `v`.
fn add_all(
    v: &mut Vault,
    sealed: Vec<(TokenRecord, OtpPinCarry)>,
    o: &ImportOptions,
) -> Result<Vec<ImportedToken>, AppError> {
    let mut out = Vec::new();
    for (mut r, carry) in sealed {
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
        // Without an old token there was nothing to carry over.
        let otp_pin = match (same_serial, carry) {
            (None, OtpPinCarry::Given) => OtpPinCarry::Given,
            (None, _) => OtpPinCarry::New,
            (Some(_), c) => c,
        };
        out.push(ImportedToken {
            info: info(&r),
            otp_pin,
        });
        match same_serial {
            Some(i) => v.tokens[i] = r,
            None => v.tokens.push(r),
        }
    }
    Ok(out)
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
