//! The admin credential: `Authorization: Bearer <admin.key>`, or the session token `POST /auth`
//! hands out (an HS256 JWT keyed from admin.key, so every node sharing admin.key accepts it),
//! sent bare in `PI-Authorization` or `Authorization` as privacyIDEA's clients send it.
use crate::failure::Failure;
use crate::keys::{mac, random};
use axum::http::HeaderMap;
use data_encoding::BASE64URL_NOPAD as B64;
use serde_json::json;
use softpass_core::secret::SecretString;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// How long a session token is good for (privacyIDEA's default: one hour).
pub const SESSION_SECONDS: u64 = 3600;

pub struct AdminAuth {
    key: SecretString,
    session_key: Zeroizing<[u8; 32]>,
}

impl AdminAuth {
    pub fn new(key: SecretString) -> Self {
        let session_key =
            Zeroizing::new(mac(key.expose().as_bytes(), b"softpass admin sessions v1"));
        Self { key, session_key }
    }

    /// `POST /auth`: a session token for the right admin password.
    pub fn login(
        &self,
        username: Option<&str>,
        password: Option<&str>,
        now: u64,
    ) -> Result<String, Failure> {
        let Some(user) = username.filter(|u| !u.is_empty()) else {
            return Err(Failure::auth(
                4032,
                "Authentication failure. Missing Username",
            ));
        };
        // A file read whole may bring its line ending along (older admin.key files end with one).
        let pw_ok = password.is_some_and(|p| self.key.ct_eq(p.trim_end_matches(['\n', '\r'])));
        if user != "admin" || !pw_ok {
            return Err(Failure::auth(4031, "Authentication failed."));
        }
        let mut nonce = [0u8; 16];
        random(&mut nonce);
        let header = B64.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let claims = json!({"username": "admin", "realm": "", "role": "admin",
            "authtype": "password", "exp": now + SESSION_SECONDS, "nonce": hex::encode(nonce)});
        let payload = B64.encode(claims.to_string().as_bytes());
        let signed = format!("{header}.{payload}");
        let sig = B64.encode(&mac(self.session_key.as_ref(), signed.as_bytes()));
        Ok(format!("{signed}.{sig}"))
    }

    fn session(&self, token: &str, now: u64) -> Result<(), Failure> {
        let bad = |why: &str| {
            Failure::auth(
                4304,
                format!("Authentication failure. Error decoding the Authorization token: {why}"),
            )
        };
        let parts: Vec<&str> = token.split('.').collect();
        let [header, payload, sig] = parts[..] else {
            return Err(bad("Not enough segments"));
        };
        let sig = B64
            .decode(sig.as_bytes())
            .map_err(|_| bad("Invalid crypto padding"))?;
        let want = mac(
            self.session_key.as_ref(),
            format!("{header}.{payload}").as_bytes(),
        );
        if !bool::from(want.as_slice().ct_eq(&sig)) {
            return Err(bad("Signature verification failed"));
        }
        let claims: serde_json::Value = B64
            .decode(payload.as_bytes())
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .ok_or_else(|| bad("Invalid payload"))?;
        match claims["exp"].as_u64() {
            Some(exp) if exp > now => Ok(()),
            _ => Err(Failure::auth(
                4305,
                "Authentication failure. Your token has expired: Signature has expired",
            )),
        }
    }

    /// Checks a request's headers for the admin credential.
    pub fn check(&self, headers: &HeaderMap, now: u64) -> Result<(), Failure> {
        let get = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).map(str::trim);
        if let Some(t) = get("PI-Authorization") {
            return self.session(t, now);
        }
        let Some(value) = get("Authorization") else {
            return Err(Failure::auth(
                4033,
                "Authentication failure. Missing Authorization header.",
            ));
        };
        match value.strip_prefix("Bearer ") {
            Some(k) if self.key.ct_eq(k.trim()) => Ok(()),
            Some(_) => Err(Failure::auth(4031, "Authentication failed.")),
            None => self.session(value, now),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(name: &'static str, v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn bearer_key_and_session_tokens() {
        let a = AdminAuth::new(SecretString::from("k3y"));
        assert!(a.check(&headers("authorization", "Bearer k3y"), 0).is_ok());
        assert_eq!(
            a.check(&headers("authorization", "Bearer nope"), 0)
                .unwrap_err()
                .code,
            4031
        );
        assert_eq!(a.check(&HeaderMap::new(), 0).unwrap_err().code, 4033);
        assert_eq!(
            a.check(&headers("authorization", "garbage"), 0)
                .unwrap_err()
                .code,
            4304
        );
        let t = a.login(Some("admin"), Some("k3y"), 100).unwrap();
        assert!(a.check(&headers("authorization", &t), 100).is_ok());
        assert!(a.check(&headers("pi-authorization", &t), 100).is_ok());
        assert_eq!(
            a.check(&headers("authorization", &t), 100 + SESSION_SECONDS)
                .unwrap_err()
                .code,
            4305
        );
        // Another admin.key: the token does not verify.
        let b = AdminAuth::new(SecretString::from("other"));
        assert_eq!(
            b.check(&headers("authorization", &t), 100)
                .unwrap_err()
                .code,
            4304
        );
        assert_eq!(a.login(None, Some("k3y"), 0).unwrap_err().code, 4032);
        assert_eq!(
            a.login(Some("admin"), Some("k3"), 0).unwrap_err().code,
            4031
        );
    }
}
