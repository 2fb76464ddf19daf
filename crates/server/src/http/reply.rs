//! Building responses: privacyIDEA's envelope (`result`, `detail`, `id`, `jsonrpc`, `time`,
//! `version`), its error shape, and the cache headers it sends.
use crate::failure::Failure;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// `version` in every envelope: this server, and the privacyIDEA API it speaks.
pub const VERSION: &str = concat!(
    "softpass ",
    env!("CARGO_PKG_VERSION"),
    " (privacyIDEA 3.14 API)"
);

fn time() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

fn json_response(status: StatusCode, body: &Value, no_store: bool) -> Response {
    let mut r = (status, body.to_string()).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let cache = if no_store { "no-store" } else { "no-cache" };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    r
}

/// A successful request. `id` is 2 for /validate/check and /auth (privacyIDEA's rid), else 1.
pub struct Ok {
    pub id: u32,
    pub value: Value,
    pub authentication: Option<&'static str>,
    pub detail: Option<Value>,
    pub no_store: bool,
}

impl Ok {
    pub fn value(value: Value) -> Self {
        Self {
            id: 1,
            value,
            authentication: None,
            detail: None,
            no_store: false,
        }
    }

    pub fn into_response(self) -> Response {
        let mut result = json!({"status": true, "value": self.value});
        if let Some(a) = self.authentication {
            result["authentication"] = json!(a);
        }
        let mut body = json!({
            "id": self.id, "jsonrpc": "2.0", "result": result, "time": time(),
            "version": VERSION, "versionnumber": "3.14",
        });
        if let Some(d) = self.detail {
            body["detail"] = d;
        }
        json_response(StatusCode::OK, &body, self.no_store)
    }
}

/// A failed request: `result.error` and its HTTP status.
pub fn failure(f: &Failure) -> Response {
    let body = json!({
        "detail": null, "id": 1, "jsonrpc": "2.0",
        "result": {"error": {"code": f.code, "message": f.message}, "status": false},
        "time": time(), "version": VERSION,
    });
    let status = StatusCode::from_u16(f.status).unwrap_or(StatusCode::BAD_REQUEST);
    json_response(status, &body, false)
}

/// A plain-text response (`/metrics`).
pub fn text(body: String, content_type: &'static str) -> Response {
    let mut r = body.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}
