//! A token record: its public metadata and sealed part, how the file spells it, and the
//! operations on it that every front end shares (seal in one call, open, reserve counters).
use super::format::SealedPart;
use super::seal::{self, Binding, Secrets};
use super::{KdfCost, VaultError};
use crate::lockout::Attempts;
use crate::secret::SecretString;
use crate::token::{Algorithm, Kind, OtpParams, PinPolicy};
use serde::{Deserialize, Serialize};

/// One token: public metadata plus its sealed part (docs/vault-format.md §2). Built sealed, in
/// one call ([`TokenRecord::seal`]); the file layout is [`RecordRaw`]'s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "RecordRaw", into = "RecordRaw")]
pub struct TokenRecord {
    pub name: String,
    pub serial: String,
    /// Kind, hash, digits, period and T0: bound to the sealed part.
    pub params: OtpParams,
    pub issuer: Option<String>,
    /// Next counter to use (event tokens).
    pub counter: u64,
    pub attempts: Attempts,
    pub pin_policy: PinPolicy,
    pub sealed: SealedPart,
}

/// A token record's fields as the file spells them (flat, no unknown fields).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordRaw {
    name: String,
    serial: String,
    kind: Kind,
    algorithm: Algorithm,
    digits: u8,
    period: u32,
    t0: u64,
    issuer: Option<String>,
    counter: u64,
    failed_attempts: u32,
    locked: bool,
    last_failure: Option<u64>,
    #[serde(with = "PinPolicyDef")]
    pin_policy: PinPolicy,
    sealed: SealedPart,
}

impl From<RecordRaw> for TokenRecord {
    fn from(r: RecordRaw) -> Self {
        TokenRecord {
            name: r.name,
            serial: r.serial,
            params: OtpParams {
                kind: r.kind,
                algorithm: r.algorithm,
                digits: r.digits,
                period: r.period,
                t0: r.t0,
            },
            issuer: r.issuer,
            counter: r.counter,
            attempts: Attempts {
                failed: r.failed_attempts,
                last_failure: r.last_failure,
                locked: r.locked,
            },
            pin_policy: r.pin_policy,
            sealed: r.sealed,
        }
    }
}

impl From<TokenRecord> for RecordRaw {
    fn from(t: TokenRecord) -> Self {
        RecordRaw {
            name: t.name,
            serial: t.serial,
            kind: t.params.kind,
            algorithm: t.params.algorithm,
            digits: t.params.digits,
            period: t.params.period,
            t0: t.params.t0,
            issuer: t.issuer,
            counter: t.counter,
            failed_attempts: t.attempts.failed,
            locked: t.attempts.locked,
            last_failure: t.attempts.last_failure,
            pin_policy: t.pin_policy,
            sealed: t.sealed,
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "PinPolicy", deny_unknown_fields)]
struct PinPolicyDef {
    min_length: u32,
    max_length: u32,
    max_failed_attempts: Option<u32>,
    numeric: bool,
}

/// The public facts of a token about to be sealed.
pub struct NewToken {
    pub name: String,
    pub serial: String,
    pub params: OtpParams,
    pub issuer: Option<String>,
    pub counter: u64,
    pub pin_policy: PinPolicy,
}

/// How to seal: the application PIN, the KDF cost, and fresh random salt and nonce.
pub struct Sealing<'a> {
    pub pin: &'a SecretString,
    pub kdf: KdfCost,
    pub salt: [u8; 16],
    pub nonce: [u8; 24],
}

/// Longest issuer a new token may carry, in characters. The reader sets no such limit (older
/// vaults keep opening), but every field of a new token is bounded, so that no input can grow
/// the vault past what its reader accepts (docs/vault-format.md §2).
pub const MAX_ISSUER_CHARS: usize = 256;

/// The bounds on a new token's public fields; `Err` names the field, never its content.
fn check_new(token: &NewToken) -> Result<(), VaultError> {
    let bad = |e: String| VaultError::TooLong(format!("token {}: {e}", token.serial));
    crate::names::check_label("serial", &token.serial).map_err(VaultError::TooLong)?;
    crate::names::check_label("name", &token.name).map_err(bad)?;
    if let Some(issuer) = &token.issuer {
        let n = issuer.chars().count();
        if n > MAX_ISSUER_CHARS {
            return Err(bad(format!(
                "the issuer has {n} characters (at most {MAX_ISSUER_CHARS})"
            )));
        }
    }
    Ok(())
}

/// The counter cannot move on: the token has handed out its last eToken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CounterExhausted;

impl TokenRecord {
    /// A new record with `secrets` sealed under the PIN (no failed attempts, not locked).
    /// Refuses fields out of bounds (`TooLong`, invalid input).
    pub fn seal(
        token: NewToken,
        secrets: &Secrets,
        sealing: &Sealing<'_>,
    ) -> Result<Self, VaultError> {
        check_new(&token)?;
        let sealed = seal::seal(
            secrets,
            &Binding::new(&token.serial, &token.params, &token.pin_policy),
            sealing,
        )?;
        Ok(TokenRecord {
            name: token.name,
            serial: token.serial,
            params: token.params,
            issuer: token.issuer,
            counter: token.counter,
            attempts: Attempts::default(),
            pin_policy: token.pin_policy,
            sealed,
        })
    }

    /// Seals `secrets` again, under another PIN or cost (changing the PIN).
    pub fn reseal(&mut self, secrets: &Secrets, sealing: &Sealing<'_>) -> Result<(), VaultError> {
        self.sealed = seal::seal(secrets, &self.binding(), sealing)?;
        Ok(())
    }

    /// Opens the sealed part. `WrongPin` when the tag does not verify.
    pub fn open(&self, pin: &SecretString) -> Result<Secrets, VaultError> {
        seal::open(pin, &self.sealed, &self.binding())
    }

    /// The immutable metadata the sealed part is bound to.
    pub fn binding(&self) -> Binding<'_> {
        Binding::new(&self.serial, &self.params, &self.pin_policy)
    }

    /// Reserves `count` counters for eTokens: returns the first and moves the stored counter
    /// past the last. The one place counters advance; save the record before using them.
    pub fn reserve(&mut self, count: u32) -> Result<u64, CounterExhausted> {
        let start = self.counter;
        self.counter = start
            .checked_add(u64::from(count))
            .ok_or(CounterExhausted)?;
        Ok(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::SecretBytes;

    fn sealed(issuer: Option<String>) -> Result<TokenRecord, VaultError> {
        let token = NewToken {
            name: "t".into(),
            serial: "00AA".into(),
            params: OtpParams::hotp(Algorithm::Sha1, 6),
            issuer,
            counter: 0,
            pin_policy: PinPolicy::default(),
        };
        let secrets = Secrets {
            secret: SecretBytes::from_slice(b"12345678901234567890"),
            otp_pin: None,
        };
        let pin = SecretString::from("1234");
        let sealing = Sealing {
            pin: &pin,
            kdf: KdfCost {
                memory_kib: 64,
                iterations: 1,
                parallelism: 1,
            },
            salt: [0; 16],
            nonce: [0; 24],
        };
        TokenRecord::seal(token, &secrets, &sealing)
    }

    #[test]
    fn a_new_token_has_bounded_fields() {
        assert!(sealed(Some("é".repeat(MAX_ISSUER_CHARS))).is_ok());
        let e = sealed(Some("x".repeat(120_000))).err().unwrap();
        assert_eq!(
            e.to_string(),
            "token 00AA: the issuer has 120000 characters (at most 256)"
        );
        assert_eq!(e.kind(), crate::ErrorKind::Invalid);
    }
}
