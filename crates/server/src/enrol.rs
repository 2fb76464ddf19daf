//! What `/token/init` reads and makes: the token's OTP parameters and key from privacyIDEA's
//! parameters (`type`, `otplen`, `hashlib`, `timeStep`, `otpkey`/`genkey`), and the
//! `otpauth://` URI an authenticator app or `softpass import --uri` reads.
use crate::failure::Failure;
use crate::keys::random;
use crate::params::Params;
use softpass_core::secret::{SecretBytes, SecretString};
use softpass_core::token::{Algorithm, Kind, OtpParams};

pub(crate) fn otp_params(p: &Params) -> Result<OtpParams, Failure> {
    let kind = match p.non_empty("type").map(str::to_ascii_lowercase).as_deref() {
        None | Some("hotp") => Kind::Hotp,
        Some("totp") => Kind::Totp,
        Some(_) => return Err(Failure::param("Invalid token type: choose hotp or totp.")),
    };
    let digits = match p.non_empty("otplen") {
        None => 6,
        Some(d) => d
            .parse::<u8>()
            .ok()
            .filter(|d| (OtpParams::MIN_DIGITS..=OtpParams::MAX_DIGITS).contains(d))
            .ok_or_else(|| Failure::param("Invalid otplen: 6 to 10 digits."))?,
    };
    let algorithm = match p.non_empty("hashlib") {
        None => Algorithm::Sha1,
        Some(h) => Algorithm::from_name(h)
            .ok_or_else(|| Failure::param("Invalid hashlib: sha1, sha256 or sha512."))?,
    };
    let period = match p.non_empty("timeStep") {
        None => 30,
        Some(t) => t
            .parse::<u32>()
            .ok()
            .filter(|t| *t >= 1)
            .ok_or_else(|| Failure::param("Invalid timeStep: a number of seconds."))?,
    };
    Ok(OtpParams {
        kind,
        algorithm,
        digits,
        period,
        t0: 0,
    })
}

pub(crate) fn key_param(p: &Params, alg: Algorithm) -> Result<SecretBytes, Failure> {
    let genkey = p
        .non_empty("genkey")
        .is_some_and(|g| g == "1" || g.eq_ignore_ascii_case("true"));
    match p.non_empty("otpkey") {
        // privacyIDEA: genkey wins over otpkey; no otpkey means genkey.
        Some(k) if !genkey => hex::decode(k.trim())
            .ok()
            .filter(|b| !b.is_empty())
            .map(SecretBytes::new)
            .ok_or_else(|| Failure::param("Invalid otpkey: hexadecimal digits.")),
        _ => {
            let n = match alg {
                Algorithm::Sha1 => 20,
                Algorithm::Sha256 => 32,
                Algorithm::Sha512 => 64,
            };
            let mut b = vec![0u8; n];
            random(&mut b);
            Ok(SecretBytes::new(b))
        }
    }
}

/// The `otpauth://` URI an authenticator app (or `softpass import --uri`) reads.
pub(crate) fn otpauth(serial: &str, params: &OtpParams, secret: &[u8], count: u64) -> SecretString {
    let b32 = data_encoding::BASE32_NOPAD.encode(secret);
    let moving = match params.kind {
        Kind::Totp => format!("period={}", params.period),
        _ => format!("counter={count}"),
    };
    SecretString::new(format!(
        "otpauth://{}/{serial}?secret={b32}&{moving}&digits={}&algorithm={}&issuer=softpass&serial={serial}",
        params.kind.as_str(),
        params.digits,
        params.algorithm.as_str().to_ascii_uppercase()
    ))
}
