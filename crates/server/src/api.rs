//! The HTTP API's shapes, privacyIDEA's (docs/server.md), so that privacyIDEA clients work
//! unchanged: `serve` writes them, `login` and `simulate` read them (also from a real privacyIDEA,
//! whose extra fields are ignored).
use serde::{Deserialize, Serialize};
use softpass_core::secret::SecretString;
use std::fmt;

/// Every response: `{"result":{...},"detail":{...},"id","jsonrpc","time","version"}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Envelope<V, D = serde_json::Value> {
    pub result: ResultBody<V>,
    /// Absent when empty (privacyIDEA leaves it out); `null` on errors.
    #[serde(default = "none", skip_serializing_if = "Option::is_none")]
    pub detail: Option<D>,
    #[serde(default)]
    pub id: u32,
    #[serde(default)]
    pub jsonrpc: String,
    #[serde(default)]
    pub time: f64,
    #[serde(default)]
    pub version: String,
}

/// `result`: `status` is false only when the request itself failed (then `error` is set).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResultBody<V> {
    pub status: bool,
    #[serde(default = "none", skip_serializing_if = "Option::is_none")]
    pub value: Option<V>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication: Option<Authentication>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ApiError>,
}

fn none<V>() -> Option<V> {
    None
}

/// `result.authentication` of `/validate/check` and `/auth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Authentication {
    Accept,
    Reject,
    Challenge,
}

/// `result.error`: privacyIDEA's error code (905 missing parameter, 904 unknown user, 601 no
/// such token, 4031 wrong credentials, ...) and its message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: i64,
    pub message: String,
}

/// `detail` of `/validate/check`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckDetail {
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otplen: Option<u8>,
    /// Token type (`hotp`, `totp`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// Set with a `CHALLENGE`: answer it with this `transaction_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// privacyIDEA lists every open challenge's id here too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_ids: Option<Vec<String>>,
    /// privacyIDEA's challenge list (what a client prompts for).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_challenge: Option<Vec<Challenge>>,
}

/// One entry of `detail.multi_challenge`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    pub transaction_id: String,
    pub message: String,
    #[serde(default)]
    pub serial: String,
    /// The token type the challenge is for (for an enrolment: the type to be created).
    #[serde(rename = "type", default)]
    pub token_type: String,
    #[serde(default)]
    pub client_mode: String,
}

/// `result.value` of `POST /auth`. The token is the admin credential for its lifetime: held in
/// a [`SecretString`], not `Clone`, and `Debug` prints it redacted.
#[derive(Serialize, Deserialize)]
pub struct AuthValue {
    /// Send it back bare in `Authorization` or `PI-Authorization`.
    #[serde(with = "secret_text")]
    pub token: SecretString,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub realm: String,
}

impl fmt::Debug for AuthValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthValue")
            .field("token", &REDACTED)
            .field("role", &self.role)
            .field("username", &self.username)
            .field("realm", &self.realm)
            .finish()
    }
}

/// `detail.googleurl` (and `otpkey`) of `POST /token/init`: the values carry the token secret
/// (`otpauth://…secret=…`, `seed://HEX`, base32), so they are held and shown as [`AuthValue`]'s.
#[derive(Serialize, Deserialize)]
pub struct UrlValue {
    #[serde(default)]
    pub description: String,
    #[serde(default = "no_secret", with = "secret_text")]
    pub value: SecretString,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "opt_secret_text"
    )]
    pub value_b32: Option<SecretString>,
}

impl Default for UrlValue {
    fn default() -> Self {
        Self {
            description: String::new(),
            value: no_secret(),
            value_b32: None,
        }
    }
}

impl fmt::Debug for UrlValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UrlValue")
            .field("description", &self.description)
            .field("value", &REDACTED)
            .field("value_b32", &self.value_b32.as_ref().map(|_| REDACTED))
            .finish()
    }
}

/// `detail` of `POST /token/init`. Read leniently: other servers may leave fields out. `Debug`
/// shows the serial and state, the secrets redacted.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct InitDetail {
    pub serial: String,
    #[serde(default)]
    pub rollout_state: String,
    #[serde(default)]
    pub googleurl: UrlValue,
    #[serde(default)]
    pub otpkey: UrlValue,
}

/// What `Debug` prints for a secret.
const REDACTED: &str = "<redacted>";

fn no_secret() -> SecretString {
    SecretString::from("")
}

/// A [`SecretString`] on the wire: the plain JSON string (moved in and out, no extra copy).
mod secret_text {
    use serde::{Deserialize, Deserializer, Serializer};
    use softpass_core::secret::SecretString;

    pub fn serialize<S: Serializer>(v: &SecretString, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v.expose())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<SecretString, D::Error> {
        String::deserialize(d).map(SecretString::new)
    }
}

/// [`secret_text`] for an optional value.
mod opt_secret_text {
    use serde::{Deserialize, Deserializer, Serializer};
    use softpass_core::secret::SecretString;

    pub fn serialize<S: Serializer>(v: &Option<SecretString>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_some(v.expose()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SecretString>, D::Error> {
        Ok(Option::<String>::deserialize(d)?.map(SecretString::new))
    }
}

/// One entry of `GET /token/`'s `result.value.tokens` (privacyIDEA's names; `count` is the next
/// counter, `locked` is true while the fail counter is at its maximum). Read leniently:
/// privacyIDEA, for one, sends no `user` (it has `username`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInfo {
    pub serial: String,
    #[serde(default)]
    pub tokentype: String,
    /// HOTP: the next counter the server accepts; TOTP: the last accepted time step.
    #[serde(default)]
    pub count: u64,
    #[serde(default)]
    pub failcount: u32,
    #[serde(default)]
    pub maxfail: u32,
    #[serde(default)]
    pub locked: bool,
    /// The owner's login, `""` when unassigned.
    #[serde(default)]
    pub user: String,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub active: bool,
    #[serde(default)]
    pub revoked: bool,
    #[serde(default)]
    pub otplen: u8,
    #[serde(default)]
    pub count_window: u32,
    #[serde(default)]
    pub sync_window: u32,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub rollout_state: String,
    #[serde(default)]
    pub info: std::collections::BTreeMap<String, String>,
}

/// `result.value` of `GET /token/`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenList {
    pub count: usize,
    #[serde(default)]
    pub next: Option<u32>,
    #[serde(default)]
    pub prev: Option<u32>,
    #[serde(default)]
    pub tokens: Vec<TokenInfo>,
}

/// `result.value` of `POST /token/load`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadValue {
    pub n_imported: usize,
    pub n_not_imported: usize,
}

/// One entry of `GET /user/`'s `result.value`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    pub username: String,
    #[serde(default)]
    pub email: String,
}

/// The answer to `/validate/check`.
pub type CheckResponse = Envelope<bool, CheckDetail>;

/// `POST /enroll` (create-token mode): answers the `enrollment required` challenge of
/// `/validate/check`; `value` true when the activation e-mail was sent.
pub type EnrollResponse = Envelope<bool, CheckDetail>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_privacyideas_own_answer() {
        // A live privacyIDEA 3.14's reply to a replayed eToken (extra fields ignored).
        let text = r#"{"detail": {"message": "wrong otp value. previous otp used again", "otplen": 6, "serial": "HOTP0001", "threadid": 139732086553472, "type": "hotp"}, "id": 2, "jsonrpc": "2.0", "result": {"authentication": "REJECT", "status": true, "value": false}, "signature": "rsa_sha256_pss:4b44", "time": 1796123786.8761268, "version": "privacyIDEA 3.14", "versionnumber": "3.14"}"#;
        let r: CheckResponse = serde_json::from_str(text).unwrap();
        assert_eq!(r.result.authentication, Some(Authentication::Reject));
        assert_eq!(r.result.value, Some(false));
        let d = r.detail.unwrap();
        assert_eq!(d.serial.as_deref(), Some("HOTP0001"));
        assert_eq!(d.otplen, Some(6));
        let e = r#"{"detail": null, "id": 1, "result": {"error": {"code": 904, "message": "ERR904: User <nosuchuser@testrealm> does not exist."}, "status": false}}"#;
        let r: CheckResponse = serde_json::from_str(e).unwrap();
        assert!(!r.result.status);
        assert_eq!(r.result.error.unwrap().code, 904);
    }

    #[test]
    fn secrets_serialise_as_before_and_never_show_in_debug() {
        let detail = InitDetail {
            serial: "OATH0001".into(),
            rollout_state: "enrolled".into(),
            googleurl: UrlValue {
                description: "URL for google Authenticator".into(),
                value: SecretString::from("otpauth://hotp/OATH0001?secret=GEZDGNBV&counter=0"),
                value_b32: None,
            },
            otpkey: UrlValue {
                description: "OTP seed".into(),
                value: SecretString::from("seed://3132333435"),
                value_b32: Some(SecretString::from("GEZDGNBV")),
            },
        };
        // The bytes the String fields gave (field order, value_b32 left out when absent).
        let want = concat!(
            r#"{"serial":"OATH0001","rollout_state":"enrolled","googleurl":{"description":"#,
            r#""URL for google Authenticator","value":"otpauth://hotp/OATH0001?secret=GEZDGNBV&"#,
            r#"counter=0"},"otpkey":{"description":"OTP seed","value":"seed://3132333435","#,
            r#""value_b32":"GEZDGNBV"}}"#
        );
        assert_eq!(serde_json::to_string(&detail).unwrap(), want);
        let back: InitDetail = serde_json::from_str(want).unwrap();
        assert_eq!(back.otpkey.value_b32.unwrap().expose(), "GEZDGNBV");
        let auth = AuthValue {
            token: SecretString::from("eyJhbGciOiJIUzI1NiJ9.e30.sig"),
            role: "admin".into(),
            username: "admin".into(),
            realm: String::new(),
        };
        let text = r#"{"token":"eyJhbGciOiJIUzI1NiJ9.e30.sig","role":"admin","username":"admin","realm":""}"#;
        assert_eq!(serde_json::to_string(&auth).unwrap(), text);
        let shown = format!("{detail:?} {auth:?}");
        for secret in ["GEZDGNBV", "3132333435", "eyJhbG"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(
            shown.contains("OATH0001") && shown.contains("<redacted>"),
            "{shown}"
        );
        // A lenient read: privacyIDEA may leave fields out.
        let d: InitDetail = serde_json::from_str(r#"{"serial":"S"}"#).unwrap();
        assert_eq!(d.googleurl.value.expose(), "");
    }
}
