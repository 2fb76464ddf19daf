//! The container's keys: the encryption key (pre-shared or PBKDF2), the MAC key, and the rule
//! "every ValueMAC verifies before anything is decrypted" (RFC 6030 §6.1.1).
use super::crypto::{self, CbcError, Hash};
use super::raw::{RawKey, Sealed, sealed_value};
use super::xml::El;
use super::{MAX_PBKDF2_ITERATIONS, Protection, PskcError};
use zeroize::Zeroizing;

/// How the container says its encryption key is obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encryption {
    /// No `<EncryptionKey>`: secrets are PlainValue.
    None,
    /// `<DerivedKey>` with PBKDF2: a password (softpass: the activation key).
    Password,
    /// `<EncryptionKey>` naming a key both sides already hold.
    PreShared,
}

struct Pbkdf2Params {
    prf: Hash,
    salt: Zeroizing<Vec<u8>>,
    iterations: u32,
    key_len: Option<usize>,
}

/// The container-level encryption description, before any key is derived.
pub(super) struct KeySource {
    pub kind: Encryption,
    pbkdf2: Option<Pbkdf2Params>,
    /// `<MACMethod>`: the HMAC (python-pskc leaves the Algorithm out with key wrap), the sealed
    /// MAC key (if present), and the element path.
    mac: Option<(Option<Hash>, Option<Sealed>, String)>,
}

fn pbkdf2_params(method: &El<'_, '_>) -> Result<Pbkdf2Params, PskcError> {
    let uri = method.req_attr("Algorithm")?;
    if !uri.trim().ends_with("#pbkdf2") {
        return Err(method.unsupported("key derivation", uri));
    }
    let p = method.req("PBKDF2-params")?;
    let salt_el = p.req("Salt")?.req("Specified")?;
    let salt = salt_el.base64()?;
    if salt.is_empty() || salt.len() > 1024 {
        return Err(salt_el.bad("the salt must be 1 to 1024 bytes"));
    }
    let it_el = p.req("IterationCount")?;
    let iterations = it_el.u64_text()?;
    if iterations > u64::from(MAX_PBKDF2_ITERATIONS) {
        return Err(PskcError::TooCostly {
            element: it_el.path,
            iterations,
            max: MAX_PBKDF2_ITERATIONS,
        });
    }
    if iterations == 0 {
        return Err(it_el.bad("the iteration count must be at least 1"));
    }
    let key_len = match p.child("KeyLength") {
        None => None,
        Some(k) => match k.u64_text()? {
            n @ (16 | 24 | 32) => Some(n as usize),
            n => return Err(k.bad(format!("key length {n} is not 16, 24 or 32"))),
        },
    };
    // The PKCS#5 schema puts the PRF in an Algorithm attribute; python-pskc 1.4 writes it as text.
    // Absent or empty means HMAC-SHA1 (RFC 8018).
    let prf = match p.child("PRF") {
        None => Hash::Sha1,
        Some(prf) => {
            let name = prf
                .attr("Algorithm")
                .map(str::to_owned)
                .unwrap_or_else(|| prf.text());
            if name.trim().is_empty() {
                Hash::Sha1
            } else {
                Hash::from_hmac_uri(name.trim())
                    .ok_or_else(|| prf.unsupported("PBKDF2 PRF", &name))?
            }
        }
    };
    Ok(Pbkdf2Params {
        prf,
        salt,
        iterations: iterations as u32,
        key_len,
    })
}

impl KeySource {
    pub(crate) fn parse(root: &El<'_, '_>) -> Result<Self, PskcError> {
        let (kind, pbkdf2) = match root.child("EncryptionKey") {
            None => (Encryption::None, None),
            Some(ek) => match ek.child("DerivedKey") {
                Some(dk) => (
                    Encryption::Password,
                    Some(pbkdf2_params(&dk.req("KeyDerivationMethod")?)?),
                ),
                None => (Encryption::PreShared, None),
            },
        };
        let mac = match root.child("MACMethod") {
            None => None,
            Some(m) => {
                let hash = m
                    .attr("Algorithm")
                    .map(|uri| {
                        Hash::from_hmac_uri(uri.trim())
                            .ok_or_else(|| m.unsupported("MAC algorithm", uri))
                    })
                    .transpose()?;
                let key = m.child("MACKey").map(|k| sealed_value(&k)).transpose()?;
                Some((hash, key, m.path.clone()))
            }
        };
        Ok(KeySource { kind, pbkdf2, mac })
    }
}

/// The keys, once obtained and checked.
pub(super) struct Unsealer {
    key: Zeroizing<Vec<u8>>,
    /// The ValueMAC check: `None` when the container has no usable `<MACMethod>` (then only
    /// key-wrapped values, which authenticate themselves, are accepted).
    mac: Option<(Hash, Zeroizing<Vec<u8>>)>,
    /// `KeyContainer/MACMethod`, or what is missing there, for errors.
    mac_missing: PskcError,
}

fn required(kind: Encryption) -> PskcError {
    PskcError::KeyRequired(match kind {
        Encryption::PreShared => "a pre-shared key",
        _ => "a password (the activation key)",
    })
}

impl Unsealer {
    /// `first` is the first sealed value: its cipher fixes the key size when the file omits it.
    pub(crate) fn new(
        src: &KeySource,
        protection: &Protection<'_>,
        first: &Sealed,
        root_path: &str,
    ) -> Result<Self, PskcError> {
        let need = first.cipher.key_len();
        let key = match (src.kind, protection, &src.pbkdf2) {
            (Encryption::Password, Protection::Password { password, .. }, Some(p)) => {
                let len = p.key_len.unwrap_or(need);
                crypto::pbkdf2(
                    p.prf,
                    password.expose().as_bytes(),
                    &p.salt,
                    p.iterations,
                    len,
                )
            }
            // No <EncryptionKey> yet sealed values: python-pskc's reading, a pre-shared key.
            (Encryption::PreShared | Encryption::None, Protection::PreShared { key }, _) => {
                Zeroizing::new(key.to_vec())
            }
            (Encryption::None, _, _) => return Err(required(Encryption::PreShared)),
            (kind, _, _) => return Err(required(kind)),
        };
        if key.len() != need {
            return Err(PskcError::BadValue {
                element: first.path.clone(),
                reason: format!("{}-byte key given, the cipher needs {need}", key.len()),
            });
        }
        let mac_missing = match &src.mac {
            None => PskcError::Missing {
                element: root_path.to_owned(),
                what: "<MACMethod> (softpass requires a MAC on encrypted values)".into(),
            },
            Some((_, _, path)) => PskcError::Missing {
                element: path.clone(),
                what: "attribute Algorithm (needed to check the ValueMACs)".into(),
            },
        };
        let mac = match &src.mac {
            None | Some((None, _, _)) => None,
            Some((Some(hash), sealed_key, path)) => {
                Some((*hash, mac_key(&key, sealed_key.as_ref(), path)?))
            }
        };
        Ok(Unsealer {
            key,
            mac,
            mac_missing,
        })
    }

    /// Check every ValueMAC (and key-wrap check value) first. None verifying: wrong key. Some but
    /// not all: tampering.
    pub(crate) fn verify_all(&self, keys: &[RawKey]) -> Result<(), PskcError> {
        let mut first_bad: Option<&str> = None;
        let mut good = 0usize;
        for s in keys.iter().flat_map(RawKey::sealed) {
            if self.verify(s)? {
                good += 1;
            } else if first_bad.is_none() {
                first_bad = Some(&s.path);
            }
        }
        match first_bad {
            None => Ok(()),
            Some(path) if good > 0 => Err(PskcError::Tampered(path.to_owned())),
            Some(path) => Err(PskcError::WrongKey(format!(
                "the MAC of {path} did not verify"
            ))),
        }
    }

    /// One value: its ValueMAC where there is one (required for CBC), and for key wrap its own
    /// integrity check (unwrapping, nothing kept).
    fn verify(&self, s: &Sealed) -> Result<bool, PskcError> {
        let mac_ok = match (&s.mac, &self.mac) {
            (Some(value_mac), Some((hash, key))) => {
                crypto::hmac_verify(*hash, key, &s.blob, value_mac)
            }
            (Some(_), None) => return Err(self.mac_missing.clone()),
            (None, _) if s.cipher.is_key_wrap() => true,
            (None, None) => return Err(self.mac_missing.clone()),
            (None, Some(_)) => {
                return Err(PskcError::Missing {
                    element: s.path.clone(),
                    what: "<ValueMAC> next to the <EncryptedValue>".into(),
                });
            }
        };
        if !mac_ok || !s.cipher.is_key_wrap() {
            return Ok(mac_ok);
        }
        match crypto::cbc_decrypt(s.cipher, &self.key, &s.blob) {
            Ok(_) => Ok(true),
            Err(CbcError::Padding) => Ok(false),
            Err(CbcError::Shape) => Err(shape_error(s)),
        }
    }

    /// Decrypt a value whose MAC has verified.
    pub(crate) fn open(&self, s: &Sealed) -> Result<Zeroizing<Vec<u8>>, PskcError> {
        if s.cipher.key_len() != self.key.len() {
            return Err(PskcError::BadValue {
                element: s.path.clone(),
                reason: "encrypted with a cipher of another key size than the rest".into(),
            });
        }
        crypto::cbc_decrypt(s.cipher, &self.key, &s.blob).map_err(|e| PskcError::BadValue {
            element: s.path.clone(),
            reason: match e {
                CbcError::Shape => shape(s.cipher).into(),
                CbcError::Padding => "authentic but badly padded ciphertext".into(),
            },
        })
    }
}

/// The MAC key: `<MACKey>` decrypted, or without one the encryption key itself (older drafts;
/// python-pskc does the same).
fn mac_key(
    key: &Zeroizing<Vec<u8>>,
    sealed: Option<&Sealed>,
    mac_path: &str,
) -> Result<Zeroizing<Vec<u8>>, PskcError> {
    let Some(s) = sealed else {
        return Ok(key.clone());
    };
    match crypto::cbc_decrypt(s.cipher, key, &s.blob) {
        Ok(k) if !k.is_empty() => Ok(k),
        Ok(_) | Err(CbcError::Padding) => Err(PskcError::WrongKey(format!(
            "the MAC key in {mac_path} does not decrypt"
        ))),
        Err(CbcError::Shape) => Err(shape_error(s)),
    }
}

fn shape(cipher: crypto::Cipher) -> &'static str {
    if cipher.is_key_wrap() {
        "not a key-wrapped value (whole 8-byte blocks, at least 16 bytes)"
    } else {
        "not an IV plus whole cipher blocks"
    }
}

fn shape_error(s: &Sealed) -> PskcError {
    PskcError::BadValue {
        element: s.path.clone(),
        reason: shape(s.cipher).into(),
    }
}
