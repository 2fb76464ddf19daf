//! Checking an application PIN: lock-out, back-off, and counting every failure before answering.
use super::{Unlocked, find};
use crate::AppError;
use crate::store::Store;
use softpass_core::lockout::Refusal;
use softpass_core::secret::SecretString;
use softpass_core::vault::{Secrets, TokenRecord, Vault, VaultError};

/// Refuses a locked token, or one whose back-off delay is still running.
pub(super) fn precheck(t: &TokenRecord, now: u64) -> Result<(), AppError> {
    let name = || t.name.clone();
    match t.attempts.check(t.pin_policy.max_failed_attempts, now) {
        Ok(()) => Ok(()),
        Err(Refusal::Locked) => Err(AppError::Locked { name: name() }),
        Err(Refusal::Wait(seconds)) => Err(AppError::TooSoon {
            name: name(),
            seconds,
        }),
    }
}

/// The unlocked view of record `t` opened into `secrets`.
pub(super) fn unlocked_from(t: &TokenRecord, secrets: Secrets) -> Unlocked {
    Unlocked {
        name: t.name.clone(),
        serial: t.serial.clone(),
        issuer: t.issuer.clone(),
        params: t.params,
        secret: secrets.secret,
        otp_pin: secrets.otp_pin,
        sealed_nonce: t.sealed.nonce,
    }
}

/// Opens token `i` with `pin` inside a read-modify-write: refuses locked / waiting tokens,
/// counts a failure (and locks) in `v`, or resets the count on success.
pub(super) fn open_counted(
    store: &Store,
    v: &mut Vault,
    i: usize,
    now: u64,
    pin: &SecretString,
) -> Result<Secrets, AppError> {
    precheck(&v.tokens[i], now)?;
    let t = &mut v.tokens[i];
    // A PIN the token's (public) policy rules out cannot be the right one: refuse it without
    // counting it, so an empty SOFTPASS_PIN in a script does not eat the attempts of a token.
    if let Err(why) = t.pin_policy.check(pin.expose()) {
        return Err(AppError::PinPolicy(format!(
            "{why} (token '{}'; not counted as a wrong attempt)",
            t.name
        )));
    }
    match t.open(pin) {
        Ok(secrets) => {
            t.attempts.succeed();
            Ok(secrets)
        }
        Err(VaultError::WrongPin) => {
            // The attempt that reaches the limit is still answered as a wrong PIN (exit 3,
            // "now locked"); exit 4 is for requests on a token that is already locked.
            let attempts_left = t.attempts.fail(t.pin_policy.max_failed_attempts, now);
            Err(AppError::WrongPin {
                name: t.name.clone(),
                attempts_left,
            })
        }
        Err(source) => Err(AppError::Vault {
            path: store.path().to_path_buf(),
            source,
        }),
    }
}

pub(super) fn unlock(
    store: &Store,
    now: u64,
    name: &str,
    pin: &SecretString,
) -> Result<Unlocked, AppError> {
    store.modify(|v| {
        let i = find(v, name)?;
        let secrets = open_counted(store, v, i, now, pin)?;
        Ok(unlocked_from(&v.tokens[i], secrets))
    })
}
