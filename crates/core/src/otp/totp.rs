//! TOTP (RFC 6238): HOTP over T = floor((time - T0) / period); the time is always passed in.
use super::{Code, Hotp, OtpError};

/// Holds a keyed [`Hotp`], so not `Clone`: copy it with [`Totp::duplicate`].
pub struct Totp {
    hotp: Hotp,
    period: u32,
    t0: u64,
}

impl Totp {
    pub fn new(hotp: Hotp, period: u32, t0: u64) -> Result<Self, OtpError> {
        if period == 0 {
            return Err(OtpError::Period);
        }
        Ok(Self { hotp, period, t0 })
    }

    /// An explicit copy of the generator.
    pub fn duplicate(&self) -> Self {
        Self {
            hotp: self.hotp.duplicate(),
            period: self.period,
            t0: self.t0,
        }
    }

    pub fn hotp(&self) -> &Hotp {
        &self.hotp
    }

    pub fn period(&self) -> u32 {
        self.period
    }

    /// The time-step counter at Unix time `time`.
    pub fn step_at(&self, time: u64) -> Result<u64, OtpError> {
        let since = time
            .checked_sub(self.t0)
            .ok_or(OtpError::BeforeT0 { time, t0: self.t0 })?;
        Ok(since / u64::from(self.period))
    }

    /// Seconds until the code valid at `time` expires (1..=period).
    pub fn valid_for(&self, time: u64) -> u32 {
        let since = time.saturating_sub(self.t0);
        self.period - (since % u64::from(self.period)) as u32
    }

    /// The code at `time`.
    pub fn code_at(&self, time: u64) -> Result<Code, OtpError> {
        Ok(self.hotp.code(self.step_at(time)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::Algorithm;

    #[test]
    fn steps_and_validity() {
        let h = Hotp::new(Algorithm::Sha1, b"12345678901234567890", 8).unwrap();
        let t = Totp::new(h, 30, 0).unwrap();
        // RFC 6238 Appendix B, first row.
        assert_eq!(t.code_at(59).unwrap().to_string(), "94287082");
        assert_eq!(t.step_at(59).unwrap(), 1);
        assert_eq!(t.valid_for(59), 1);
        assert_eq!(t.valid_for(60), 30);
        let t = Totp::new(t.hotp().duplicate(), 30, 100).unwrap();
        assert_eq!(t.step_at(99), Err(OtpError::BeforeT0 { time: 99, t0: 100 }));
        assert!(Totp::new(t.hotp().duplicate(), 0, 0).is_err());
        // RFC 6238 Appendix B, T = 1111111109 (T0 = 0 again), from a copy.
        let t = Totp::new(t.hotp().duplicate(), 30, 0).unwrap().duplicate();
        assert_eq!(t.code_at(1111111109).unwrap().to_string(), "07081804");
    }
}
