//! The versioned schema (docs/server.md, "Database schema"): a `meta` table holds the schema
//! version and the server key's check value; migrations run in order inside one transaction at
//! start; a database from a newer softpass, or one set up under another server.key, is refused
//! and left as it was.
use crate::error::ServerError;

/// The schema this build writes.
pub const SCHEMA_VERSION: i64 = 2;

/// Migration `n` (1-based) takes a database from version `n - 1` to `n`: (SQLite, PostgreSQL).
pub(crate) const MIGRATIONS: &[(&str, &str)] = &[(V1_SQLITE, V1_POSTGRES), (V2, V2)];

const V1_SQLITE: &str = "
CREATE TABLE users (login TEXT PRIMARY KEY, email TEXT NOT NULL DEFAULT '');
CREATE TABLE tokens (
  id INTEGER PRIMARY KEY,
  serial TEXT NOT NULL UNIQUE,
  tokentype TEXT NOT NULL,
  algorithm TEXT NOT NULL,
  digits INTEGER NOT NULL,
  period INTEGER NOT NULL,
  t0 INTEGER NOT NULL,
  secret BLOB NOT NULL,
  pin_hash BLOB,
  user_login TEXT,
  description TEXT NOT NULL DEFAULT '',
  count INTEGER NOT NULL,
  failcount INTEGER NOT NULL,
  maxfail INTEGER NOT NULL,
  time_shift INTEGER NOT NULL,
  exceeded_at INTEGER,
  sync_counter INTEGER,
  sync_due INTEGER,
  disabled INTEGER NOT NULL DEFAULT 0,
  rev INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX tokens_user ON tokens (user_login);
CREATE TABLE challenges (transaction_id TEXT PRIMARY KEY, user_login TEXT NOT NULL, expires INTEGER NOT NULL);
";

const V1_POSTGRES: &str = "
CREATE TABLE users (login TEXT PRIMARY KEY, email TEXT NOT NULL DEFAULT '');
CREATE TABLE tokens (
  id BIGSERIAL PRIMARY KEY,
  serial TEXT NOT NULL UNIQUE,
  tokentype TEXT NOT NULL,
  algorithm TEXT NOT NULL,
  digits INTEGER NOT NULL,
  period BIGINT NOT NULL,
  t0 BIGINT NOT NULL,
  secret BYTEA NOT NULL,
  pin_hash BYTEA,
  user_login TEXT,
  description TEXT NOT NULL DEFAULT '',
  count BIGINT NOT NULL,
  failcount BIGINT NOT NULL,
  maxfail BIGINT NOT NULL,
  time_shift BIGINT NOT NULL,
  exceeded_at BIGINT,
  sync_counter BIGINT,
  sync_due BIGINT,
  disabled BOOLEAN NOT NULL DEFAULT FALSE,
  rev BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX tokens_user ON tokens (user_login);
CREATE TABLE challenges (transaction_id TEXT PRIMARY KEY, user_login TEXT NOT NULL, expires BIGINT NOT NULL);
";

/// Version 2: every enrolment challenge sweeps the expired ones and trims its user's, so both
/// lookups get an index. A TOTP `count` becomes the next step that may be accepted (the last
/// accepted + 1, as HOTP's), so that step 0 can be marked used; 0 stays "none yet".
const V2: &str = "
CREATE INDEX challenges_expires ON challenges (expires);
CREATE INDEX challenges_user ON challenges (user_login, expires);
UPDATE tokens SET count = count + 1
  WHERE tokentype = 'totp' AND count > 0 AND count < 9223372036854775807;
";

pub(crate) const CREATE_META: &str =
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)";

/// What to do with a database found at `version` (None: fresh) holding `key_check`.
pub(crate) enum Plan {
    /// Run migrations `from+1 ..= SCHEMA_VERSION`, then record the version (and key check).
    Migrate {
        from: i64,
        write_key_check: bool,
    },
    Ready {
        write_key_check: bool,
    },
}

pub(crate) fn plan(
    version: Option<i64>,
    key_check: Option<&str>,
    mine: &str,
) -> Result<Plan, ServerError> {
    let v = version.unwrap_or(0);
    if v > SCHEMA_VERSION {
        return Err(ServerError::SchemaNewer {
            found: v,
            supported: SCHEMA_VERSION,
        });
    }
    let write_key_check = match key_check {
        None => true,
        Some(k) if k == mine => false,
        Some(_) => return Err(ServerError::KeyMismatch),
    };
    Ok(if v < SCHEMA_VERSION {
        Plan::Migrate {
            from: v,
            write_key_check,
        }
    } else {
        Plan::Ready { write_key_check }
    })
}

/// The columns every token query reads, in the order `row_to_record` expects.
pub(crate) const TOKEN_COLUMNS: &str = "serial, tokentype, algorithm, digits, period, t0, secret, \
    pin_hash, user_login, description, count, failcount, maxfail, time_shift, exceeded_at, \
    sync_counter, sync_due, disabled, rev";
