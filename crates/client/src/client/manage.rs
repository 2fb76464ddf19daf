//! Changing the PIN, renaming and removing tokens.
use super::unlock::Attempt;
use super::{Target, find, random};
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
