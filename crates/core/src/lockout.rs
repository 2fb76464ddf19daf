//! The wrong-PIN rules every front end shares: a token with a policy maximum locks when it is
//! reached; a token without one answers repeated failures with a growing back-off delay.
//! Pure: the caller passes the time and saves the counted state before answering.

/// Failures tolerated before the back-off delay starts (tokens without a lock-out policy).
pub(crate) const FREE_FAILURES: u32 = 3;
/// Longest back-off delay, seconds.
pub(crate) const MAX_DELAY: u64 = 300;

/// A token's wrong-PIN state, as stored with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Attempts {
    /// Wrong PINs since the last right one.
    pub failed: u32,
    /// When the last wrong PIN was given (Unix seconds).
    pub last_failure: Option<u64>,
    /// Locked by reaching the policy maximum; only re-activation clears it.
    pub locked: bool,
}

/// Why a PIN is not even tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Locked,
    /// The back-off delay still runs for this many seconds.
    Wait(u64),
}

/// Seconds to wait before the next try, if any: 2^(failures-2) s after the third (2 s, 4 s, ...),
/// up to 5 min. Times are whole seconds, so the first step is 2 s: a 1 s wait could already be
/// over when the next process starts in the following second.
pub(crate) fn backoff_remaining(failed: u32, last_failure: Option<u64>, now: u64) -> Option<u64> {
    if failed < FREE_FAILURES {
        return None;
    }
    let delay = 1u64
        .checked_shl(failed - FREE_FAILURES + 1)
        .unwrap_or(MAX_DELAY)
        .min(MAX_DELAY);
    // A failure time in the future (the clock was wrong then) must not lock the token for years.
    let until = last_failure?.min(now).saturating_add(delay);
    (until > now).then(|| until - now)
}

impl Attempts {
    /// Whether a PIN may be tried now; `max` is the policy's maximum of failed attempts.
    pub fn check(&self, max: Option<u32>, now: u64) -> Result<(), Refusal> {
        if self.locked {
            return Err(Refusal::Locked);
        }
        match (max, backoff_remaining(self.failed, self.last_failure, now)) {
            (None, Some(seconds)) => Err(Refusal::Wait(seconds)),
            _ => Ok(()),
        }
    }

    /// Counts a wrong PIN at `now` and returns the attempts left (`None`: no maximum). The
    /// attempt that reaches the maximum locks the token and answers `Some(0)`.
    pub fn fail(&mut self, max: Option<u32>, now: u64) -> Option<u32> {
        self.failed = self.failed.saturating_add(1);
        self.last_failure = Some(now);
        let max = max?;
        if self.failed >= max {
            self.locked = true;
        }
        Some(max.saturating_sub(self.failed))
    }

    /// Counts an attempt whose answer is not known yet: saved before the PIN is even checked, so
    /// that a process killed before it answers has spent the attempt. It counts toward the
    /// maximum (and locks on reaching it) like a failure, but starts no back-off delay: a delay
    /// runs from the last wrong PIN that was answered, and this attempt gave no answer. The
    /// answer replaces this state ([`Attempts::fail`] or [`Attempts::succeed`] on the state
    /// before it).
    pub fn pending(&mut self, max: Option<u32>) {
        self.failed = self.failed.saturating_add(1);
        if max.is_some_and(|m| self.failed >= m) {
            self.locked = true;
        }
    }

    /// A right PIN clears the count (never a lock: that needs re-activation).
    pub fn succeed(&mut self) {
        self.failed = 0;
        self.last_failure = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_bounded_when_the_last_failure_lies_in_the_future() {
        // A failure recorded with a clock far ahead must not lock the token for years.
        let now = 1_000_000;
        let left = backoff_remaining(20, Some(now + 10_000_000), now).unwrap();
        assert!(left <= MAX_DELAY, "{left}");
        assert_eq!(backoff_remaining(20, Some(now - MAX_DELAY), now), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff_remaining(2, Some(100), 100), None);
        assert_eq!(backoff_remaining(3, Some(100), 100), Some(2));
        assert_eq!(backoff_remaining(3, Some(100), 101), Some(1));
        assert_eq!(backoff_remaining(5, Some(100), 101), Some(7));
        assert_eq!(backoff_remaining(5, Some(100), 108), None);
        assert_eq!(backoff_remaining(40, Some(100), 100), Some(300));
        assert_eq!(backoff_remaining(3, None, 100), None);
    }

    #[test]
    fn the_attempt_that_reaches_the_maximum_locks() {
        let mut a = Attempts::default();
        assert_eq!(a.fail(Some(3), 10), Some(2));
        assert_eq!(a.fail(Some(3), 11), Some(1));
        assert_eq!(a.check(Some(3), 12), Ok(()));
        assert_eq!(a.fail(Some(3), 12), Some(0));
        assert!(a.locked);
        assert_eq!(a.check(Some(3), 13), Err(Refusal::Locked));
        a.succeed();
        assert!(a.locked, "a right PIN never unlocks");
    }

    #[test]
    fn an_unanswered_attempt_counts_toward_the_lock_but_starts_no_delay() {
        let mut a = Attempts::default();
        a.pending(Some(3));
        a.pending(Some(3));
        assert_eq!((a.failed, a.last_failure, a.locked), (2, None, false));
        a.pending(Some(3));
        assert!(a.locked);
        let mut b = Attempts::default();
        for _ in 0..5 {
            b.pending(None);
        }
        assert_eq!(b.check(None, 100), Ok(()), "no answered failure, no delay");
        b.fail(None, 100);
        assert_eq!(b.check(None, 100), Err(Refusal::Wait(16)));
    }

    #[test]
    fn without_a_maximum_failures_wait_instead_of_locking() {
        let mut a = Attempts::default();
        for t in 0..3 {
            assert_eq!(a.fail(None, 100 + t), None);
        }
        assert!(!a.locked);
        assert_eq!(a.check(None, 102), Err(Refusal::Wait(2)));
        assert_eq!(a.check(None, 104), Ok(()));
        a.succeed();
        assert_eq!(a, Attempts::default());
    }
}
