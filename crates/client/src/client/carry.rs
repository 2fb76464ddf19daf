//! Re-activation (`import --replace`) keeps the OTP PIN stored with the old token unless a new
//! one is given. It is sealed under the old application PIN, so it can be carried over only when
//! the PIN given for the new token also opens the old one (the usual case: the same PIN).
use super::OtpPinCarry;
use super::import::Candidate;
use crate::AppError;
use crate::store::Store;
use softpass_core::secret::SecretString;
use softpass_core::vault::Vault;

/// The vault as it is before a re-activation without a new OTP PIN; `None` when nothing is to
/// be carried over (no `replace`, or an OTP PIN was given).
pub(super) fn before(
    store: &Store,
    replace: bool,
    given: Option<&SecretString>,
) -> Result<Option<Vault>, AppError> {
    if !replace || given.is_some() {
        return Ok(None);
    }
    store.load().map(Some)
}

/// The OTP PIN to seal with candidate `c`, and what became of the old one. Opening the old
/// token here is not an unlock: it is not counted, and a locked token may be opened (it is being
/// replaced from its seed, which is what lifts a lock). Whoever can run this can copy the vault
/// file and guess offline anyway (docs/security.md).
pub(super) fn otp_pin_for(
    old: Option<&Vault>,
    c: &Candidate,
    given: Option<&SecretString>,
    pin: &SecretString,
) -> (Option<SecretString>, OtpPinCarry) {
    if let Some(p) = given {
        return (Some(p.duplicate()), OtpPinCarry::Given);
    }
    let Some(record) = old.and_then(|v| v.tokens.iter().find(|t| t.serial == c.serial)) else {
        return (None, OtpPinCarry::New);
    };
    match record.open(pin) {
        Ok(secrets) => {
            let carry = if secrets.otp_pin.is_some() {
                OtpPinCarry::Kept
            } else {
                OtpPinCarry::NoneStored
            };
            (secrets.otp_pin, carry)
        }
        Err(_) => (None, OtpPinCarry::Unknown),
    }
}
