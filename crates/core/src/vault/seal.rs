//! Sealing a token's secrets: Argon2id(PIN, salt) → XChaCha20-Poly1305 over the secret and OTP PIN,
//! with the immutable metadata as associated data (docs/vault-format.md §3).
use super::format::SealedPart;
use super::record::Sealing;
use super::{KdfCost, VERSION, VaultError};
use crate::secret::{SecretBytes, SecretString};
use crate::token::{OtpParams, PinPolicy};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

const MAX_SECRET: usize = 1024;
const MAX_OTP_PIN: usize = 256;

/// What the sealed part protects. No `Debug`, no `Clone`.
pub struct Secrets {
    /// The HMAC key (MobilePASS: the key derived from the activation code).
    pub secret: SecretBytes,
    pub otp_pin: Option<SecretString>,
}

/// The immutable public metadata bound to the ciphertext as associated data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding<'a> {
    serial: &'a str,
    params: OtpParams,
    policy: PinPolicy,
}

impl<'a> Binding<'a> {
    pub fn new(serial: &'a str, params: &OtpParams, policy: &PinPolicy) -> Self {
        Binding {
            serial,
            params: *params,
            policy: *policy,
        }
    }

    fn associated_data(&self) -> Vec<u8> {
        let mut out = format!("softpass-vault/{VERSION}").into_bytes();
        out.push(0);
        let p = &self.policy;
        let fields = [
            self.serial.to_owned(),
            self.params.kind.as_str().to_owned(),
            self.params.algorithm.as_str().to_owned(),
            self.params.digits.to_string(),
            self.params.period.to_string(),
            self.params.t0.to_string(),
            p.min_length.to_string(),
            p.max_length.to_string(),
            p.max_failed_attempts
                .map_or_else(|| "none".to_owned(), |n| n.to_string()),
            if p.numeric { "1" } else { "0" }.to_owned(),
        ];
        for f in fields {
            // Lengths are small (≤ 64 chars per field), so the u32 conversion cannot truncate.
            out.extend_from_slice(&(f.len() as u32).to_be_bytes());
            out.extend_from_slice(f.as_bytes());
        }
        out
    }
}

/// Argon2id(PIN, salt) → 32-byte key. Public so benchmarks can time the KDF on its own.
pub fn derive_key(
    pin: &SecretString,
    salt: &[u8],
    kdf: KdfCost,
) -> Result<Zeroizing<[u8; 32]>, VaultError> {
    kdf.check().map_err(VaultError::Cost)?;
    let params = argon2::Params::new(kdf.memory_kib, kdf.iterations, kdf.parallelism, Some(32))
        .map_err(|e| VaultError::Cost(e.to_string()))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut key = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(pin.expose().as_bytes(), salt, key.as_mut())
        .map_err(|e| VaultError::Cost(e.to_string()))?;
    Ok(key)
}

fn cipher_for(key: &[u8; 32]) -> Result<XChaCha20Poly1305, VaultError> {
    XChaCha20Poly1305::new_from_slice(key)
        .map_err(|_| VaultError::Corrupt("internal: bad key length".into()))
}

fn encode_plaintext(s: &Secrets) -> Result<Zeroizing<Vec<u8>>, VaultError> {
    let secret = s.secret.expose();
    if secret.is_empty() || secret.len() > MAX_SECRET {
        return Err(VaultError::TooLong(format!(
            "a secret of {} bytes cannot be stored (1 to {MAX_SECRET})",
            secret.len()
        )));
    }
    // Sized for the largest plaintext up front: a reallocation would leave a copy unwiped.
    let mut out = Zeroizing::new(Vec::with_capacity(3 + secret.len() + 3 + MAX_OTP_PIN));
    out.push(1);
    out.extend_from_slice(&(secret.len() as u16).to_be_bytes());
    out.extend_from_slice(secret);
    match &s.otp_pin {
        None => out.push(0),
        Some(pin) => {
            let b = pin.expose().as_bytes();
            if b.len() > MAX_OTP_PIN {
                return Err(VaultError::TooLong(format!(
                    "the OTP PIN is longer than {MAX_OTP_PIN} bytes"
                )));
            }
            out.push(1);
            out.extend_from_slice(&(b.len() as u16).to_be_bytes());
            out.extend_from_slice(b);
        }
    }
    Ok(out)
}

fn take<'b>(buf: &mut &'b [u8], n: usize) -> Result<&'b [u8], VaultError> {
    if buf.len() < n {
        return Err(VaultError::Corrupt("sealed part is truncated".into()));
    }
    let (head, rest) = buf.split_at(n);
    *buf = rest;
    Ok(head)
}

fn take_u16(buf: &mut &[u8]) -> Result<usize, VaultError> {
    let b = take(buf, 2)?;
    Ok(usize::from(u16::from_be_bytes([b[0], b[1]])))
}

fn decode_plaintext(mut buf: &[u8]) -> Result<Secrets, VaultError> {
    let bad = |m: &str| VaultError::Corrupt(format!("sealed part: {m}"));
    if take(&mut buf, 1)? != [1] {
        return Err(bad("unknown plaintext layout"));
    }
    let n = take_u16(&mut buf)?;
    if n == 0 || n > MAX_SECRET {
        return Err(bad("secret length out of range"));
    }
    let secret = SecretBytes::from_slice(take(&mut buf, n)?);
    let otp_pin = match take(&mut buf, 1)? {
        [0] => None,
        [1] => {
            let m = take_u16(&mut buf)?;
            if m > MAX_OTP_PIN {
                return Err(bad("OTP PIN length out of range"));
            }
            let text =
                std::str::from_utf8(take(&mut buf, m)?).map_err(|_| bad("OTP PIN is not UTF-8"))?;
            Some(SecretString::from(text))
        }
        _ => return Err(bad("bad OTP PIN flag")),
    };
    if !buf.is_empty() {
        return Err(bad("trailing bytes"));
    }
    Ok(Secrets { secret, otp_pin })
}

/// Seals `secrets` under the PIN of `sealing` (whose salt and nonce must be fresh random bytes).
pub(super) fn seal(
    secrets: &Secrets,
    binding: &Binding<'_>,
    sealing: &Sealing<'_>,
) -> Result<SealedPart, VaultError> {
    let key = derive_key(sealing.pin, &sealing.salt, sealing.kdf)?;
    let plaintext = encode_plaintext(secrets)?;
    let aad = binding.associated_data();
    let cipher = cipher_for(&key)?;
    let ciphertext = cipher
        .encrypt(
            &XNonce::from(sealing.nonce),
            Payload {
                msg: &plaintext,
                aad: &aad,
            },
        )
        .map_err(|_| VaultError::Corrupt("encryption failed".into()))?;
    Ok(SealedPart {
        kdf: sealing.kdf,
        salt: sealing.salt,
        nonce: sealing.nonce,
        ciphertext,
    })
}

/// Opens a sealed part bound to `binding`. `WrongPin` when the tag does not verify.
pub(super) fn open(
    pin: &SecretString,
    s: &SealedPart,
    binding: &Binding<'_>,
) -> Result<Secrets, VaultError> {
    let key = derive_key(pin, &s.salt, s.kdf)?;
    let aad = binding.associated_data();
    let cipher = cipher_for(&key)?;
    let plaintext = Zeroizing::new(
        cipher
            .decrypt(
                &XNonce::from(s.nonce),
                Payload {
                    msg: &s.ciphertext,
                    aad: &aad,
                },
            )
            .map_err(|_| VaultError::WrongPin)?,
    );
    decode_plaintext(&plaintext)
}
