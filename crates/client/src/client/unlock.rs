//! Checking an application PIN: lock-out, back-off, and counting every failure before answering.
use super::{Unlocked, find};
use crate::AppError;
use crate::store::Store;
use softpass_core::secret::SecretString;
use softpass_core::token::OtpParams;
use softpass_core::vault::{self, Secrets, TokenRecord, Vault, VaultError};

/// Failures tolerated before the back-off delay starts (tokens without a lock-out policy).
const FREE_FAILURES: u32 = 3;
/// Longest back-off delay, seconds.
const MAX_DELAY: u64 = 300;

/// Seconds to wait before the next try, if any: 2^(failures-2) s after the third (2 s, 4 s, ...),
/// up to 5 min. Times are whole seconds, so the first step is 2 s: a 1 s wait could already be
/// over when the next process starts in the following second.
pub(super) fn backoff_remaining(failed: u32, last_failure: Option<u64>, now: u64) -> Option<u64> {
    if failed < FREE_FAILURES {
        return None;
    }
    let delay = 1u64
        .checked_shl(failed - FREE_FAILURES + 1)
        .unwrap_or(MAX_DELAY)
        .min(MAX_DELAY);
    // A failure time in the future (the clock was wrong then) must not lock the token for years.
    let until = last_failure?.min(now).saturating_add(delay);
    (until > now).then(|| until - now)
}

/// Refuses a locked token, or one whose back-off delay is still running.
pub(super) fn precheck(t: &TokenRecord, now: u64) -> Result<(), AppError> {
    if t.locked {
        return Err(AppError::Locked {
            name: t.name.clone(),
        });
    }
    if t.pin_policy.max_failed_attempts.is_none()
        && let Some(seconds) = backoff_remaining(t.failed_attempts, t.last_failure, now)
    {
        return Err(AppError::TooSoon {
            name: t.name.clone(),
            seconds,
        });
    }
    Ok(())
}

/// The unlocked view of record `t` opened into `secrets`.
pub(super) fn unlocked_from(t: &TokenRecord, secrets: Secrets) -> Unlocked {
    Unlocked {
        name: t.name.clone(),
        serial: t.serial.clone(),
        issuer: t.issuer.clone(),
        params: OtpParams {
            kind: t.kind,
            algorithm: t.algorithm,
            digits: t.digits,
            period: t.period,
            t0: t.t0,
        },
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
    match vault::open(pin, t) {
        Ok(secrets) => {
            t.failed_attempts = 0;
            t.last_failure = None;
            Ok(secrets)
        }
        Err(VaultError::WrongPin) => {
            t.failed_attempts = t.failed_attempts.saturating_add(1);
            t.last_failure = Some(now);
            let name = t.name.clone();
            match t.pin_policy.max_failed_attempts {
                // The attempt that reaches the limit is still answered as a wrong PIN (exit 3,
                // "now locked"); exit 4 is for requests on a token that is already locked.
                Some(max) if t.failed_attempts >= max => {
                    t.locked = true;
                    Err(AppError::WrongPin {
                        name,
                        attempts_left: Some(0),
                    })
                }
                Some(max) => Err(AppError::WrongPin {
                    name,
                    attempts_left: Some(max - t.failed_attempts),
                }),
                None => Err(AppError::WrongPin {
                    name,
                    attempts_left: None,
                }),
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_bounded_when_the_last_failure_lies_in_the_future() {
        // A failure recorded with a clock far ahead must not lock the token for years.
        let now = 1_000_000;
        let left = backoff_remaining(20, Some(now + 10_000_000), now).unwrap();
        assert!(left <= MAX_DELAY, "{left}");
        assert_eq!(backoff_remaining(20, Some(now - MAX_DELAY), now), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff_remaining(2, Some(100), 100), None);
        assert_eq!(backoff_remaining(3, Some(100), 100), Some(2));
        assert_eq!(backoff_remaining(3, Some(100), 101), Some(1));
        assert_eq!(backoff_remaining(5, Some(100), 101), Some(7));
        assert_eq!(backoff_remaining(5, Some(100), 108), None);
        assert_eq!(backoff_remaining(40, Some(100), 100), Some(300));
        assert_eq!(backoff_remaining(3, None, 100), None);
    }
}
