//! A request that failed, as privacyIDEA reports it: HTTP status, error code and message
//! (`result.error`; docs/server.md, "Errors"). Bad input is 4xx, never a crash.
use crate::error::StoreError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub status: u16,
    pub code: i64,
    pub message: String,
}

impl Failure {
    pub fn new(status: u16, code: i64, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    /// 905, privacyIDEA's ParameterError: `ERR905: Missing parameter: NAME`.
    pub fn missing(name: &str) -> Self {
        Self::new(400, 905, format!("ERR905: Missing parameter: {name}"))
    }

    /// 905 with privacyIDEA's own wording of the problem.
    pub fn param(message: impl std::fmt::Display) -> Self {
        Self::new(400, 905, format!("ERR905: {message}"))
    }

    /// 904, UserError.
    pub fn user(message: impl std::fmt::Display) -> Self {
        Self::new(400, 904, format!("ERR904: {message}"))
    }

    /// 601, ResourceNotFoundError (HTTP 404, no prefix).
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(404, 601, message)
    }

    /// 301, TokenAdminError.
    pub fn token_admin(message: impl std::fmt::Display) -> Self {
        Self::new(400, 301, format!("ERR301: {message}"))
    }

    /// The 401s of the admin credential check (4031, 4033, 4304, 4305).
    pub fn auth(code: i64, message: impl Into<String>) -> Self {
        Self::new(401, code, message)
    }

    /// The store failed: not the request's fault (503 where trying again may work).
    pub fn store(e: &StoreError) -> Self {
        let status = if matches!(e, StoreError::Contention | StoreError::Busy) {
            503
        } else {
            500
        };
        Self::new(
            status,
            -500,
            format!("The server could not complete the request: {e}"),
        )
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::store(&e)
    }
}
