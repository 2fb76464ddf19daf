//! The OTP service's validation rules (docs/server.md), modelled on privacyIDEA 3.14 so that a
//! client or test written against privacyIDEA sees the same answers. Pure: the time, the stored
//! token state and the PIN check's result come in; the verdict and the state to store go out.
//!
//! - [`check`]: one "OTP PIN + eToken" against all tokens of a user (or one serial);
//! - [`resync`]: the two-eToken resynchronisation of `/token/resync`;
//! - `window`: the HOTP look-ahead and TOTP windows, shared by both.
mod check;
mod resync;
mod window;

pub use check::{Candidate, Outcome, check};
pub use resync::resync;

use crate::token::Kind;

/// Tunables, with privacyIDEA's defaults (`DefaultCountWindow`, `DefaultSyncWindow`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// HOTP look-ahead: counters `count .. count + count_window - 1` are tried.
    pub count_window: u32,
    /// Resynchronisation search: HOTP `count .. count + sync_window - 1`, TOTP ± this many steps.
    pub sync_window: u32,
    /// TOTP window in seconds; `time_window / period` steps each way (privacyIDEA's `timeWindow`).
    pub time_window: u32,
    /// privacyIDEA's `AutoResync`: two consecutive out-of-window eTokens resynchronise.
    pub auto_resync: bool,
    /// Seconds the first of those two stays valid (`AutoResyncTimeout`).
    pub auto_resync_timeout: u64,
    /// `failcounter_clear_timeout` in seconds (0 = off): a token at its maximum starts afresh
    /// this long after it got there.
    pub failcount_clear_timeout: u64,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            count_window: 10,
            sync_window: 1000,
            time_window: 180,
            auto_resync: false,
            auto_resync_timeout: 300,
            failcount_clear_timeout: 0,
        }
    }
}

/// privacyIDEA's default `maxfail` of a new token.
pub const DEFAULT_MAXFAIL: u32 = 10;

/// What the service stores per token that a check reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TokenState {
    /// The next counter (HOTP) or time step (TOTP) that may be accepted: the last accepted + 1,
    /// 0 = none accepted yet. privacyIDEA shows the last accepted TOTP step itself
    /// ([`TokenState::shown_count`]); stored so, step 0 could never be marked used.
    pub count: u64,
    pub failcount: u32,
    pub maxfail: u32,
    /// TOTP drift in seconds (privacyIDEA's `timeShift`), re-estimated on every success.
    pub time_shift: i64,
    /// When `failcount` reached `maxfail` (Unix seconds, whole minutes as privacyIDEA keeps it).
    pub exceeded_at: Option<u64>,
    /// Auto-resync: the counter of the first out-of-window eToken and until when it may pair.
    pub sync_first: Option<(u64, u64)>,
    /// A disabled token takes part in no check.
    pub disabled: bool,
}

impl TokenState {
    /// A fresh token: counter 0, no failures, the default maximum.
    pub fn new() -> Self {
        Self {
            maxfail: DEFAULT_MAXFAIL,
            ..Self::default()
        }
    }

    /// `count` as privacyIDEA reports it (`GET /token/`): HOTP the next counter, TOTP the last
    /// accepted step (0 also when none was).
    pub fn shown_count(&self, kind: Kind) -> u64 {
        if kind.is_event() {
            self.count
        } else {
            self.count.saturating_sub(1)
        }
    }

    /// The state for a counter given as privacyIDEA means it ([`TokenState::shown_count`]; a
    /// seed file's `<Counter>`): for TOTP, `shown` > 0 is the last accepted step.
    pub fn count_from_shown(kind: Kind, shown: u64) -> u64 {
        if kind.is_event() || shown == 0 {
            shown
        } else {
            shown.saturating_add(1)
        }
    }

    /// privacyIDEA's `inc_failcount`: count up to `maxfail`, note the minute it got there.
    pub(crate) fn fail(&mut self, now: u64) {
        if self.failcount < self.maxfail {
            self.failcount += 1;
            if self.failcount == self.maxfail {
                self.exceeded_at = Some(now - now % 60);
            }
        }
    }

    /// privacyIDEA's `check_reset_failcount`: with a clear timeout, a token exactly at its
    /// maximum starts afresh once the timeout has passed.
    pub(crate) fn clear_if_timed_out(&mut self, now: u64, timeout: u64) {
        if timeout == 0 || self.failcount != self.maxfail {
            return;
        }
        if let Some(at) = self.exceeded_at
            && now > at.saturating_add(timeout)
        {
            self.reset();
        }
    }

    /// A success or an admin reset: no failures.
    pub fn reset(&mut self) {
        self.failcount = 0;
        self.exceeded_at = None;
    }

    /// The first reason the token can't be used, as privacyIDEA's `check_all` orders them.
    pub(crate) fn unusable(&self) -> Option<Verdict> {
        if self.disabled {
            Some(Verdict::Disabled)
        } else if self.failcount >= self.maxfail {
            Some(Verdict::FailcounterExceeded)
        } else {
            None
        }
    }
}

/// The outcome of checking one "OTP PIN + eToken" against a user's or a serial's tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Verdict {
    /// One or more tokens accepted the value (the message counts them).
    Accept,
    /// No token's OTP PIN matched (also: a value shorter than an eToken, an empty value).
    WrongPin,
    /// The OTP PIN matched, the eToken did not (outside the window, or never issued).
    WrongOtp,
    /// The OTP PIN matched and the eToken is the one accepted last: a replay.
    Replay,
    /// Every token of the user is at its fail-counter maximum (until an admin reset).
    FailcounterExceeded,
    /// Every token of the user is disabled.
    Disabled,
    /// The user is known and has no token.
    NoToken,
    /// `create-token` mode: a known user without a token must enrol (a challenge).
    EnrollmentRequired,
    /// `safenet-only` mode: a known user without a token passes without OTP.
    PassNoToken,
}

impl Verdict {
    /// `detail.message` exactly as privacyIDEA 3.14 words it (for one token; see
    /// [`Outcome::message`] for several).
    pub fn message(self) -> &'static str {
        match self {
            Verdict::Accept => "matching 1 tokens",
            Verdict::WrongPin => "wrong otp pin",
            Verdict::WrongOtp => "wrong otp value",
            Verdict::Replay => "wrong otp value. previous otp used again",
            Verdict::FailcounterExceeded => "Failcounter exceeded",
            Verdict::Disabled => "Token is disabled",
            Verdict::NoToken => "The user has no tokens assigned",
            Verdict::EnrollmentRequired => "enrollment required",
            // privacyIDEA's pass-thru policy message, the mode standing for the policy name.
            Verdict::PassNoToken => "user has no token, accepted due to 'safenet-only'",
        }
    }

    /// The login is let in.
    pub fn accepted(self) -> bool {
        matches!(self, Verdict::Accept | Verdict::PassNoToken)
    }
}

/// privacyIDEA's answer for a user the repository does not know (ERR904).
pub fn unknown_user_message(login: &str) -> String {
    format!("User <{login}> does not exist.")
}

/// privacyIDEA's answer for a serial no token has (601, HTTP 404).
pub const UNKNOWN_SERIAL_MESSAGE: &str = "The requested token could not be found.";

#[cfg(test)]
mod tests;
