//! Which token a command works on: as the user named it, or by the serial an earlier step
//! resolved (so a rename in between cannot switch tokens).
use super::TokenInfo;
use crate::AppError;
use softpass_core::names;
use softpass_core::vault::Vault;

/// Which token a command works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// As a user typed it: the token with this name, else the one with this serial.
    Named(&'a str),
    /// Exactly the token with this serial, as the command resolved it before (serials never
    /// change): a later step still finds that token however it was renamed meanwhile, and fails
    /// with [`AppError::Gone`] if it was removed.
    Serial(&'a str),
}

impl<'a> From<&'a str> for Target<'a> {
    fn from(name: &'a str) -> Self {
        Target::Named(name)
    }
}

impl<'a> From<&'a String> for Target<'a> {
    fn from(name: &'a String) -> Self {
        Target::Named(name)
    }
}

/// A resolved token is addressed by its serial from then on.
impl<'a> From<&'a TokenInfo> for Target<'a> {
    fn from(t: &'a TokenInfo) -> Self {
        Target::Serial(&t.serial)
    }
}

/// Index of the token `target` means in `v`.
pub(super) fn find(v: &Vault, target: Target<'_>) -> Result<usize, AppError> {
    match target {
        Target::Named(name) => {
            names::find(&v.tokens, name).ok_or_else(|| AppError::NoSuchToken(name.to_owned()))
        }
        Target::Serial(serial) => {
            v.tokens
                .iter()
                .position(|t| t.serial == serial)
                .ok_or_else(|| AppError::Gone {
                    serial: serial.to_owned(),
                })
        }
    }
}
