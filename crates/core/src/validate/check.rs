//! One login against all tokens of a user: privacyIDEA's `check_token_list` for HOTP and TOTP
//! tokens (docs/server.md, "Validation rules"). The caller reads the tokens, checks OTP PINs
//! when asked and stores the returned states; nothing here has side effects.
use super::window::{find, find_around, is_code, shift_for, totp_step};
use super::{Policy, TokenState, Verdict};
use crate::combined::split;
use crate::otp::Hotp;
use crate::token::Kind;

/// One token as the check sees it.
pub struct Candidate<'a> {
    pub kind: Kind,
    /// The keyed generator (it carries the number of digits).
    pub hotp: &'a Hotp,
    /// TOTP time step and T0 (ignored for event tokens).
    pub period: u32,
    pub t0: u64,
    pub state: TokenState,
}

/// What a check decided and what to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub verdict: Verdict,
    /// The new state of every token whose state changed (index into the candidates), to be
    /// stored in one transaction, conditional on the state that was read.
    pub updates: Vec<(usize, TokenState)>,
    /// The tokens that accepted, with the counter (HOTP) or time step (TOTP) that matched.
    pub accepted: Vec<(usize, u64)>,
    /// The token whose serial, type and digits the answer names: the only accepting one, or
    /// the only one whose OTP PIN matched (privacyIDEA names none when there are several).
    pub subject: Option<usize>,
    /// Why the tokens could not be used, when none could (sorted, distinct).
    unusable: Vec<&'static str>,
}

impl Outcome {
    /// `detail.message` as privacyIDEA words it: `matching N tokens`, or the reasons every
    /// token was unusable joined by ", " (privacyIDEA joins a set; here sorted, so stable).
    pub fn message(&self) -> String {
        match self.verdict {
            Verdict::Accept => format!("matching {} tokens", self.accepted.len()),
            Verdict::FailcounterExceeded | Verdict::Disabled if !self.unusable.is_empty() => {
                self.unusable.join(", ")
            }
            v => v.message().to_owned(),
        }
    }
}

/// Check `pass` (OTP PIN followed by the eToken) against `tokens` at Unix time `now`.
///
/// `pin_ok(i, pin)` answers whether `pin` is token `i`'s OTP PIN; it is asked only for usable
/// tokens and only when `pass` is at least an eToken long, as privacyIDEA does.
pub fn check(
    tokens: &[Candidate<'_>],
    pass: &str,
    now: u64,
    policy: &Policy,
    pin_ok: &mut dyn FnMut(usize, &str) -> bool,
) -> Outcome {
    let mut states: Vec<TokenState> = tokens.iter().map(|t| t.state).collect();
    let (mut valid, mut pin_matching, mut invalid, mut unusable) = (vec![], vec![], vec![], vec![]);
    // privacyIDEA tries tokens by the first letter of their type (hotp before totp), stably.
    let mut order: Vec<usize> = (0..tokens.len()).collect();
    order.sort_by_key(|&i| tokens[i].kind.as_str().as_bytes()[0]);
    for i in order {
        let s = &mut states[i];
        s.clear_if_timed_out(now, policy.failcount_clear_timeout);
        if let Some(why) = s.unusable() {
            unusable.push(why.message());
            continue;
        }
        match split(pass, tokens[i].hotp.digits()) {
            Some((pin, otp)) if pin_ok(i, pin) => {
                match check_otp(&tokens[i], s, otp, now, policy) {
                    Some(c) => valid.push((i, c)),
                    None => pin_matching.push((i, otp)),
                }
            }
            _ => invalid.push(i),
        }
    }
    let (verdict, subject) = if !valid.is_empty() {
        for &(i, _) in &valid {
            states[i].reset();
        }
        (Verdict::Accept, (valid.len() == 1).then(|| valid[0].0))
    } else if !pin_matching.is_empty() {
        for &(i, _) in &pin_matching {
            states[i].fail(now);
        }
        match pin_matching[..] {
            [(i, otp)] if is_previous(&tokens[i], &states[i], otp) => (Verdict::Replay, Some(i)),
            [(i, _)] => (Verdict::WrongOtp, Some(i)),
            _ => (Verdict::WrongOtp, None),
        }
    } else if !invalid.is_empty() {
        // privacyIDEA's IncFailCountOnFalsePin (on by default): every such token counts.
        for &i in &invalid {
            states[i].fail(now);
        }
        (Verdict::WrongPin, None)
    } else if !unusable.is_empty() {
        unusable.sort_unstable();
        unusable.dedup();
        let failcount = Verdict::FailcounterExceeded.message();
        let v = if unusable.contains(&failcount) {
            Verdict::FailcounterExceeded
        } else {
            Verdict::Disabled
        };
        (v, None)
    } else {
        (Verdict::NoToken, None)
    };
    let updates = states
        .into_iter()
        .enumerate()
        .filter(|(i, s)| *s != tokens[*i].state)
        .collect();
    Outcome {
        verdict,
        updates,
        accepted: valid,
        subject,
        unusable,
    }
}

/// The token's own OTP check; on success the state holds the new counter (and drift).
fn check_otp(
    t: &Candidate<'_>,
    s: &mut TokenState,
    otp: &str,
    now: u64,
    policy: &Policy,
) -> Option<u64> {
    if t.kind.is_event() {
        let mut found = find(t.hotp, otp, s.count, u64::from(policy.count_window));
        if found.is_none() && policy.auto_resync {
            let in_sync = find(t.hotp, otp, s.count, u64::from(policy.sync_window));
            found = auto_resync(s, in_sync, now, policy);
        }
        let c = found?;
        s.count = c.checked_add(1)?;
        return Some(c);
    }
    let step = totp_step(now, t.t0, s.time_shift, t.period);
    let w = u64::from(policy.time_window / t.period.max(1));
    let mut found = find_around(t.hotp, otp, step, w);
    if let Some(r) = found
        && r < s.count
    {
        // Not after the last accepted step: a replay or an older code.
        return None;
    }
    if found.is_none() && policy.auto_resync {
        let in_sync =
            find_around(t.hotp, otp, step, u64::from(policy.sync_window)).filter(|&r| r >= s.count);
        found = auto_resync(s, in_sync, now, policy);
    }
    let r = found?;
    // The step after it, as for HOTP: step 0 is a step like any other (T0 may be now).
    s.count = r.checked_add(1)?;
    s.time_shift = shift_for(r, t.t0, t.period, now);
    Some(r)
}

/// privacyIDEA's AutoResync: an out-of-window eToken found within the sync window is noted;
/// the next one must be its successor, before the note expires. Either way the note is used up.
fn auto_resync(s: &mut TokenState, in_sync: Option<u64>, now: u64, policy: &Policy) -> Option<u64> {
    let r = in_sync?;
    match s.sync_first.take() {
        Some((first, due)) => (first + 1 == r && due > now).then_some(r),
        None => {
            s.sync_first = Some((r, now.saturating_add(policy.auto_resync_timeout)));
            None
        }
    }
}

/// privacyIDEA's `is_previous_otp`: the eToken accepted last (`count - 1`, the counter or
/// time step before the next one accepted).
fn is_previous(t: &Candidate<'_>, s: &TokenState, otp: &str) -> bool {
    s.count
        .checked_sub(1)
        .is_some_and(|last| is_code(t.hotp, last, otp))
}
