//! The simulator's own model of one token at a privacyIDEA 3.14 server: from what was sent it
//! predicts the answer (authentication + detail.message) and the server's new state. Written
//! from privacyIDEA's rules (docs/simulate.md §Model), independent of softpass's server code;
//! only the message texts come from `Verdict::message()`.
use super::scenario::ServerMode;
use crate::api::Authentication;
use softpass_core::otp::Hotp;
use softpass_core::token::Algorithm;
use softpass_core::validate::Verdict;

/// HOTP: counters `count .. count+COUNT_WINDOW` are accepted (privacyIDEA DefaultCountWindow).
pub const COUNT_WINDOW: u64 = 10;
/// /token/resync searches the first eToken in `count .. count+SYNC_WINDOW`.
pub const SYNC_WINDOW: u64 = 1000;
/// TOTP: time step and window (timeWindow 180 s = 6 steps each side; privacyIDEA's range()
/// makes it `counter-6 ..= counter+5`).
pub const TIME_STEP: u64 = 30;
pub const TIME_WINDOW_STEPS: u64 = 6;
pub const OTPLEN: u8 = 6;

/// What the server should answer to a login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expect {
    pub authentication: Authentication,
    pub message: &'static str,
}

impl Expect {
    fn verdict(v: Verdict) -> Self {
        Self {
            authentication: if v.accepted() {
                Authentication::Accept
            } else {
                Authentication::Reject
            },
            message: v.message(),
        }
    }
}

/// The answer to a user without a token: the server's mode decides. Over RADIUS softpass
/// serve words the enrolment challenge as its prompt (the HTTP message first).
pub fn no_token(mode: ServerMode, radius: bool) -> Expect {
    match mode {
        ServerMode::Mandatory => Expect::verdict(Verdict::NoToken),
        ServerMode::SafenetOnly => Expect::verdict(Verdict::PassNoToken),
        ServerMode::CreateToken => Expect {
            authentication: Authentication::Challenge,
            message: if radius {
                crate::radius::ENROLMENT_PROMPT
            } else {
                Verdict::EnrollmentRequired.message()
            },
        },
    }
}

/// One token as the server should see it.
pub struct ModelToken {
    otp_gen: Hotp,
    pub totp: bool,
    /// HOTP: the next counter the server accepts; TOTP: the last accepted step (0 = none).
    pub count: u64,
    pub failcount: u32,
    pub maxfail: u32,
    /// TOTP: privacyIDEA's timeShift in seconds (re-estimated on every success).
    pub shift: i64,
}

impl ModelToken {
    pub fn new(key: &[u8], totp: bool, maxfail: u32) -> Self {
        Self {
            otp_gen: Hotp::new(Algorithm::Sha1, key, OTPLEN).expect("20-byte key, 6 digits"),
            totp,
            count: 0,
            failcount: 0,
            maxfail,
            shift: 0,
        }
    }

    /// The eToken for an HOTP counter or a TOTP step.
    pub fn code(&self, counter: u64) -> String {
        self.otp_gen.code(counter).to_string()
    }

    /// TOTP: the server's current step, `floor((now + timeShift) / 30)`.
    pub fn server_step(&self, now: f64) -> u64 {
        ((now + self.shift as f64).max(0.0) / TIME_STEP as f64).floor() as u64
    }

    fn fail(&mut self) {
        // inc_failcount stops at maxfail.
        self.failcount = (self.failcount + 1).min(self.maxfail);
    }

    /// A login with the right (`pin_ok`) or a wrong OTP PIN and the eToken `otp` at Unix time
    /// `now`: the answer, with the model updated as the server updates its token.
    pub fn login(&mut self, pin_ok: bool, otp: &str, now: f64) -> Expect {
        // check_all first: a token at its maximum answers nothing else, changes nothing.
        if self.failcount >= self.maxfail {
            return Expect::verdict(Verdict::FailcounterExceeded);
        }
        // The PIN decides whether the OTP is looked at; a wrong one counts on the token.
        if !pin_ok || otp.len() != usize::from(OTPLEN) {
            self.fail();
            return Expect::verdict(Verdict::WrongPin);
        }
        let matched = if self.totp {
            self.match_totp(otp, now)
        } else {
            self.match_hotp(otp)
        };
        if matched {
            self.failcount = 0;
            return Expect::verdict(Verdict::Accept);
        }
        self.fail();
        if self.is_previous(otp) {
            Expect::verdict(Verdict::Replay)
        } else {
            Expect::verdict(Verdict::WrongOtp)
        }
    }

    /// HOTP: first match in the window wins and moves the counter past it.
    fn match_hotp(&mut self, otp: &str) -> bool {
        match (self.count..self.count + COUNT_WINDOW).find(|&c| self.code(c) == otp) {
            Some(c) => {
                self.count = c + 1;
                true
            }
            None => false,
        }
    }

    /// TOTP: first match in `step-6 .. step+6`; a step at or before the last accepted one is
    /// refused; success stores the step and re-estimates the shift from the real clock.
    fn match_totp(&mut self, otp: &str, now: f64) -> bool {
        let step = self.server_step(now);
        let lo = step.saturating_sub(TIME_WINDOW_STEPS);
        let hit = (lo..step + TIME_WINDOW_STEPS).find(|&c| self.code(c) == otp);
        match hit {
            Some(res) if self.count == 0 || res > self.count => {
                self.count = res;
                self.shift = (res * TIME_STEP) as i64 - now.floor() as i64;
                true
            }
            _ => false,
        }
    }

    /// "previous otp used again": HOTP compares with counter count-1, TOTP with the last step.
    fn is_previous(&self, otp: &str) -> bool {
        match (self.totp, self.count) {
            (_, 0) => false,
            (false, c) => self.code(c - 1) == otp,
            (true, c) => self.code(c) == otp,
        }
    }

    /// `/token/resync` (HOTP): `otp1` somewhere in the sync window and `otp2` the next one.
    pub fn resync(&mut self, otp1: &str, otp2: &str) -> bool {
        let hit = (self.count..self.count + SYNC_WINDOW).find(|&c| self.code(c) == otp1);
        match hit {
            Some(c) if self.code(c + 1) == otp2 => {
                self.count = c + 2;
                true
            }
            _ => false,
        }
    }

    /// `/token/reset`: the fail counter back to 0; the server answers 1 (one token).
    pub fn reset(&mut self) -> u64 {
        self.failcount = 0;
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC4226_KEY: &[u8] = b"12345678901234567890";

    fn exp(auth: Authentication, message: &'static str) -> Expect {
        Expect {
            authentication: auth,
            message,
        }
    }

    #[test]
    fn replays_privacyideas_recorded_hotp_session() {
        // A live privacyIDEA 3.14, token HOTP0001 (the RFC 4226 key, PIN 1234), requests in
        // order with their recorded answers: c0 ok, c0 again, wrong PIN + c1, c1 ok,
        // 000000, c11 (count 2: in window), c5, c11 again, c22 (count 12: beyond the window).
        use Authentication::{Accept as A, Reject as R};
        let mut t = ModelToken::new(RFC4226_KEY, false, 10);
        assert_eq!(t.code(0), "755224");
        let steps: [(bool, String, Expect); 9] = [
            (true, t.code(0), exp(A, "matching 1 tokens")),
            (
                true,
                t.code(0),
                exp(R, "wrong otp value. previous otp used again"),
            ),
            (false, t.code(1), exp(R, "wrong otp pin")),
            (true, t.code(1), exp(A, "matching 1 tokens")),
            (true, "000000".into(), exp(R, "wrong otp value")),
            (true, t.code(11), exp(A, "matching 1 tokens")),
            (true, t.code(5), exp(R, "wrong otp value")),
            (
                true,
                t.code(11),
                exp(R, "wrong otp value. previous otp used again"),
            ),
            (true, t.code(22), exp(R, "wrong otp value")),
        ];
        for (i, (pin_ok, otp, want)) in steps.iter().enumerate() {
            assert_eq!(t.login(*pin_ok, otp, 0.0), *want, "step {i}");
        }
        assert_eq!(t.count, 12);
    }

    #[test]
    fn lockout_then_reset_as_privacyidea_answers() {
        // Recorded: 10 wrong eTokens answer "wrong otp value" (the 10th reaches maxfail), the
        // 11th and a right one answer "Failcounter exceeded" without moving the counter, a
        // wrong PIN too; after /token/reset the right one is accepted.
        let mut t = ModelToken::new(RFC4226_KEY, false, 10);
        for i in 0..10 {
            assert_eq!(
                t.login(true, "000000", 0.0).message,
                "wrong otp value",
                "{i}"
            );
        }
        let good = t.code(0);
        assert_eq!(t.login(true, "000000", 0.0).message, "Failcounter exceeded");
        assert_eq!(t.login(true, &good, 0.0).message, "Failcounter exceeded");
        assert_eq!(t.login(false, &good, 0.0).message, "Failcounter exceeded");
        assert_eq!(t.count, 0);
        assert_eq!(t.reset(), 1);
        assert_eq!(
            t.login(true, &good, 0.0).authentication,
            Authentication::Accept
        );
    }

    #[test]
    fn resync_needs_two_consecutive_etokens_in_the_sync_window() {
        // Recorded: resync with c500, c501 at count 12 → true, count 502; c502 accepted.
        let mut t = ModelToken::new(RFC4226_KEY, false, 10);
        t.count = 12;
        assert!(!t.resync(&t.code(500), &t.code(502)));
        assert!(t.resync(&t.code(500), &t.code(501)));
        assert_eq!(t.count, 502);
        assert!(!t.resync(&t.code(1600), &t.code(1601)));
        assert_eq!(
            t.login(true, &t.code(502), 0.0).authentication,
            Authentication::Accept
        );
    }

    #[test]
    fn totp_window_replay_and_shift_follow_privacyidea() {
        // Recorded: now accepted; same again "previous otp used again"; the previous step
        // refused; now+150 s (+5 steps) accepted; then now+300 s accepted (the shift moved).
        let now = 1_796_124_000.0;
        let mut t = ModelToken::new(RFC4226_KEY, true, 10);
        let s = t.server_step(now);
        let at = |t: &ModelToken, step: u64| t.code(step);
        assert_eq!(
            t.login(true, &at(&t, s), now).authentication,
            Authentication::Accept
        );
        assert_eq!(
            t.login(true, &at(&t, s), now).message,
            "wrong otp value. previous otp used again"
        );
        assert_eq!(
            t.login(true, &at(&t, s - 1), now).message,
            "wrong otp value"
        );
        assert_eq!(
            t.login(true, &at(&t, s + 5), now).authentication,
            Authentication::Accept
        );
        assert_eq!(
            t.login(true, &at(&t, s + 10), now).authentication,
            Authentication::Accept
        );
        assert_eq!(t.count, s + 10);
        // Beyond the window from the new centre: refused.
        assert_eq!(
            t.login(true, &at(&t, s + 17), now).message,
            "wrong otp value"
        );
    }
}
