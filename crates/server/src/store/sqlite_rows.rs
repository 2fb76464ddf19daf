//! The SQLite store's row mapping and statements (run on its writer thread, inside the batch
//! transaction).
use super::schema::TOKEN_COLUMNS;
use super::{Subject, TokenRecord, i, parse_alg, parse_kind};
use crate::error::StoreError;
use rusqlite::{Connection, Row, params};
use softpass_core::validate::TokenState;

fn u(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn row_to_record(r: &Row<'_>) -> rusqlite::Result<TokenRecord> {
    let sync: (Option<i64>, Option<i64>) = (r.get(15)?, r.get(16)?);
    Ok(TokenRecord {
        serial: r.get(0)?,
        kind: parse_kind(&r.get::<_, String>(1)?),
        algorithm: parse_alg(&r.get::<_, String>(2)?),
        digits: u8::try_from(r.get::<_, i64>(3)?).unwrap_or(6),
        period: u32::try_from(r.get::<_, i64>(4)?).unwrap_or(30),
        t0: u(r.get(5)?),
        secret: r.get(6)?,
        pin_hash: r.get(7)?,
        user: r.get(8)?,
        description: r.get(9)?,
        state: TokenState {
            count: u(r.get(10)?),
            failcount: u32::try_from(r.get::<_, i64>(11)?).unwrap_or(u32::MAX),
            maxfail: u32::try_from(r.get::<_, i64>(12)?).unwrap_or(0),
            time_shift: r.get(13)?,
            exceeded_at: r.get::<_, Option<i64>>(14)?.map(u),
            sync_first: match sync {
                (Some(c), Some(d)) => Some((u(c), u(d))),
                _ => None,
            },
            disabled: r.get::<_, i64>(17)? != 0,
        },
        rev: r.get(18)?,
    })
}

pub(super) fn select_tokens(
    c: &Connection,
    subject: Option<&Subject>,
) -> Result<Vec<TokenRecord>, StoreError> {
    let (sql, arg) = match subject {
        None => (
            format!("SELECT {TOKEN_COLUMNS} FROM tokens ORDER BY id"),
            None,
        ),
        Some(Subject::User(u)) => (
            format!("SELECT {TOKEN_COLUMNS} FROM tokens WHERE user_login = ?1 ORDER BY id"),
            Some(u),
        ),
        Some(Subject::Serial(s)) => (
            format!("SELECT {TOKEN_COLUMNS} FROM tokens WHERE serial = ?1"),
            Some(s),
        ),
    };
    let mut st = c.prepare_cached(&sql)?;
    let rows = match arg {
        Some(a) => st
            .query_map([a], row_to_record)?
            .collect::<Result<Vec<_>, _>>()?,
        None => st
            .query_map([], row_to_record)?
            .collect::<Result<Vec<_>, _>>()?,
    };
    Ok(rows)
}

pub(super) fn user_known(c: &Connection, login: &str) -> Result<bool, StoreError> {
    let mut st = c.prepare_cached("SELECT 1 FROM users WHERE login = ?1")?;
    Ok(st.exists([login])?)
}

/// Writes a decided state; the row must still be at the revision that was read.
pub(super) fn store_state(
    c: &Connection,
    t: &TokenRecord,
    s: &TokenState,
) -> Result<(), StoreError> {
    let mut st = c.prepare_cached(
        "UPDATE tokens SET count = ?1, failcount = ?2, maxfail = ?3, time_shift = ?4, \
         exceeded_at = ?5, sync_counter = ?6, sync_due = ?7, disabled = ?8, rev = rev + 1 \
         WHERE serial = ?9 AND rev = ?10",
    )?;
    let n = st.execute(params![
        i(s.count)?,
        i64::from(s.failcount),
        i64::from(s.maxfail),
        s.time_shift,
        s.exceeded_at.map(i).transpose()?,
        s.sync_first.map(|p| i(p.0)).transpose()?,
        s.sync_first.map(|p| i(p.1)).transpose()?,
        i64::from(s.disabled),
        t.serial,
        t.rev
    ])?;
    // One writer: the row cannot have moved since it was read in this same transaction.
    if n == 1 {
        Ok(())
    } else {
        Err(StoreError::Contention)
    }
}

pub(super) fn insert_token(
    c: &Connection,
    t: &TokenRecord,
    replace: bool,
) -> Result<usize, StoreError> {
    let verb = if replace {
        "INSERT OR REPLACE"
    } else {
        "INSERT OR IGNORE"
    };
    let mut st = c.prepare_cached(&format!(
        "{verb} INTO tokens (serial, tokentype, algorithm, digits, period, t0, secret, pin_hash, \
         user_login, description, count, failcount, maxfail, time_shift, disabled) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
    ))?;
    let s = &t.state;
    Ok(st.execute(params![
        t.serial,
        t.kind.as_str(),
        t.algorithm.as_str(),
        i64::from(t.digits),
        i64::from(t.period),
        i(t.t0)?,
        t.secret,
        t.pin_hash,
        t.user,
        t.description,
        i(s.count)?,
        i64::from(s.failcount),
        i64::from(s.maxfail),
        s.time_shift,
        i64::from(s.disabled)
    ])?)
}
