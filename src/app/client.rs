//! The facade the shells use: list, import, unlock, generate, change PIN, rename, remove, export.
//! OWNER: vault helper. Signatures are the contract `cli` and `tui` are written against; bodies TBD.
use crate::app::AppError;
use crate::app::clock::Clock;
use crate::domain::secret::SecretString;
use crate::domain::token::{Algorithm, Kind, PinPolicy};
use crate::domain::vault::KdfCost;
use serde::Serialize;
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
    pub has_otp_pin: bool,
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
    /// An `otpauth://` URI.
    Uri(SecretString),
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
    _private: (),
}

impl PreparedImport {
    pub fn tokens(&self) -> Vec<PreparedToken> {
        todo!("vault helper")
    }
    /// True when the seed carries an application PIN (the given PIN must then equal it).
    pub fn carries_pin(&self) -> bool {
        todo!("vault helper")
    }
    /// The policy new PINs for these tokens must satisfy.
    pub fn pin_policy(&self) -> PinPolicy {
        todo!("vault helper")
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

/// A token unlocked with its application PIN: holds its secret (zeroized on drop). Not `Clone`.
pub struct Unlocked {
    _private: (),
}

impl Unlocked {
    pub fn name(&self) -> &str {
        todo!("vault helper")
    }
    pub fn serial(&self) -> &str {
        todo!("vault helper")
    }
    pub fn kind(&self) -> Kind {
        todo!("vault helper")
    }
    /// The stored OTP PIN, if any: the explicit way a secret leaves `app`.
    pub fn otp_pin(&self) -> Option<&SecretString> {
        todo!("vault helper")
    }
}

/// The softpass client over one vault file.
pub struct Client {
    _private: (),
}

impl Client {
    /// Does no I/O; the vault is created on the first import.
    pub fn new(_vault: PathBuf, _clock: Box<dyn Clock>) -> Self {
        todo!("vault helper")
    }
    pub fn vault_path(&self) -> &Path {
        todo!("vault helper")
    }
    /// All tokens (no PIN needed). A missing vault is an empty list.
    pub fn list(&self) -> Result<Vec<TokenInfo>, AppError> {
        todo!("vault helper")
    }
    /// By name or serial; `None` picks the only token (usage error if there are several).
    pub fn resolve(&self, _name: Option<&str>) -> Result<TokenInfo, AppError> {
        todo!("vault helper")
    }
    pub fn prepare_import(&self, _source: ImportSource) -> Result<PreparedImport, AppError> {
        todo!("vault helper")
    }
    pub fn commit_import(
        &self,
        _prepared: PreparedImport,
        _options: ImportOptions,
    ) -> Result<Vec<TokenInfo>, AppError> {
        todo!("vault helper")
    }
    /// Checks the PIN; a wrong one is counted and saved before the error is returned.
    pub fn unlock(&self, _name: &str, _pin: &SecretString) -> Result<Unlocked, AppError> {
        todo!("vault helper")
    }
    /// The next `count` eTokens. Event tokens: counters reserved and saved durably first.
    /// TOTP: the codes for now and the following `count - 1` steps (no state change).
    pub fn next_codes(&self, _token: &Unlocked, _count: u32) -> Result<Vec<CodeView>, AppError> {
        todo!("vault helper")
    }
    /// TOTP at a given time (no state change). Event tokens: usage error.
    pub fn codes_at(
        &self,
        _token: &Unlocked,
        _time: u64,
        _count: u32,
    ) -> Result<Vec<CodeView>, AppError> {
        todo!("vault helper")
    }
    pub fn change_pin(
        &self,
        _name: &str,
        _old: &SecretString,
        _new: &SecretString,
        _kdf: KdfCost,
    ) -> Result<(), AppError> {
        todo!("vault helper")
    }
    pub fn rename(&self, _name: &str, _new_name: &str) -> Result<(), AppError> {
        todo!("vault helper")
    }
    pub fn remove(&self, _name: &str, _pin: &SecretString) -> Result<(), AppError> {
        todo!("vault helper")
    }
    /// `otpauth://` URI of an unlocked token (HOTP: with the next counter).
    pub fn export_uri(&self, _token: &Unlocked) -> Result<SecretString, AppError> {
        todo!("vault helper")
    }
}
