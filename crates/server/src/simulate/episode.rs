//! Episodes step by step: what a virtual user sends next, chosen from the model's state so that
//! every intended outcome is certain even with a clock step boundary between our prediction and
//! the server's check (TOTP choices keep ≥ 1 step of margin to the window's edges).
use super::model::ModelToken;
use super::rng::Rng;
use super::scenario::Episode;

/// What one request is for (a row of the report's `steps`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    Valid,
    /// A valid login an episode needs first (e.g. before a replay, or to clear a fail count).
    Prepare,
    WrongPin,
    Replay,
    DriftInside,
    DriftBeyond,
    Resync,
    AfterResync,
    SkewInside,
    SkewBeyond,
    LockoutWrong,
    LockedOut,
    Reset,
    AfterReset,
    /// A login of a user who has no token.
    NoToken,
}

impl Step {
    pub const ALL: [Step; 15] = [
        Step::Valid,
        Step::Prepare,
        Step::WrongPin,
        Step::Replay,
        Step::DriftInside,
        Step::DriftBeyond,
        Step::Resync,
        Step::AfterResync,
        Step::SkewInside,
        Step::SkewBeyond,
        Step::LockoutWrong,
        Step::LockedOut,
        Step::Reset,
        Step::AfterReset,
        Step::NoToken,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Step::Valid => "valid",
            Step::Prepare => "prepare",
            Step::WrongPin => "wrong_pin",
            Step::Replay => "replay",
            Step::DriftInside => "drift_inside",
            Step::DriftBeyond => "drift_beyond",
            Step::Resync => "resync",
            Step::AfterResync => "after_resync",
            Step::SkewInside => "skew_inside",
            Step::SkewBeyond => "skew_beyond",
            Step::LockoutWrong => "lockout_wrong",
            Step::LockedOut => "locked_out",
            Step::Reset => "reset",
            Step::AfterReset => "after_reset",
            Step::NoToken => "no_token",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// One request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Login {
        step: Step,
        pin_ok: bool,
        otp: String,
    },
    Resync {
        otp1: String,
        otp2: String,
    },
    Reset,
}

/// An episode in progress.
pub struct Plan {
    episode: Episode,
    stage: u8,
    /// Drift: eTokens skipped; lockout: wrong eTokens sent.
    k: u64,
    /// Skew: try the negative side when it is certain to be accepted/refused as intended.
    negative: bool,
    /// HOTP counter the drift started from.
    base: u64,
    /// A clearing valid login was sent already (never twice: maxfail ≤ 2 would loop).
    prepared: bool,
}

fn login(step: Step, otp: String) -> Option<Action> {
    Some(Action::Login {
        step,
        pin_ok: true,
        otp,
    })
}

/// The eToken a real token would show next: HOTP the counter; TOTP now, or the step after the
/// last accepted one when that is later (a replay must never be the intended valid login).
pub fn next_valid(t: &ModelToken, now: f64) -> String {
    if t.totp {
        t.code(t.server_step(now).max(t.count + 1))
    } else {
        t.code(t.count)
    }
}

impl Plan {
    pub fn new(episode: Episode, rng: &mut Rng) -> Self {
        let k = match episode {
            Episode::DriftInside => rng.range(2, 8),
            Episode::DriftBeyondResync => rng.range(12, 40),
            _ => 0,
        };
        Self {
            episode,
            stage: 0,
            k,
            negative: rng.chance(0.5),
            base: 0,
            prepared: false,
        }
    }

    /// The next request, or `None` when the episode is over.
    pub fn next(&mut self, t: &ModelToken, now: f64) -> Option<Action> {
        let stage = self.stage;
        self.stage += 1;
        // Episodes that fail on purpose first clear a fail count close to the maximum, so
        // they show their own outcome, not "Failcounter exceeded".
        let fails = !matches!(
            self.episode,
            Episode::Valid
                | Episode::DriftInside
                | Episode::SkewInside
                | Episode::LockoutReset
                | Episode::NoToken
        );
        if stage == 0 && fails && !self.prepared && t.failcount + 2 >= t.maxfail {
            self.stage = 0;
            self.prepared = true;
            return login(Step::Prepare, next_valid(t, now));
        }
        match self.episode {
            Episode::Valid => (stage == 0).then(|| login(Step::Valid, next_valid(t, now)))?,
            Episode::WrongPin => (stage == 0).then(|| Action::Login {
                step: Step::WrongPin,
                pin_ok: false,
                otp: next_valid(t, now),
            }),
            Episode::Replay => self.replay(t, now, stage),
            Episode::DriftInside => {
                (stage == 0).then(|| login(Step::DriftInside, t.code(t.count + self.k)))?
            }
            Episode::DriftBeyondResync => self.drift_beyond(t, now, stage),
            Episode::SkewInside | Episode::SkewBeyond => (stage == 0).then(|| self.skew(t, now)),
            Episode::LockoutReset => self.lockout(t, now, stage),
            // Any six digits: there is no token to check them against.
            Episode::NoToken => (stage == 0).then(|| login(Step::NoToken, t.code(0)))?,
        }
    }

    fn replay(&mut self, t: &ModelToken, now: f64, stage: u8) -> Option<Action> {
        match stage {
            0 if t.count == 0 => {
                self.stage = 1;
                login(Step::Prepare, next_valid(t, now))
            }
            0 | 1 => {
                self.stage = 2;
                let last = if t.totp { t.count } else { t.count - 1 };
                login(Step::Replay, t.code(last))
            }
            _ => None,
        }
    }

    fn drift_beyond(&mut self, t: &ModelToken, now: f64, stage: u8) -> Option<Action> {
        match stage {
            0 => {
                self.base = t.count;
                login(Step::DriftBeyond, t.code(self.base + self.k))
            }
            1 => Some(Action::Resync {
                otp1: t.code(self.base + self.k),
                otp2: t.code(self.base + self.k + 1),
            }),
            2 => login(Step::AfterResync, next_valid(t, now)),
            _ => None,
        }
    }

    fn skew(&self, t: &ModelToken, now: f64) -> Action {
        let c = t.server_step(now);
        let (step, off, need) = match self.episode {
            Episode::SkewInside => (Step::SkewInside, 3, 5),
            _ => (Step::SkewBeyond, 10, 12),
        };
        // The negative side only where it is certain (accepted needs a step after the last
        // accepted one; refused must not hit the last accepted step).
        let target = if self.negative && c >= t.count + need {
            c - off
        } else {
            c + off
        };
        Action::Login {
            step,
            pin_ok: true,
            otp: t.code(target),
        }
    }

    fn lockout(&mut self, t: &ModelToken, now: f64, stage: u8) -> Option<Action> {
        if stage == 0 && t.failcount < t.maxfail && self.k < 3 * u64::from(t.maxfail) {
            // Stay in stage 0 until the model says the token is at its maximum.
            self.stage = 0;
            self.k += 1;
            let far = if t.totp {
                t.server_step(now) + 100 + self.k
            } else {
                t.count + 500 + self.k
            };
            return login(Step::LockoutWrong, t.code(far));
        }
        let stage = if stage == 0 { 1 } else { stage };
        self.stage = stage + 1;
        match stage {
            1 => login(Step::LockedOut, next_valid(t, now)),
            2 => Some(Action::Reset),
            3 => login(Step::AfterReset, next_valid(t, now)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Authentication::{self, Accept, Reject};

    /// Play an episode against the model itself: the outcomes the planner intends.
    fn play(t: &mut ModelToken, e: Episode, now: f64) -> Vec<(Step, Authentication, &'static str)> {
        let mut plan = Plan::new(e, &mut Rng::new(7));
        let mut out = Vec::new();
        while let Some(a) = plan.next(t, now) {
            match a {
                Action::Login { step, pin_ok, otp } => {
                    let x = t.login(pin_ok, &otp, now);
                    out.push((step, x.authentication, x.message));
                }
                Action::Resync { otp1, otp2 } => {
                    let ok = t.resync(&otp1, &otp2);
                    out.push((Step::Resync, if ok { Accept } else { Reject }, ""));
                }
                Action::Reset => {
                    t.reset();
                    out.push((Step::Reset, Accept, ""));
                }
            }
            assert!(out.len() < 100);
        }
        out
    }

    const NOW: f64 = 1_796_124_013.0;

    #[test]
    fn each_episode_reaches_its_outcome() {
        let key = [7u8; 20];
        let mut h = ModelToken::new(&key, false, 10);
        let r = play(&mut h, Episode::Replay, NOW);
        assert_eq!(
            r,
            [
                (Step::Prepare, Accept, "matching 1 tokens"),
                (
                    Step::Replay,
                    Reject,
                    "wrong otp value. previous otp used again"
                )
            ]
        );
        let r = play(&mut h, Episode::WrongPin, NOW);
        assert_eq!(r, [(Step::WrongPin, Reject, "wrong otp pin")]);
        let before = h.count;
        let r = play(&mut h, Episode::DriftInside, NOW);
        assert_eq!(r, [(Step::DriftInside, Accept, "matching 1 tokens")]);
        assert!(h.count >= before + 3);
        let r = play(&mut h, Episode::DriftBeyondResync, NOW);
        assert_eq!(
            r,
            [
                (Step::DriftBeyond, Reject, "wrong otp value"),
                (Step::Resync, Accept, ""),
                (Step::AfterResync, Accept, "matching 1 tokens")
            ]
        );
        let r = play(&mut h, Episode::LockoutReset, NOW);
        assert_eq!(r.len(), 10 + 3);
        assert!(
            r[..10]
                .iter()
                .all(|x| *x == (Step::LockoutWrong, Reject, "wrong otp value"))
        );
        assert_eq!(
            r[10..],
            [
                (Step::LockedOut, Reject, "Failcounter exceeded"),
                (Step::Reset, Accept, ""),
                (Step::AfterReset, Accept, "matching 1 tokens")
            ]
        );
    }

    #[test]
    fn totp_skews_and_failcount_clearing() {
        let mut t = ModelToken::new(&[9u8; 20], true, 10);
        assert_eq!(play(&mut t, Episode::SkewInside, NOW)[0].1, Accept);
        assert_eq!(
            play(&mut t, Episode::SkewBeyond, NOW),
            [(Step::SkewBeyond, Reject, "wrong otp value")]
        );
        assert_eq!(play(&mut t, Episode::Valid, NOW)[0].1, Accept);
        assert_eq!(
            play(&mut t, Episode::Replay, NOW)[0].2,
            "wrong otp value. previous otp used again"
        );
        t.failcount = 8;
        let r = play(&mut t, Episode::WrongPin, NOW);
        assert_eq!(
            r,
            [
                (Step::Prepare, Accept, "matching 1 tokens"),
                (Step::WrongPin, Reject, "wrong otp pin")
            ]
        );
        assert_eq!(t.failcount, 1);
    }
}
