//! The scenario file (TOML, docs/simulate.md): how often each kind of episode is played, the
//! share of TOTP tokens and the fail-counter maximum. The default mixes every outcome.
use serde::Deserialize;

/// One episode: a short sequence of requests by one virtual user with an intended outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Episode {
    /// The next eToken: accepted.
    Valid,
    /// A wrong OTP PIN with the right eToken: "wrong otp pin", the eToken stays unused.
    WrongPin,
    /// The last accepted eToken again: "wrong otp value. previous otp used again".
    Replay,
    /// HOTP: skip 2..=8 eTokens (inside the window of 10): accepted.
    DriftInside,
    /// HOTP: skip 12..=40 eTokens (beyond the window): rejected; /token/resync with two
    /// consecutive eTokens; then the next eToken: accepted.
    DriftBeyondResync,
    /// TOTP: the client's clock 3 steps off (inside ±6 steps): accepted.
    SkewInside,
    /// TOTP: 10 steps off (beyond the window): rejected.
    SkewBeyond,
    /// maxfail wrong eTokens, then the right one: "Failcounter exceeded"; /token/reset; the
    /// right one again: accepted.
    LockoutReset,
    /// A user without a token logs in: the server's mode decides (not in the mix: the only
    /// episode of the `tokens.without_token` share of users).
    NoToken,
}

impl Episode {
    pub const ALL: [Episode; 8] = [
        Episode::Valid,
        Episode::WrongPin,
        Episode::Replay,
        Episode::DriftInside,
        Episode::DriftBeyondResync,
        Episode::SkewInside,
        Episode::SkewBeyond,
        Episode::LockoutReset,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Episode::Valid => "valid",
            Episode::WrongPin => "wrong_pin",
            Episode::Replay => "replay",
            Episode::DriftInside => "drift_inside",
            Episode::DriftBeyondResync => "drift_beyond_resync",
            Episode::SkewInside => "skew_inside",
            Episode::SkewBeyond => "skew_beyond",
            Episode::LockoutReset => "lockout_reset",
            Episode::NoToken => "no_token",
        }
    }

    /// Drift is an HOTP matter, clock skew a TOTP one; the rest applies to both.
    pub fn applies(self, totp: bool) -> bool {
        match self {
            Episode::DriftInside | Episode::DriftBeyondResync => !totp,
            Episode::SkewInside | Episode::SkewBeyond => totp,
            _ => true,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Mix {
    pub valid: u32,
    pub wrong_pin: u32,
    pub replay: u32,
    pub drift_inside: u32,
    pub drift_beyond_resync: u32,
    pub skew_inside: u32,
    pub skew_beyond: u32,
    pub lockout_reset: u32,
}

impl Default for Mix {
    fn default() -> Self {
        Self {
            valid: 40,
            wrong_pin: 10,
            replay: 10,
            drift_inside: 10,
            drift_beyond_resync: 6,
            skew_inside: 8,
            skew_beyond: 8,
            lockout_reset: 2,
        }
    }
}

impl Mix {
    pub fn weight(&self, e: Episode) -> u32 {
        match e {
            Episode::Valid => self.valid,
            Episode::WrongPin => self.wrong_pin,
            Episode::Replay => self.replay,
            Episode::DriftInside => self.drift_inside,
            Episode::DriftBeyondResync => self.drift_beyond_resync,
            Episode::SkewInside => self.skew_inside,
            Episode::SkewBeyond => self.skew_beyond,
            Episode::LockoutReset => self.lockout_reset,
            Episode::NoToken => 0,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Tokens {
    /// Share of the virtual users whose token is TOTP (0..=1).
    pub totp_share: f64,
    /// The fail-counter maximum; set with /token/set max_failcount when not the server's 10.
    pub maxfail: u32,
    /// Share of the virtual users who get no token at all (0..=1; they need users).
    pub without_token: f64,
}

impl Default for Tokens {
    fn default() -> Self {
        Self {
            totp_share: 0.25,
            maxfail: 10,
            without_token: 0.0,
        }
    }
}

/// The server's "Authentication → Mode" (`softpass serve --mode`): what a known user without
/// a token gets. privacyIDEA without policies behaves as `mandatory`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ServerMode {
    #[default]
    Mandatory,
    CreateToken,
    SafenetOnly,
}

/// What the simulator assumes about the server's configuration.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Server {
    pub mode: ServerMode,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Scenario {
    pub mix: Mix,
    pub tokens: Tokens,
    pub server: Server,
}

impl Scenario {
    /// Parse a scenario file's text; `what` names it in errors.
    pub fn parse(text: &str, what: &str) -> Result<Self, String> {
        let s: Scenario = toml::from_str(text).map_err(|e| format!("{what}: {e}"))?;
        if !(0.0..=1.0).contains(&s.tokens.totp_share) {
            return Err(format!("{what}: tokens.totp_share must be between 0 and 1"));
        }
        if !(0.0..=1.0).contains(&s.tokens.without_token) {
            return Err(format!(
                "{what}: tokens.without_token must be between 0 and 1"
            ));
        }
        if !(1..=100).contains(&s.tokens.maxfail) {
            return Err(format!("{what}: tokens.maxfail must be 1..=100"));
        }
        for totp in [false, true] {
            let share = if totp {
                s.tokens.totp_share
            } else {
                1.0 - s.tokens.totp_share
            };
            let total: u32 = Episode::ALL
                .iter()
                .filter(|e| e.applies(totp))
                .map(|e| s.mix.weight(*e))
                .sum();
            if share > 0.0 && total == 0 {
                let kind = if totp { "TOTP" } else { "HOTP" };
                return Err(format!(
                    "{what}: no episode of [mix] applies to {kind} tokens"
                ));
            }
        }
        Ok(s)
    }

    /// Pick an episode for a token by weight, from `r` uniform in 0..u64::MAX.
    pub fn pick(&self, totp: bool, r: u64) -> Episode {
        let options: Vec<(Episode, u32)> = Episode::ALL
            .iter()
            .filter(|e| e.applies(totp))
            .map(|e| (*e, self.mix.weight(*e)))
            .filter(|(_, w)| *w > 0)
            .collect();
        let total: u64 = options.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut at = r % total.max(1);
        for (e, w) in &options {
            if at < u64::from(*w) {
                return *e;
            }
            at -= u64::from(*w);
        }
        Episode::Valid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_mix_every_outcome_and_files_override_them() {
        let d = Scenario::parse("", "default").unwrap();
        for e in Episode::ALL {
            assert!(d.mix.weight(e) > 0, "{}", e.name());
        }
        assert_eq!(d.tokens.maxfail, 10);
        let s = Scenario::parse(
            "[mix]\nvalid = 1\nreplay = 0\n[tokens]\ntotp_share = 0\n",
            "f",
        )
        .unwrap();
        assert_eq!((s.mix.valid, s.mix.replay, s.mix.wrong_pin), (1, 0, 10));
        assert_eq!(s.tokens.totp_share, 0.0);
    }

    #[test]
    fn bad_files_are_refused_with_their_name() {
        let e = |t: &str| Scenario::parse(t, "s.toml").unwrap_err();
        assert!(e("[mix]\nvalidd = 1\n").starts_with("s.toml: "));
        assert!(e("[tokens]\ntotp_share = 2\n").contains("totp_share"));
        assert!(e("[tokens]\nmaxfail = 0\n").contains("maxfail"));
        assert!(e("[tokens]\nwithout_token = -1\n").contains("without_token"));
        assert!(e("[server]\nmode = \"optional\"\n").starts_with("s.toml: "));
        let m = Scenario::parse("[server]\nmode = \"create-token\"\n", "f").unwrap();
        assert_eq!(m.server.mode, ServerMode::CreateToken);
        let none = "[mix]\nvalid=0\nwrong_pin=0\nreplay=0\nlockout_reset=0\ndrift_inside=0\ndrift_beyond_resync=0\n";
        assert!(e(none).contains("HOTP"));
    }

    #[test]
    fn picks_follow_the_weights_and_the_token_kind() {
        let s = Scenario::parse("[mix]\nvalid = 1\nwrong_pin = 3\nreplay = 0\ndrift_inside = 0\ndrift_beyond_resync = 0\nskew_inside = 0\nskew_beyond = 0\nlockout_reset = 0\n", "f").unwrap();
        let picks: Vec<Episode> = (0..4).map(|r| s.pick(false, r)).collect();
        assert_eq!(
            picks,
            [
                Episode::Valid,
                Episode::WrongPin,
                Episode::WrongPin,
                Episode::WrongPin
            ]
        );
        let d = Scenario::default();
        for r in 0..200 {
            assert!(d.pick(true, r * 7919).applies(true));
            assert!(d.pick(false, r * 7919).applies(false));
        }
    }
}
