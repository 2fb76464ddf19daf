//! "OTP PIN + eToken": the value a user types into a login (the Parallels Client copies it), joined
//! by the client and split again by the service, by the token's number of digits.
use crate::secret::SecretString;

/// The OTP PIN (if any) followed by the eToken.
pub fn join(otp_pin: Option<&SecretString>, etoken: &str) -> SecretString {
    let pin = otp_pin.map_or("", SecretString::expose);
    let mut out = String::with_capacity(pin.len() + etoken.len());
    out.push_str(pin);
    out.push_str(etoken);
    SecretString::new(out)
}

/// Splits a typed value into (OTP PIN, eToken): the eToken is the last `digits` characters.
/// `None` when the value is shorter than an eToken.
pub fn split(pass: &str, digits: u8) -> Option<(&str, &str)> {
    let n = pass.chars().count().checked_sub(usize::from(digits))?;
    let at = pass.char_indices().nth(n).map_or(pass.len(), |(i, _)| i);
    Some(pass.split_at(at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_and_split_are_inverse() {
        let pin = SecretString::from("4711");
        let joined = join(Some(&pin), "755224");
        assert_eq!(joined.expose(), "4711755224");
        assert_eq!(split(joined.expose(), 6), Some(("4711", "755224")));
        assert_eq!(join(None, "755224").expose(), "755224");
        assert_eq!(split("755224", 6), Some(("", "755224")));
        assert_eq!(split("75522", 6), None);
        // Characters, not bytes: a non-ASCII OTP PIN keeps whole characters.
        assert_eq!(split("pä12345678", 8), Some(("pä", "12345678")));
    }
}
