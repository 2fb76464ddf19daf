//! The server's typed errors: what stops a node from starting or a store call from finishing.
//! None of them carries a secret (no PIN, no eToken, no key material).
use softpass_core::ErrorKind;
use std::path::PathBuf;
use thiserror::Error;

#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ServerError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}: not a softpass key file (one line, base64url of 32 bytes)")]
    BadKeyFile(PathBuf),
    #[error(
        "the database was set up with another server.key: copy the server.key of the other nodes into the data folder (nothing was changed)"
    )]
    KeyMismatch,
    #[error(
        "the database has schema version {found}, newer than this softpass supports ({supported}): upgrade softpass (nothing was changed)"
    )]
    SchemaNewer { found: i64, supported: i64 },
    #[error("database: {0}")]
    Store(#[from] StoreError),
    #[error("--db {0}: expected sqlite:PATH or postgres://...")]
    BadDbUrl(String),
    #[error("{path}, line {line}: {reason}")]
    UsersFile {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    #[error(
        "{0}: no such file; --radius needs it: one `ADDR-OR-CIDR SECRET` line per RADIUS client"
    )]
    RadiusClientsMissing(PathBuf),
    #[error("{path}: {source}")]
    RadiusClients {
        path: PathBuf,
        source: softpass_core::radius::ClientsError,
    },
    /// `--smtp` or `--mail-from` that cannot be used.
    #[error("{0}")]
    Mail(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
}

impl ServerError {
    pub fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        ServerError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            ServerError::BadDbUrl(_)
            | ServerError::Mail(_)
            | ServerError::RadiusClientsMissing(_) => ErrorKind::Usage,
            ServerError::UsersFile { .. }
            | ServerError::BadKeyFile(_)
            | ServerError::RadiusClients { .. } => ErrorKind::Invalid,
            ServerError::KeyMismatch => ErrorKind::WrongSecret,
            _ => ErrorKind::Failure,
        }
    }
}

/// A store call that failed (the database, not the request).
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StoreError {
    #[error("{0}")]
    Db(String),
    #[error("the store has shut down")]
    Closed,
    #[error("too many concurrent changes to the same token; try again")]
    Contention,
    /// No pooled connection within the wait, or a statement past its timeout.
    #[error("the database did not answer in time; try again")]
    Busy,
    #[error("the stored secret of token {0} does not open with this server.key")]
    Sealed(String),
    #[error("token {0} already exists")]
    Exists(String),
    /// A counter or time past i64, refused rather than clamped (a clamped counter would be read
    /// back unchanged, and the eToken just accepted accepted again).
    #[error("the value {0} does not fit the database (at most 9223372036854775807)")]
    OutOfRange(u64),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Db(e.to_string())
    }
}

impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> Self {
        // 57014: cancelled by statement_timeout.
        if e.code() == Some(&tokio_postgres::error::SqlState::QUERY_CANCELED) {
            return StoreError::Busy;
        }
        StoreError::Db(e.to_string())
    }
}

impl From<deadpool_postgres::PoolError> for StoreError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        match e {
            deadpool_postgres::PoolError::Timeout(_) => StoreError::Busy,
            deadpool_postgres::PoolError::Backend(e) => e.into(),
            e => StoreError::Db(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::failure::Failure;

    #[test]
    fn a_database_out_of_time_is_busy_and_a_503() {
        let e: StoreError =
            deadpool_postgres::PoolError::Timeout(deadpool_postgres::TimeoutType::Wait).into();
        assert_eq!(e, StoreError::Busy);
        assert_eq!(Failure::store(&e).status, 503);
        let closed: StoreError = deadpool_postgres::PoolError::Closed.into();
        assert_eq!(Failure::store(&closed).status, 500);
    }
}
