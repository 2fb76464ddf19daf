//! Where tokens and users live, behind one trait (docs/server.md, "Stores"): embedded SQLite
//! (one file, WAL, one writer thread committing batches) or PostgreSQL (a pool; several `serve`
//! processes on one database are one service). A login's effect on its tokens is one
//! [`Store::mutate`]: read, decide (pure), store all-or-nothing against the state that was read.
mod pg_pool;
mod pg_rows;
mod postgres;
mod schema;
mod sqlite;
mod sqlite_rows;
#[cfg(test)]
mod tests;

pub use pg_pool::{POOL_WAIT, STATEMENT_TIMEOUT_MS, redact};
pub use postgres::PgStore;
pub use schema::SCHEMA_VERSION;
pub use sqlite::{Durability, SqliteStore};

use crate::error::StoreError;
use softpass_core::token::{Algorithm, Kind};
use softpass_core::validate::TokenState;
use std::future::Future;

/// One stored token. `secret` is sealed under server.key; `pin_hash` is the keyed PIN hash.
pub struct TokenRecord {
    pub serial: String,
    pub kind: Kind,
    pub algorithm: Algorithm,
    pub digits: u8,
    pub period: u32,
    pub t0: u64,
    pub secret: Vec<u8>,
    pub pin_hash: Option<Vec<u8>>,
    pub user: Option<String>,
    pub description: String,
    pub state: TokenState,
    /// Bumped by every change: the compare-and-swap key.
    pub rev: i64,
}

/// A user of the repository (`--users FILE`, `POST /user/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub login: String,
    pub email: String,
}

/// Whose tokens a call is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    User(String),
    Serial(String),
}

/// What [`Store::mutate`] hands the decision: the tokens, and whether the user is known.
pub struct View<'a> {
    pub user_known: bool,
    pub tokens: &'a [TokenRecord],
}

/// The decision: new states by index into `View::tokens`, and what to return.
pub struct Mutation<T> {
    pub updates: Vec<(usize, TokenState)>,
    pub value: T,
}

/// A change to a token's settings (not its login state).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Assign(Option<String>),
    SetPin(Option<Vec<u8>>),
    Delete,
}

/// The operations the service needs. Implementations must make `mutate` atomic: of two calls
/// that read the same state, at most one stores its update; the other decides again on the new
/// state (so an eToken is accepted at most once, however many nodes receive it).
pub trait Store: Send + Sync + 'static {
    /// Reads `subject`'s tokens, lets `decide` choose their new states, stores them in one
    /// transaction conditional on what was read (retrying `decide` on a conflict), and returns
    /// the value of the decision that was stored. `decide` must be pure: it may run more than once.
    fn mutate<T, F>(
        &self,
        subject: Subject,
        decide: F,
    ) -> impl Future<Output = Result<T, StoreError>> + Send
    where
        T: Send + 'static,
        F: FnMut(View<'_>) -> Mutation<T> + Send + 'static;

    /// Adds tokens (`replace`: overwrite an existing serial, as `/token/init` does); returns how
    /// many were stored; with `replace` false an existing serial is skipped and not counted.
    fn put_tokens(
        &self,
        tokens: Vec<TokenRecord>,
        replace: bool,
    ) -> impl Future<Output = Result<usize, StoreError>> + Send;

    /// The tokens of a user, one serial, or all (`None`), in the order they were added.
    fn tokens(
        &self,
        subject: Option<Subject>,
    ) -> impl Future<Output = Result<Vec<TokenRecord>, StoreError>> + Send;

    /// Applies `edit` to `serial`; false if there is no such token.
    fn edit(
        &self,
        serial: String,
        edit: Edit,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Adds or updates users.
    fn put_users(&self, users: Vec<User>) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// All users, by login.
    fn users(&self) -> impl Future<Output = Result<Vec<User>, StoreError>> + Send;

    /// Notes an enrolment challenge (answered by `POST /enroll`). First sweeps every challenge
    /// expired at `now` and drops `user`'s oldest beyond [`MAX_OPEN_CHALLENGES`] − 1, so
    /// repeated checks of a tokenless user, answered or not, cannot grow the table.
    fn add_challenge(
        &self,
        transaction_id: String,
        user: String,
        now: u64,
        expires: u64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Uses up an enrolment challenge: true if `transaction_id` was open for `user` and had not
    /// expired at `now`. A challenge of that user is gone afterwards either way (one use); one
    /// of another user is left alone; expired ones are swept.
    fn take_challenge(
        &self,
        transaction_id: String,
        user: String,
        now: u64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Stores an enrolled token (`token.user` set). With `only_if_tokenless`, atomically only
    /// if that user has no token at that moment: false, and nothing stored, if one has. A
    /// serial already stored is [`StoreError::Exists`].
    fn add_enrolled(
        &self,
        token: TokenRecord,
        only_if_tokenless: bool,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// A cheap round trip to the database (`/healthz`).
    fn ping(&self) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// Open enrolment challenges kept per user (the newest); a client answers the last one it got.
pub const MAX_OPEN_CHALLENGES: i64 = 8;

/// A counter or time as both databases store it (a signed 64-bit integer); an error, never a
/// clamp, beyond.
pub(crate) fn i(v: u64) -> Result<i64, StoreError> {
    i64::try_from(v).map_err(|_| StoreError::OutOfRange(v))
}

/// Kind and algorithm as stored (`hotp`/`totp`, `sha1`/...).
pub(crate) fn parse_kind(s: &str) -> Kind {
    match s {
        "totp" => Kind::Totp,
        "mobilepass" => Kind::Mobilepass,
        _ => Kind::Hotp,
    }
}

pub(crate) fn parse_alg(s: &str) -> Algorithm {
    Algorithm::from_name(s).unwrap_or_default()
}
