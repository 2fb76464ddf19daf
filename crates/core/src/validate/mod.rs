//! The OTP service's validation rules (docs/server.md), modelled on privacyIDEA 3.14 so that a
//! client or test written against privacyIDEA sees the same answers. Pure: the time, the stored
//! token state and the PIN check's result come in; the verdict and the state to store go out.

/// The outcome of checking one "OTP PIN + eToken" against a user's or a serial's tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Verdict {
    /// Exactly one token accepted the value.
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
}

impl Verdict {
    /// `detail.message` exactly as privacyIDEA 3.14 words it.
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
        }
    }

    pub fn accepted(self) -> bool {
        self == Verdict::Accept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_privacyideas() {
        // Observed on a live privacyIDEA 3.14 (/validate/check detail.message).
        assert_eq!(Verdict::Accept.message(), "matching 1 tokens");
        assert_eq!(
            Verdict::Replay.message(),
            "wrong otp value. previous otp used again"
        );
        assert_eq!(
            Verdict::FailcounterExceeded.message(),
            "Failcounter exceeded"
        );
    }
}
