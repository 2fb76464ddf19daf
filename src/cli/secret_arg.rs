//! A secret given on the command line (activation key, OTP PIN, base32 secret, URI): zeroized on
//! drop and redacted in `Debug`, so a derived `Debug` of the parsed arguments never shows it.
use std::fmt;
use std::str::FromStr;
use zeroize::Zeroizing;

/// clap needs `Clone` for argument values; the copies live only while arguments are parsed.
#[derive(Clone)]
pub struct SecretArg(Zeroizing<String>);

impl SecretArg {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Lets the shells borrow it as `&str` (`as_deref()`, deref coercion) without copying.
impl std::ops::Deref for SecretArg {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretArg(<redacted>)")
    }
}

impl FromStr for SecretArg {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self(Zeroizing::new(s.to_owned())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s: SecretArg = "YZQHoczZWw3cBCNo".parse().unwrap();
        assert!(!format!("{s:?}").contains("YZQH"));
        assert_eq!(s.as_str(), "YZQHoczZWw3cBCNo");
    }
}
