//! Clients that log in: an HTTP client for privacyIDEA-compatible servers ([`http`]) and a
//! RADIUS client ([`radius`]). Used by `softpass login` and `softpass simulate`.
mod form;
pub mod http;
pub mod radius;

pub use http::{Admin, PiClient};
pub use radius::{RadiusAnswer, RadiusClient};

use softpass_core::ErrorKind;
use thiserror::Error;

/// Why a request to a server did not produce an answer. Messages never hold a secret.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ClientError {
    #[error("{url}: not an http:// URL (https is not built in; use a local TLS proxy)")]
    BadUrl { url: String },
    #[error("cannot reach {server}: {reason}")]
    Unreachable { server: String, reason: String },
    #[error("{server}: no answer within {secs:.1} s")]
    Timeout { server: String, secs: f64 },
    #[error("{server}{path}: HTTP {status}, not a privacyIDEA answer: {reason}")]
    BadAnswer {
        server: String,
        path: String,
        status: u16,
        reason: String,
    },
    /// The server answered with `result.status: false` (privacyIDEA's error envelope).
    #[error("{path}: the server refused: {message}")]
    Refused {
        path: String,
        status: u16,
        code: i64,
        message: String,
    },
    #[error("RADIUS: {0}")]
    Radius(#[from] softpass_core::radius::RadiusError),
    #[error("{0}")]
    Io(String),
}

impl ClientError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            ClientError::BadUrl { .. } => ErrorKind::Usage,
            ClientError::Radius(_) => ErrorKind::Invalid,
            _ => ErrorKind::Failure,
        }
    }
}
