//! `/token/resync`: two consecutive eTokens found within the sync window move the token's
//! counter (HOTP) or drift (TOTP) to them, as privacyIDEA's `resync` does.
use super::check::Candidate;
use super::window::{find, find_around, is_code, shift_for, totp_step};
use super::{Policy, TokenState};

/// The new state if `otp1`, `otp2` are consecutive eTokens of the token, else `None`.
/// The fail counter is left alone (privacyIDEA resets it only with `DefaultResetFailCount`).
pub fn resync(
    t: &Candidate<'_>,
    otp1: &str,
    otp2: &str,
    now: u64,
    policy: &Policy,
) -> Option<TokenState> {
    let mut s = t.state;
    let sync = u64::from(policy.sync_window);
    if t.kind.is_event() {
        let c1 = find(t.hotp, otp1, s.count, sync)?;
        if !is_code(t.hotp, c1 + 1, otp2) {
            return None;
        }
        s.count = c1.checked_add(2)?;
        return Some(s);
    }
    let step = totp_step(now, t.t0, s.time_shift, t.period);
    let r2 = find_around(t.hotp, otp2, step, sync)?;
    let r1 = find_around(t.hotp, otp1, step.saturating_sub(1), sync)?;
    // privacyIDEA's `r1 >= last accepted step` (so r1 may be that step itself).
    if r1.saturating_add(1) < s.count || r1 + 1 != r2 {
        return None;
    }
    // privacyIDEA puts the token's clock in the middle of step r2, and refuses r2 + 1 too.
    s.time_shift = shift_for(r2, t.t0, t.period, now) + i64::from(t.period / 2);
    s.count = r2.checked_add(2)?;
    Some(s)
}
