//! The windows an eToken is searched in: HOTP look-ahead from the stored counter, TOTP steps
//! around the (drift-corrected) current step. Every candidate is compared in constant time and
//! the whole window is always computed, so the answer time does not tell where a code matched.
use crate::otp::Code;
use crate::otp::Hotp;
use subtle::ConstantTimeEq;

/// Whether `otp` is the eToken for `counter` (constant time in the value).
pub(crate) fn is_code(hotp: &Hotp, counter: u64, otp: &str) -> bool {
    let mut buf = [0u8; Code::MAX_LEN];
    let want = hotp.code(counter).write_ascii(&mut buf);
    // Length differences are public (the split fixes the length); the digits are not.
    want.len() == otp.len() && bool::from(want.ct_eq(otp.as_bytes()))
}

/// The first counter in `start .. start + len` whose eToken is `otp`.
pub(crate) fn find(hotp: &Hotp, otp: &str, start: u64, len: u64) -> Option<u64> {
    let mut found = None;
    for c in start..start.saturating_add(len) {
        if is_code(hotp, c, otp) && found.is_none() {
            found = Some(c);
        }
    }
    found
}

/// privacyIDEA's symmetric TOTP search: `max(0, step - w) .. step + w` (the end excluded, so one
/// step fewer ahead than behind).
pub(crate) fn find_around(hotp: &Hotp, otp: &str, step: u64, w: u64) -> Option<u64> {
    let start = step.saturating_sub(w);
    find(hotp, otp, start, step.saturating_add(w) - start)
}

/// The TOTP step at `now` seen through the stored drift: `floor((now - t0 + shift) / period)`,
/// 0 before T0.
pub(crate) fn totp_step(now: u64, t0: u64, shift: i64, period: u32) -> u64 {
    let t = i128::from(now) - i128::from(t0) + i128::from(shift);
    if t <= 0 {
        return 0;
    }
    u64::try_from(t / i128::from(period.max(1))).unwrap_or(u64::MAX)
}

/// The drift that makes `step` the current one: its start time minus now (privacyIDEA's
/// `timeShift = res * timeStep - int(now)`).
pub(crate) fn shift_for(step: u64, t0: u64, period: u32, now: u64) -> i64 {
    let start = i128::from(t0) + i128::from(step) * i128::from(period);
    i64::try_from(start - i128::from(now)).unwrap_or(0)
}
