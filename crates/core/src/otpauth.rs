//! `otpauth://` key URIs (Google Authenticator Key Uri Format): parse and emit hotp/totp.
//!
//! What is accepted and emitted, exactly, is in docs/otpauth.md. Errors name the field and, for bad
//! percent-escapes, the 1-based character position in the URI; the secret is never echoed.
use crate::base32::{self, Base32Error};
use crate::secret::{SecretBytes, SecretString};
use crate::token::{Algorithm, Kind, OtpParams};
use std::fmt::Write as _;
use thiserror::Error;
use zeroize::Zeroizing;

#[derive(Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum UriError {
    #[error("invalid otpauth URI: {0}")]
    Invalid(String),
    #[error("invalid otpauth URI: it must start with otpauth://")]
    Scheme,
    #[error("invalid otpauth URI: type {0:?} is not hotp or totp")]
    Type(String),
    /// `position` is the 1-based character position of the `%` in the URI.
    #[error("invalid otpauth URI: bad percent-escape in {field} at position {position}")]
    Percent { field: String, position: usize },
    #[error("invalid otpauth URI: {0} is not valid UTF-8 once percent-decoded")]
    Utf8(String),
    #[error("invalid otpauth URI: parameter {0} appears more than once")]
    Duplicate(String),
    #[error("invalid otpauth URI: the secret parameter is missing")]
    MissingSecret,
    #[error("invalid otpauth URI: secret parameter: {0}")]
    Secret(#[source] Base32Error),
    #[error("invalid otpauth URI: algorithm {0:?} is not SHA1, SHA256 or SHA512")]
    Algorithm(String),
    #[error("invalid otpauth URI: digits {0:?} is not a number from 6 to 10")]
    Digits(String),
    #[error("invalid otpauth URI: an otpauth://hotp/ URI needs a counter parameter")]
    MissingCounter,
    #[error("invalid otpauth URI: counter {0:?} is not a number from 0 to 18446744073709551615")]
    Counter(String),
    #[error("invalid otpauth URI: period {0:?} is not a number of seconds from 1 to 4294967295")]
    Period(String),
}

/// A decoded key URI. Holds the secret: no `Debug`, no `Clone`.
pub struct KeyUri {
    /// `Kind::Hotp` or `Kind::Totp`.
    pub kind: Kind,
    /// Label issuer prefix or `issuer=` parameter.
    pub issuer: Option<String>,
    /// Label account name.
    pub account: String,
    pub secret: SecretBytes,
    pub algorithm: Algorithm,
    pub digits: u8,
    /// HOTP: the next counter.
    pub counter: u64,
    /// TOTP: step in seconds.
    pub period: u32,
}

/// A value quoted in an error: shortened so a hostile URI cannot make a huge message.
fn quoted(v: &str) -> String {
    const MAX: usize = 24;
    if v.chars().count() <= MAX {
        v.to_owned()
    } else {
        let mut s: String = v.chars().take(MAX).collect();
        s.push('…');
        s
    }
}

/// Percent-decode `part`, a slice of `uri`; `plus_is_space` for query values (form encoding).
fn decode(
    uri: &str,
    part: &str,
    field: &str,
    plus_is_space: bool,
) -> Result<Zeroizing<String>, UriError> {
    let bytes = part.as_bytes();
    let mut out = Zeroizing::new(Vec::with_capacity(bytes.len()));
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).and_then(|h| {
                    let h = std::str::from_utf8(h).ok()?;
                    u8::from_str_radix(h, 16)
                        .ok()
                        .filter(|_| !h.starts_with('+'))
                });
                let Some(b) = hex else {
                    // Offsets of a subslice of `uri`, turned into a character position.
                    let start = part.as_ptr() as usize - uri.as_ptr() as usize + i;
                    let position = uri.get(..start).map_or(0, |p| p.chars().count()) + 1;
                    return Err(UriError::Percent {
                        field: field.to_owned(),
                        position,
                    });
                };
                out.push(b);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    let bytes = std::mem::take(&mut *out);
    String::from_utf8(bytes).map(Zeroizing::new).map_err(|e| {
        let mut bytes = e.into_bytes();
        zeroize::Zeroize::zeroize(&mut bytes);
        UriError::Utf8(field.to_owned())
    })
}

/// Percent-encode everything but RFC 3986 unreserved characters.
fn encode_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// The parameters of a query, each at most once.
#[derive(Default)]
struct Params {
    secret: Option<Zeroizing<String>>,
    issuer: Option<Zeroizing<String>>,
    algorithm: Option<Zeroizing<String>>,
    digits: Option<Zeroizing<String>>,
    counter: Option<Zeroizing<String>>,
    period: Option<Zeroizing<String>>,
}

impl Params {
    fn read(uri: &str, query: &str) -> Result<Self, UriError> {
        let mut p = Params::default();
        for pair in query.split('&').filter(|s| !s.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode(uri, k, "a parameter name", true)?;
            let key = key.to_ascii_lowercase();
            let slot = match key.as_str() {
                "secret" => &mut p.secret,
                "issuer" => &mut p.issuer,
                "algorithm" => &mut p.algorithm,
                "digits" => &mut p.digits,
                "counter" => &mut p.counter,
                "period" => &mut p.period,
                // image, color, lock and other app extensions carry nothing we need.
                _ => continue,
            };
            if slot.is_some() {
                return Err(UriError::Duplicate(key));
            }
            *slot = Some(decode(uri, v, &key, true)?);
        }
        Ok(p)
    }
}

/// Issuer and account from the label and the issuer parameter. The parameter wins over the
/// label prefix (Key Uri Format); a label that starts with exactly that issuer loses it even when
/// the issuer itself contains a colon.
fn split_label(label: &str, param_issuer: Option<&str>) -> (Option<String>, String) {
    let param_issuer = param_issuer.filter(|s| !s.is_empty());
    let (prefix, account) = match param_issuer.and_then(|i| {
        label
            .strip_prefix(i)
            .and_then(|r| r.strip_prefix(':'))
            .map(|r| (i, r))
    }) {
        Some((i, account)) => (Some(i), account),
        None => match label.split_once(':') {
            Some((prefix, account)) => (Some(prefix), account),
            None => (None, label),
        },
    };
    let issuer = param_issuer
        .or(prefix.filter(|s| !s.is_empty()))
        .map(str::to_owned);
    (issuer, account.trim_start_matches(' ').to_owned())
}

impl KeyUri {
    pub fn parse(uri: &str) -> Result<Self, UriError> {
        let trimmed = uri.trim();
        let rest = strip_prefix_ignore_case(trimmed, "otpauth://").ok_or(UriError::Scheme)?;
        let rest = rest.split_once('#').map_or(rest, |(r, _)| r);
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (ty, raw_label) = path.split_once('/').unwrap_or((path, ""));
        let kind = match ty.to_ascii_lowercase().as_str() {
            "hotp" => Kind::Hotp,
            "totp" => Kind::Totp,
            _ => return Err(UriError::Type(quoted(ty))),
        };
        // Error positions count from the start of `uri` as given (every part is a slice of it).
        let p = Params::read(uri, query)?;
        let label = decode(uri, raw_label, "the label", false)?;

        let (issuer, account) = split_label(&label, p.issuer.as_deref().map(String::as_str));
        let secret = p
            .secret
            .as_deref()
            .map(String::as_str)
            .ok_or(UriError::MissingSecret)?;
        let secret = base32::decode_lenient(secret).map_err(UriError::Secret)?;
        let algorithm = match p.algorithm.as_deref().map(String::as_str) {
            None => Algorithm::Sha1,
            Some(a) => Algorithm::from_name(a).ok_or_else(|| UriError::Algorithm(quoted(a)))?,
        };
        let digits = match p.digits.as_deref().map(String::as_str) {
            None => 6,
            Some(d) => d
                .parse::<u8>()
                .ok()
                .filter(|d| (OtpParams::MIN_DIGITS..=OtpParams::MAX_DIGITS).contains(d))
                .ok_or_else(|| UriError::Digits(quoted(d)))?,
        };
        // Each type ignores the other's parameter (unchecked), so what we emit reads back the same.
        let counter = match (kind, p.counter.as_deref().map(String::as_str)) {
            (Kind::Hotp, Some(c)) => c.parse::<u64>().map_err(|_| UriError::Counter(quoted(c)))?,
            (Kind::Hotp, None) => return Err(UriError::MissingCounter),
            _ => 0,
        };
        let period = match (kind, p.period.as_deref().map(String::as_str)) {
            (Kind::Totp, Some(s)) => s
                .parse::<u32>()
                .ok()
                .filter(|&s| s > 0)
                .ok_or_else(|| UriError::Period(quoted(s)))?,
            _ => 30,
        };
        Ok(KeyUri {
            kind,
            issuer,
            account,
            secret,
            algorithm,
            digits,
            counter,
            period,
        })
    }

    /// The URI carries the secret, so it is returned as a [`SecretString`].
    ///
    /// Always `otpauth://TYPE/LABEL?secret=..[&issuer=..]&algorithm=..&digits=..&counter|period=..`;
    /// a MobilePASS token is emitted as `hotp` (its secret is then the derived key).
    pub fn to_uri(&self) -> SecretString {
        // Sized for the worst case (every label byte escaped) so the buffer holding the secret is
        // never reallocated, which would leave an unzeroized copy behind.
        let issuer_len = self.issuer.as_ref().map_or(0, String::len);
        let capacity = 96 + 3 * (self.account.len() + 2 * issuer_len) + self.secret.len() * 2;
        let mut s = String::with_capacity(capacity);
        s.push_str("otpauth://");
        s.push_str(match self.kind {
            Kind::Totp => "totp",
            Kind::Hotp | Kind::Mobilepass => "hotp",
        });
        s.push('/');
        let issuer = self.issuer.as_deref().filter(|i| !i.is_empty());
        match issuer {
            Some(i) => {
                encode_into(&mut s, i);
                s.push(':');
            }
            // Without an issuer, a colon in the account would read as a prefix: an empty prefix
            // keeps the account whole.
            None if self.account.contains(':') => s.push(':'),
            None => {}
        }
        encode_into(&mut s, &self.account);
        s.push_str("?secret=");
        let secret = Zeroizing::new(base32::encode(self.secret.expose()));
        s.push_str(&secret);
        if let Some(i) = issuer {
            s.push_str("&issuer=");
            encode_into(&mut s, i);
        }
        s.push_str("&algorithm=");
        s.push_str(&self.algorithm.as_str().to_ascii_uppercase());
        // Writing to a String cannot fail.
        let _ = write!(s, "&digits={}", self.digits);
        let _ = match self.kind {
            Kind::Totp => write!(s, "&period={}", self.period),
            Kind::Hotp | Kind::Mobilepass => write!(s, "&counter={}", self.counter),
        };
        SecretString::new(s)
    }

    /// `Issuer:account`, or the account alone: the default token name on import.
    pub fn label(&self) -> String {
        match self.issuer.as_deref().filter(|i| !i.is_empty()) {
            Some(i) => format!("{i}:{}", self.account),
            None => self.account.clone(),
        }
    }

    /// The parameters to build a generator with (T0 is always 0 in a key URI).
    pub fn otp_params(&self) -> OtpParams {
        match self.kind {
            Kind::Totp => OtpParams::totp(self.algorithm, self.digits, self.period),
            _ => OtpParams::hotp(self.algorithm, self.digits),
        }
    }
}
