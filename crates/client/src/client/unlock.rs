//! Checking an application PIN: lock-out, back-off, and every attempt counted durably before its
//! verdict exists, so that no process, killed at any moment, leaves an answered guess uncounted.
use super::{Target, Unlocked, find};
use crate::AppError;
use crate::store::{LockGuard, Staged, Store};
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

/// One PIN attempt on one token, under the lock for its whole length: the vault read, the
/// token found (by serial when the command resolved it before).
pub(super) struct Attempt<'s> {
    store: &'s Store,
    guard: LockGuard,
    vault: Vault,
    index: usize,
    now: u64,
}

/// The outcome of a right PIN.
pub(super) struct Opened {
    /// Still held: the caller may save once more under the same lock.
    pub guard: LockGuard,
    /// The vault as the right PIN left it: the attempt undone, plus the caller's planned change.
    /// Already saved when a change was planned; else the caller must save it.
    pub vault: Vault,
    /// The token as it was opened.
    pub record: TokenRecord,
    pub secrets: Secrets,
}

impl<'s> Attempt<'s> {
    pub fn begin(store: &'s Store, now: u64, target: Target<'_>) -> Result<Self, AppError> {
        let guard = store.lock()?;
        let vault = store.load_locked(&guard)?;
        let index = find(&vault, target)?;
        Ok(Self {
            store,
            guard,
            vault,
            index,
            now,
        })
    }

    pub fn index(&self) -> usize {
        self.index
    }

    pub fn record(&self) -> &TokenRecord {
        &self.vault.tokens[self.index]
    }

    /// The vault as a right PIN leaves it: the failure count cleared. Callers add their change.
    pub fn on_right(&self) -> Vault {
        let mut v = self.vault.clone();
        v.tokens[self.index].attempts.succeed();
        v
    }

    /// Checks `pin` (refusing a locked or waiting token first).
    ///
    /// 1. The attempt is saved as spent (fsync, rename, fsync folder) before the key is derived:
    ///    a process killed from here on has used up the attempt. If it cannot be saved (a full
    ///    disk) the command fails and says nothing about the PIN.
    /// 2. While the KDF runs, both possible outcomes are staged beside the vault: the vault a
    ///    wrong PIN leads to (the failure answered) and, if given, `right` (count cleared plus
    ///    the caller's change). Nothing so far depends on the PIN.
    /// 3. The verdict acts by one rename of the matching staged file; the other is removed. The
    ///    answer therefore shows on disk, in either direction, only as the commit of its count.
    ///
    /// Any staging failure fails the command the same way for a right and a wrong PIN. Without
    /// `right`, a right PIN saves nothing: the caller saves [`Opened::vault`].
    pub fn check(self, pin: &SecretString, right: Option<Vault>) -> Result<Opened, AppError> {
        let t = self.record();
        precheck(t, self.now)?;
        // No policy check here: the policy is for choosing a PIN. A PIN it rules out is simply a
        // wrong one, counted and answered as every wrong PIN (exit 3, then the lock).
        let max = t.pin_policy.max_failed_attempts;
        let mut spent = self.vault.clone();
        spent.tokens[self.index].attempts.pending(max);
        self.store.save(&self.guard, &spent)?;
        let mut wrong = self.vault.clone();
        // The attempt that reaches the limit is still answered as a wrong PIN (exit 3, "now
        // locked"); exit 4 is for requests on a token that is already locked.
        let attempts_left = wrong.tokens[self.index].attempts.fail(max, self.now);
        // Each outcome on its own thread: with a cheap KDF the two fsyncs then overlap too.
        let (opened, on_wrong, on_right) = std::thread::scope(|s| {
            let (store, guard) = (self.store, &self.guard);
            let wrong = s.spawn(|| store.stage(guard, &wrong));
            let right = right
                .as_ref()
                .map(|v| s.spawn(move || store.stage(guard, v)));
            let opened = t.open(pin);
            (opened, join(wrong), right.map(join))
        });
        let on_wrong = on_wrong?;
        let on_right = on_right.transpose()?;
        let secrets = match opened {
            Ok(secrets) => secrets,
            Err(VaultError::WrongPin) => {
                self.store.commit(&self.guard, on_wrong)?;
                return Err(AppError::WrongPin {
                    name: t.name.clone(),
                    attempts_left,
                });
            }
            Err(source) => {
                return Err(AppError::Vault {
                    path: self.store.path().to_path_buf(),
                    source,
                });
            }
        };
        let vault = match (right, on_right) {
            (Some(v), Some(staged)) => {
                self.store.commit(&self.guard, staged)?;
                v
            }
            _ => self.on_right(),
        };
        // Removed only now: the first change on disk after the verdict is its rename.
        drop(on_wrong);
        Ok(Opened {
            record: self.vault.tokens[self.index].clone(),
            guard: self.guard,
            vault,
            secrets,
        })
    }
}

/// A staging thread's result (a panic there is an I/O failure, not a verdict).
fn join(
    h: std::thread::ScopedJoinHandle<'_, Result<Staged, AppError>>,
) -> Result<Staged, AppError> {
    h.join().unwrap_or_else(|_| {
        Err(AppError::io(
            "<vault>",
            std::io::Error::other("a saving thread panicked"),
        ))
    })
}

/// Opens the token: a right PIN clears its count (saved), a wrong one is counted first.
pub(super) fn unlock(
    store: &Store,
    now: u64,
    target: Target<'_>,
    pin: &SecretString,
) -> Result<Unlocked, AppError> {
    let attempt = Attempt::begin(store, now, target)?;
    let right = attempt.on_right();
    let opened = attempt.check(pin, Some(right))?;
    Ok(unlocked_from(&opened.record, opened.secrets))
}
