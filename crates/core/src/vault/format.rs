//! The vault file: JSON envelope (marker, version, checksum) around the token records.
//! Reading validates everything (docs/vault-format.md §1-2) before anything may be written back.
use super::record::TokenRecord;
use super::{FORMAT, KdfCost, VERSION, VaultError};
use crate::names::check_label;
use crate::token::{Algorithm, Kind};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// Files above this size are refused as corrupt (a vault of 1,000 tokens is about 700 KB).
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
const MAX_PLAINTEXT: usize = 4096;

/// All tokens, in the order they were added.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Vault {
    pub tokens: Vec<TokenRecord>,
}

/// The encrypted part of a token (docs/vault-format.md §3). Holds no plaintext secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "SealedRaw", into = "SealedRaw")]
pub struct SealedPart {
    pub kdf: KdfCost,
    pub salt: [u8; SALT_LEN],
    pub nonce: [u8; NONCE_LEN],
    /// Ciphertext followed by the 16-byte tag.
    pub ciphertext: Vec<u8>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KdfRaw {
    algorithm: String,
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SealedRaw {
    kdf: KdfRaw,
    salt: String,
    nonce: String,
    ciphertext: String,
}

fn decode_fixed<const N: usize>(field: &str, text: &str) -> Result<[u8; N], String> {
    let bytes = B64
        .decode(text)
        .map_err(|e| format!("{field}: bad base64 ({e})"))?;
    <[u8; N]>::try_from(bytes.as_slice())
        .map_err(|_| format!("{field}: {} bytes, expected {N}", bytes.len()))
}

impl TryFrom<SealedRaw> for SealedPart {
    type Error = String;
    fn try_from(raw: SealedRaw) -> Result<Self, String> {
        if raw.kdf.algorithm != "argon2id" {
            return Err(format!("kdf.algorithm: unknown '{}'", raw.kdf.algorithm));
        }
        let kdf = KdfCost {
            memory_kib: raw.kdf.memory_kib,
            iterations: raw.kdf.iterations,
            parallelism: raw.kdf.parallelism,
        };
        kdf.check().map_err(|e| format!("kdf: {e}"))?;
        let ciphertext = B64
            .decode(&raw.ciphertext)
            .map_err(|e| format!("ciphertext: bad base64 ({e})"))?;
        if !(TAG_LEN + 4..=TAG_LEN + MAX_PLAINTEXT).contains(&ciphertext.len()) {
            return Err(format!("ciphertext: bad length {}", ciphertext.len()));
        }
        Ok(SealedPart {
            kdf,
            salt: decode_fixed("salt", &raw.salt)?,
            nonce: decode_fixed("nonce", &raw.nonce)?,
            ciphertext,
        })
    }
}

impl From<SealedPart> for SealedRaw {
    fn from(s: SealedPart) -> Self {
        SealedRaw {
            kdf: KdfRaw {
                algorithm: "argon2id".into(),
                memory_kib: s.kdf.memory_kib,
                iterations: s.kdf.iterations,
                parallelism: s.kdf.parallelism,
            },
            salt: B64.encode(s.salt),
            nonce: B64.encode(s.nonce),
            ciphertext: B64.encode(&s.ciphertext),
        }
    }
}

fn check_record(t: &TokenRecord) -> Result<(), String> {
    check_label("name", &t.name)?;
    check_label("serial", &t.serial)?;
    let params = &t.params;
    if !(6..=10).contains(&params.digits) {
        return Err(format!("digits {} (allowed 6 to 10)", params.digits));
    }
    if params.period == 0 {
        return Err("period 0".into());
    }
    if params.kind == Kind::Mobilepass && params.algorithm != Algorithm::Sha256 {
        return Err("a mobilepass token must use sha256".into());
    }
    let p = &t.pin_policy;
    if p.min_length == 0 || p.min_length > p.max_length || p.max_length > 1024 {
        return Err("pin_policy: lengths out of range".into());
    }
    Ok(())
}

#[derive(Deserialize)]
struct Envelope<'a> {
    format: Option<String>,
    version: Option<u64>,
    checksum: Option<String>,
    #[serde(borrow)]
    tokens: Option<&'a RawValue>,
}

fn corrupt(msg: impl Into<String>) -> VaultError {
    VaultError::Corrupt(msg.into())
}

/// Reads a vault file's bytes. Never partially succeeds: any defect is an error.
pub fn parse(bytes: &[u8]) -> Result<Vault, VaultError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(corrupt(format!("larger than {MAX_FILE_BYTES} bytes")));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|e| corrupt(format!("not UTF-8 at byte {}", e.valid_up_to())))?;
    if text.trim().is_empty() {
        return Err(corrupt("the file is empty"));
    }
    let env: Envelope<'_> =
        serde_json::from_str(text).map_err(|e| corrupt(format!("not valid JSON: {e}")))?;
    if env.format.as_deref() != Some(FORMAT) {
        return Err(corrupt("not a softpass vault (format marker missing)"));
    }
    let version = env.version.ok_or_else(|| corrupt("version missing"))?;
    if version > u64::from(VERSION) {
        return Err(VaultError::Newer(
            u32::try_from(version).unwrap_or(u32::MAX),
        ));
    }
    if version != u64::from(VERSION) {
        return Err(corrupt(format!("unknown version {version}")));
    }
    let raw = env.tokens.ok_or_else(|| corrupt("tokens missing"))?;
    let checksum = env.checksum.ok_or_else(|| corrupt("checksum missing"))?;
    if hex::encode(Sha256::digest(raw.get().as_bytes())) != checksum {
        return Err(corrupt("checksum mismatch (the file was damaged)"));
    }
    let tokens: Vec<TokenRecord> =
        serde_json::from_str(raw.get()).map_err(|e| corrupt(format!("token list: {e}")))?;
    let mut names = HashSet::new();
    let mut serials = HashSet::new();
    for (i, t) in tokens.iter().enumerate() {
        check_record(t).map_err(|e| corrupt(format!("token {}: {e}", i + 1)))?;
        if !names.insert(t.name.as_str()) {
            return Err(corrupt(format!("token {}: duplicate name", i + 1)));
        }
        if !serials.insert(t.serial.as_str()) {
            return Err(corrupt(format!("token {}: duplicate serial", i + 1)));
        }
    }
    Ok(Vault { tokens })
}

/// The file's bytes, in the exact layout of docs/vault-format.md §1.
pub fn serialize(vault: &Vault) -> Result<Vec<u8>, VaultError> {
    let tokens = serde_json::to_string(&vault.tokens)
        .map_err(|e| corrupt(format!("cannot serialise: {e}")))?;
    let checksum = hex::encode(Sha256::digest(tokens.as_bytes()));
    Ok(format!(
        "{{\"format\":\"{FORMAT}\",\"version\":{VERSION},\"checksum\":\"{checksum}\",\"tokens\":{tokens}}}\n"
    )
    .into_bytes())
}
