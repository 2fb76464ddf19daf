//! The HTTP API's shapes, privacyIDEA's (docs/server.md), so that privacyIDEA clients work
//! unchanged: `serve` writes them, `login` and `simulate` read them (also from a real privacyIDEA,
//! whose extra fields are ignored).
use serde::{Deserialize, Serialize};

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

/// `result.value` of `POST /auth`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthValue {
    /// Send it back bare in `Authorization` or `PI-Authorization`.
    pub token: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub realm: String,
}

/// `detail.googleurl` (and `otpkey`) of `POST /token/init`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrlValue {
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_b32: Option<String>,
}

/// `detail` of `POST /token/init`. Read leniently: other servers may leave fields out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InitDetail {
    pub serial: String,
    #[serde(default)]
    pub rollout_state: String,
    #[serde(default)]
    pub googleurl: UrlValue,
    #[serde(default)]
    pub otpkey: UrlValue,
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
}
