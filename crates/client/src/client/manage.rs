//! Changing the application PIN or the stored OTP PIN, renaming and removing tokens.
use super::unlock::{Attempt, unlocked_from};
use super::{Target, Unlocked, find, random};
use crate::AppError;
use crate::store::Store;
use softpass_core::DomainError;
use softpass_core::secret::SecretString;
use softpass_core::vault::{KdfCost, Sealing};

pub(super) fn change_pin(
    store: &Store,
    now: u64,
    target: Target<'_>,
    old: &SecretString,
    new: &SecretString,
    kdf: KdfCost,
) -> Result<(), AppError> {
    kdf.check()
        .map_err(|e| AppError::Invalid(format!("KDF cost: {e}")))?;
    let (salt, nonce) = (random()?, random()?);
    let attempt = Attempt::begin(store, now, target)?;
    attempt
        .record()
        .pin_policy
        .check(new.expose())
        .map_err(AppError::PinPolicy)?;
    let i = attempt.index();
    // Nothing planned: the new sealing needs the secrets, so it is saved after the check, in
    // the same save that clears the count.
    let opened = attempt.check(old, None)?;
    let mut v = opened.vault;
    let sealing = Sealing {
        pin: new,
        kdf,
        salt,
        nonce,
    };
    v.tokens[i]
        .reseal(&opened.secrets, &sealing)
        .map_err(DomainError::from)?;
    store.save(&opened.guard, &v)
}

/// Stores `otp_pin` (`None`: removes the stored one) sealed with the token's secret: checks the
/// application PIN (counted), then reseals under the same PIN and cost with a fresh salt and
/// nonce. Returns the token unlocked as it is now stored (a handle from before is stale).
pub(super) fn set_otp_pin(
    store: &Store,
    now: u64,
    target: Target<'_>,
    pin: &SecretString,
    otp_pin: Option<&SecretString>,
) -> Result<Unlocked, AppError> {
    if otp_pin.is_some_and(SecretString::is_empty) {
        return Err(AppError::EmptyOtpPin);
    }
    let (salt, nonce) = (random()?, random()?);
    let attempt = Attempt::begin(store, now, target)?;
    let i = attempt.index();
    // Nothing planned: the new sealing needs the secrets, so it is saved after the check, in
    // the same save that clears the count.
    let opened = attempt.check(pin, None)?;
    let mut v = opened.vault;
    let mut secrets = opened.secrets;
    secrets.otp_pin = otp_pin.map(SecretString::duplicate);
    let sealing = Sealing {
        pin,
        kdf: v.tokens[i].sealed.kdf,
        salt,
        nonce,
    };
    v.tokens[i]
        .reseal(&secrets, &sealing)
        .map_err(DomainError::from)?;
    store.save(&opened.guard, &v)?;
    Ok(unlocked_from(&v.tokens[i], secrets))
}

pub(super) fn rename(store: &Store, target: Target<'_>, new_name: &str) -> Result<(), AppError> {
    super::import::check_name(new_name)?;
    store.modify(|v| {
        let i = find(v, target)?;
        super::import::check_conflict(v, new_name, &v.tokens[i].serial)?;
        v.tokens[i].name = new_name.to_owned();
        Ok(())
    })
}

pub(super) fn remove(
    store: &Store,
    now: u64,
    target: Target<'_>,
    pin: &SecretString,
) -> Result<(), AppError> {
    let attempt = Attempt::begin(store, now, target)?;
    let mut right = attempt.on_right();
    right.tokens.remove(attempt.index());
    attempt.check(pin, Some(right))?;
    Ok(())
}
