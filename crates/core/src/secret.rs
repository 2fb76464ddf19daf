//! Holders for secret bytes and strings: zeroized on drop, no `Debug`, no `Clone`, constant-time eq.
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// Secret key material (OTP secrets, derived keys). Deliberately neither `Debug` nor `Clone`.
pub struct SecretBytes(Zeroizing<Vec<u8>>);

impl SecretBytes {
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(Zeroizing::new(bytes))
    }
    pub fn from_slice(bytes: &[u8]) -> Self {
        Self::new(bytes.to_vec())
    }
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// An explicit copy: secrets are never duplicated by accident through `Clone`.
    pub fn duplicate(&self) -> Self {
        Self::from_slice(&self.0)
    }
    /// Constant-time comparison.
    pub fn ct_eq(&self, other: &[u8]) -> bool {
        self.0.as_slice().ct_eq(other).into()
    }
}

/// A secret string (application PIN, OTP PIN, activation key, URI with a secret). Not `Debug`/`Clone`.
pub struct SecretString(Zeroizing<String>);

impl SecretString {
    pub fn new(s: String) -> Self {
        Self(Zeroizing::new(s))
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn duplicate(&self) -> Self {
        Self::new(self.0.as_str().to_owned())
    }
    /// Constant-time comparison (length is not hidden; PIN lengths are not secret enough to matter).
    pub fn ct_eq(&self, other: &str) -> bool {
        self.0.as_bytes().ct_eq(other.as_bytes()).into()
    }
}

impl From<&str> for SecretString {
    fn from(s: &str) -> Self {
        Self::new(s.to_owned())
    }
}

impl From<String> for SecretString {
    fn from(s: String) -> Self {
        Self::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_in_constant_time_and_by_value() {
        let s = SecretString::from("4089");
        assert!(s.ct_eq("4089"));
        assert!(!s.ct_eq("4088"));
        assert!(!s.ct_eq("40891"));
        let b = SecretBytes::from_slice(b"abc");
        assert!(b.ct_eq(b"abc"));
        assert!(!b.ct_eq(b"abd"));
        assert_eq!(b.duplicate().expose(), b"abc");
    }
}
