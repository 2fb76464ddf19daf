//! The facade the shells use: list, import, unlock, generate, change PIN, rename, remove, export.
//! The work is split by concern into `client/{import,unlock,codes,manage}.rs`; `client/target.rs`
//! says which token a command means.
mod carry;
mod codes;
mod import;
mod issued;
mod manage;
mod seed;
mod target;
mod unlock;

pub use seed::parse_psk;
pub use target::Target;
use target::find;

use crate::AppError;
use crate::clock::Clock;
use crate::store::Store;
use serde::Serialize;
use softpass_core::secret::{SecretBytes, SecretString};
use softpass_core::token::{Algorithm, Kind, OtpParams, PinPolicy};
use softpass_core::vault::{KdfCost, TokenRecord};
use std::path::{Path, PathBuf};

/// Public facts about a token (no PIN needed). Field names are the `list --json` contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    pub name: String,
    pub serial: String,
    pub kind: Kind,
    pub algorithm: Algorithm,
    pub digits: u8,
    /// Next counter to be used (event tokens); `None` for TOTP.
    pub counter: Option<u64>,
    /// TOTP step; `None` for event tokens.
    pub period: Option<u32>,
    pub locked: bool,
    pub failed_attempts: u32,
    #[serde(skip)]
    pub max_failed_attempts: Option<u32>,
    #[serde(skip)]
    pub issuer: Option<String>,
    #[serde(skip)]
    pub pin_policy: PinPolicy,
}

/// One generated eToken. Field names are the `code --json` contract (`combined` is added by shells).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeView {
    pub name: String,
    pub serial: String,
    pub kind: Kind,
    /// The counter used (event tokens); `None` for TOTP.
    pub counter: Option<u64>,
    pub code: String,
    /// Seconds the code stays valid (TOTP only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_for: Option<u32>,
}

/// Where an imported token comes from.
pub enum ImportSource {
    /// A PSKC file and the activation key (its password).
    SeedFile {
        path: PathBuf,
        activation_key: SecretString,
        serial: Option<String>,
    },
    /// A MobilePASS activation code (+ optional policy string).
    MobilePass {
        code: SecretString,
        policy: String,
        counter: u64,
        digits: u8,
    },
    /// A PSKC file encrypted with a pre-shared AES key (RFC 6030 §6.1): 16, 24 or 32 bytes.
    SeedFilePsk {
        path: PathBuf,
        psk: SecretBytes,
        serial: Option<String>,
    },
    /// An `otpauth://` URI.
    Uri(SecretString),
    /// An issue document (the JSON `softpass issue` prints): every token it lists, each opened
    /// with its activation key and sealed under its own application PIN.
    Issued(PathBuf),
    /// PSKC text already in memory (e.g. the demo seed built into the binary); `origin` names it
    /// in messages the way a path would.
    SeedXml {
        origin: String,
        xml: String,
        activation_key: SecretString,
        serial: Option<String>,
    },
    /// An activation e-mail (docs/email.md; `None`: standard input): its attached seed file,
    /// opened with the Activation Key its text gives. Its Application PIN is offered as
    /// [`PreparedImport::mail_pin`].
    Email(Option<PathBuf>),
}

/// Summary of one token in a [`PreparedImport`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedToken {
    pub serial: String,
    pub default_name: String,
    pub kind: Kind,
}

/// Phase 1 of an import: decoded (and decrypted) but nothing stored yet. The shell looks at
/// [`PreparedImport::carries_pin`] to decide which PIN to ask for, then calls `commit_import`.
pub struct PreparedImport {
    items: Vec<import::Candidate>,
    warnings: Vec<String>,
    mail_pin: Option<SecretString>,
}

impl PreparedImport {
    /// The Application PIN an activation e-mail gave: the PIN to use unless the user gives one.
    pub fn mail_pin(&self) -> Option<&SecretString> {
        self.mail_pin.as_ref()
    }
    pub fn tokens(&self) -> Vec<PreparedToken> {
        self.items.iter().map(import::Candidate::summary).collect()
    }
    /// What the user should know but does not stop the import: lines or elements a seed file
    /// format skips, a serial given twice, keys past their validity dates. No secrets.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }
    /// True when every token already has the PIN it is sealed under (an issue document): the
    /// shell asks for none, and the one in [`ImportOptions::pin`] is not used.
    pub fn has_own_pins(&self) -> bool {
        self.items.iter().all(|c| c.seal_pin.is_some())
    }
    /// True when the seed carries an application PIN (the given PIN must then equal it).
    pub fn carries_pin(&self) -> bool {
        self.items.iter().any(|c| c.pin.is_some())
    }
    /// The policy new PINs for these tokens must satisfy.
    pub fn pin_policy(&self) -> PinPolicy {
        self.items.first().map(|c| c.policy).unwrap_or_default()
    }
}

/// Phase 2 options of an import.
pub struct ImportOptions {
    /// Only valid with a single token.
    pub name: Option<String>,
    pub otp_pin: Option<SecretString>,
    pub replace: bool,
    /// The application PIN: must equal the seed's PIN if it carries one; else becomes the PIN.
    pub pin: SecretString,
    pub kdf: KdfCost,
}

/// What an import did with the token's OTP PIN (a re-activation keeps the old one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtpPinCarry {
    /// A new token: it stores the OTP PIN given, if any.
    New,
    /// An OTP PIN was given and stored (on a re-activation it replaces the old one).
    Given,
    /// Re-activated: the old token's OTP PIN is stored with the new one.
    Kept,
    /// Re-activated: the old token stored no OTP PIN, nor does the new one.
    NoneStored,
    /// Re-activated with a PIN that does not open the old token, so an OTP PIN it may have
    /// stored could not be carried over.
    Unknown,
}

/// One token an import stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedToken {
    pub info: TokenInfo,
    pub otp_pin: OtpPinCarry,
}

/// A token unlocked with its application PIN: holds its secret (zeroized on drop). Not `Clone`.
pub struct Unlocked {
    name: String,
    serial: String,
    issuer: Option<String>,
    params: OtpParams,
    secret: SecretBytes,
    otp_pin: Option<SecretString>,
    /// The nonce of the sealed part it was opened from: tells whether the token changed since.
    sealed_nonce: [u8; 24],
}

impl Unlocked {
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn serial(&self) -> &str {
        &self.serial
    }
    pub fn kind(&self) -> Kind {
        self.params.kind
    }
    /// The stored OTP PIN, if any: the explicit way a secret leaves `app`.
    pub fn otp_pin(&self) -> Option<&SecretString> {
        self.otp_pin.as_ref()
    }
}

/// The softpass client over one vault file.
pub struct Client {
    store: Store,
    clock: Box<dyn Clock>,
}

impl Client {
    /// Does no I/O; the vault is created on the first import.
    pub fn new(vault: PathBuf, clock: Box<dyn Clock>) -> Self {
        Self {
            store: Store::new(vault),
            clock,
        }
    }
    /// All tokens (no PIN needed). A missing vault is an empty list.
    pub fn list(&self) -> Result<Vec<TokenInfo>, AppError> {
        Ok(self.store.load()?.tokens.iter().map(info).collect())
    }
    /// By name or serial; `None` picks the only token (usage error if there are several).
    /// Pass the result (not its name) to the steps that follow: they find the token by serial.
    pub fn resolve(&self, name: Option<&str>) -> Result<TokenInfo, AppError> {
        let v = self.store.load()?;
        match name {
            Some(n) => Ok(info(&v.tokens[find(&v, Target::Named(n))?])),
            None => match v.tokens.as_slice() {
                [only] => Ok(info(only)),
                [] => Err(AppError::EmptyVault(self.store.path().to_owned())),
                _ => Err(AppError::Ambiguous(v.tokens.len())),
            },
        }
    }
    pub fn prepare_import(&self, source: ImportSource) -> Result<PreparedImport, AppError> {
        // An unreadable vault is reported before any secret is decoded or asked for.
        self.store.load()?;
        let decoded = import::prepare(source, self.clock.now_unix())?;
        Ok(PreparedImport {
            items: decoded.items,
            warnings: decoded.warnings,
            mail_pin: decoded.mail_pin,
        })
    }
    /// Whether a seed file needs a key (its secrets are protected by a password or a pre-shared
    /// key), so a shell asks for one only when it is needed. Any seed-file format.
    pub fn seed_file_needs_key(&self, path: &Path) -> Result<bool, AppError> {
        seed::needs_key(&crate::paths::expand_home(path))
    }
    pub fn commit_import(
        &self,
        prepared: PreparedImport,
        options: ImportOptions,
    ) -> Result<Vec<TokenInfo>, AppError> {
        let imported = self.commit_import_detailed(prepared, options)?;
        Ok(imported.into_iter().map(|t| t.info).collect())
    }
    /// `commit_import`, also telling what became of each token's OTP PIN: a re-activation
    /// (`replace`) without a new OTP PIN keeps the old token's when the PIN given opens it.
    pub fn commit_import_detailed(
        &self,
        prepared: PreparedImport,
        options: ImportOptions,
    ) -> Result<Vec<ImportedToken>, AppError> {
        import::commit(&self.store, prepared.items, options)
    }
    /// Checks the PIN; every attempt is counted and saved before the PIN is checked, and the
    /// count undone only after a right PIN.
    pub fn unlock<'a>(
        &self,
        token: impl Into<Target<'a>>,
        pin: &SecretString,
    ) -> Result<Unlocked, AppError> {
        unlock::unlock(&self.store, self.clock.now_unix(), token.into(), pin)
    }
    /// The next `count` eTokens. Event tokens: counters reserved and saved durably first.
    /// TOTP: the codes for now and the following `count - 1` steps (no state change).
    pub fn next_codes(&self, token: &Unlocked, count: u32) -> Result<Vec<CodeView>, AppError> {
        codes::next(&self.store, self.clock.now_unix(), token, count)
    }
    /// `unlock` and `next_codes` in one step, faster for one-shot callers (the CLI): the counters
    /// are staged while the KDF runs, and saved only if the PIN was right. Same guarantees.
    pub fn unlock_next<'a>(
        &self,
        token: impl Into<Target<'a>>,
        pin: &SecretString,
        count: u32,
    ) -> Result<(Unlocked, Vec<CodeView>), AppError> {
        let now = self.clock.now_unix();
        codes::unlock_next(&self.store, now, token.into(), pin, count)
    }
    /// TOTP at a given time (no state change). Event tokens: usage error.
    pub fn codes_at(
        &self,
        token: &Unlocked,
        time: u64,
        count: u32,
    ) -> Result<Vec<CodeView>, AppError> {
        codes::at(token, time, count)
    }
    pub fn change_pin<'a>(
        &self,
        token: impl Into<Target<'a>>,
        old: &SecretString,
        new: &SecretString,
        kdf: KdfCost,
    ) -> Result<(), AppError> {
        let now = self.clock.now_unix();
        manage::change_pin(&self.store, now, token.into(), old, new, kdf)
    }
    /// Sets, changes (`Some`) or clears (`None`) the stored OTP PIN; needs the application PIN
    /// (a wrong one is counted). Returns the token unlocked as now stored: handles from before
    /// are stale, since the token was resealed.
    pub fn set_otp_pin<'a>(
        &self,
        token: impl Into<Target<'a>>,
        pin: &SecretString,
        otp_pin: Option<&SecretString>,
    ) -> Result<Unlocked, AppError> {
        manage::set_otp_pin(
            &self.store,
            self.clock.now_unix(),
            token.into(),
            pin,
            otp_pin,
        )
    }
    pub fn rename<'a>(&self, token: impl Into<Target<'a>>, new_name: &str) -> Result<(), AppError> {
        manage::rename(&self.store, token.into(), new_name)
    }
    pub fn remove<'a>(
        &self,
        token: impl Into<Target<'a>>,
        pin: &SecretString,
    ) -> Result<(), AppError> {
        manage::remove(&self.store, self.clock.now_unix(), token.into(), pin)
    }
    /// `otpauth://` URI of an unlocked token (HOTP: with the next counter).
    pub fn export_uri(&self, token: &Unlocked) -> Result<SecretString, AppError> {
        codes::export_uri(&self.store, token)
    }
}

fn info(t: &TokenRecord) -> TokenInfo {
    let p = &t.params;
    let event = p.kind.is_event();
    TokenInfo {
        name: t.name.clone(),
        serial: t.serial.clone(),
        kind: p.kind,
        algorithm: p.algorithm,
        digits: p.digits,
        counter: event.then_some(t.counter),
        period: (!event).then_some(p.period),
        locked: t.attempts.locked,
        failed_attempts: t.attempts.failed,
        max_failed_attempts: t.pin_policy.max_failed_attempts,
        issuer: t.issuer.clone(),
        pin_policy: t.pin_policy,
    }
}

/// Fresh random bytes from the operating system.
fn random<const N: usize>() -> Result<[u8; N], AppError> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf)
        .map_err(|e| AppError::io("<random>", std::io::Error::other(e.to_string())))?;
    Ok(buf)
}
