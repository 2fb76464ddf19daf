//! Changing the application PIN or the stored OTP PIN, renaming and removing tokens.
use super::unlock::{open_counted, unlocked_from};
use super::{Unlocked, find, random};
use crate::AppError;
use crate::store::Store;
use softpass_core::DomainError;
use softpass_core::secret::SecretString;
use softpass_core::vault::{KdfCost, Sealing};

pub(super) fn change_pin(
    store: &Store,
    now: u64,
    name: &str,
    old: &SecretString,
    new: &SecretString,
    kdf: KdfCost,
) -> Result<(), AppError> {
    kdf.check()
        .map_err(|e| AppError::Invalid(format!("KDF cost: {e}")))?;
    let (salt, nonce) = (random()?, random()?);
    store.modify(|v| {
        let i = find(v, name)?;
        v.tokens[i]
            .pin_policy
            .check(new.expose())
            .map_err(AppError::PinPolicy)?;
        let secrets = open_counted(store, v, i, now, old)?;
        let sealing = Sealing {
            pin: new,
            kdf,
            salt,
            nonce,
        };
        v.tokens[i]
            .reseal(&secrets, &sealing)
            .map_err(|e| DomainError::from(e).into())
    })
}

/// Stores `otp_pin` (`None`: removes the stored one) sealed with the token's secret: checks the
/// application PIN (counted), then reseals under the same PIN and cost with a fresh salt and
/// nonce. Returns the token unlocked as it is now stored (a handle from before is stale).
pub(super) fn set_otp_pin(
    store: &Store,
    now: u64,
    name: &str,
    pin: &SecretString,
    otp_pin: Option<&SecretString>,
) -> Result<Unlocked, AppError> {
    if otp_pin.is_some_and(SecretString::is_empty) {
        return Err(AppError::EmptyOtpPin);
    }
    let (salt, nonce) = (random()?, random()?);
    store.modify(|v| {
        let i = find(v, name)?;
        let mut secrets = open_counted(store, v, i, now, pin)?;
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
        Ok(unlocked_from(&v.tokens[i], secrets))
    })
}

pub(super) fn rename(store: &Store, name: &str, new_name: &str) -> Result<(), AppError> {
    super::import::check_name(new_name)?;
    store.modify(|v| {
        let i = find(v, name)?;
        super::import::check_conflict(v, new_name, &v.tokens[i].serial)?;
        v.tokens[i].name = new_name.to_owned();
        Ok(())
    })
}

pub(super) fn remove(
    store: &Store,
    now: u64,
    name: &str,
    pin: &SecretString,
) -> Result<(), AppError> {
    store.modify(|v| {
        let i = find(v, name)?;
        open_counted(store, v, i, now, pin)?;
        v.tokens.remove(i);
        Ok(())
    })
}
