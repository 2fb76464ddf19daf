//! The PostgreSQL store's row mapping, its one-round-trip read and its compare-and-swap.
use super::schema::TOKEN_COLUMNS;
use super::{Subject, TokenRecord, i, parse_alg, parse_kind};
use crate::error::StoreError;
use softpass_core::validate::TokenState;
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;

pub(super) fn u(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// A token from `row`, its columns starting at `at` (TOKEN_COLUMNS order).
pub(super) fn record(r: &Row, at: usize) -> TokenRecord {
    let sync: (Option<i64>, Option<i64>) = (r.get(at + 15), r.get(at + 16));
    TokenRecord {
        serial: r.get(at),
        kind: parse_kind(r.get(at + 1)),
        algorithm: parse_alg(r.get(at + 2)),
        digits: u8::try_from(r.get::<_, i32>(at + 3)).unwrap_or(6),
        period: u32::try_from(r.get::<_, i64>(at + 4)).unwrap_or(30),
        t0: u(r.get(at + 5)),
        secret: r.get(at + 6),
        pin_hash: r.get(at + 7),
        user: r.get(at + 8),
        description: r.get(at + 9),
        state: TokenState {
            count: u(r.get(at + 10)),
            failcount: u32::try_from(r.get::<_, i64>(at + 11)).unwrap_or(u32::MAX),
            maxfail: u32::try_from(r.get::<_, i64>(at + 12)).unwrap_or(0),
            time_shift: r.get(at + 13),
            exceeded_at: r.get::<_, Option<i64>>(at + 14).map(u),
            sync_first: match sync {
                (Some(c), Some(d)) => Some((u(c), u(d))),
                _ => None,
            },
            disabled: r.get(at + 17),
        },
        rev: r.get(at + 18),
    }
}

pub(super) const CAS: &str = "UPDATE tokens SET count = $1, failcount = $2, maxfail = $3, time_shift = $4, \
    exceeded_at = $5, sync_counter = $6, sync_due = $7, disabled = $8, rev = rev + 1 \
    WHERE serial = $9 AND rev = $10";

pub(super) async fn cas(
    c: &impl tokio_postgres::GenericClient,
    t: &TokenRecord,
    s: &TokenState,
) -> Result<bool, StoreError> {
    let exceeded = s.exceeded_at.map(i).transpose()?;
    let sync = (
        s.sync_first.map(|p| i(p.0)).transpose()?,
        s.sync_first.map(|p| i(p.1)).transpose()?,
    );
    let n = c
        .execute(
            CAS,
            &[
                &i(s.count)?,
                &i64::from(s.failcount),
                &i64::from(s.maxfail),
                &s.time_shift,
                &exceeded,
                &sync.0,
                &sync.1,
                &s.disabled,
                &t.serial,
                &t.rev,
            ],
        )
        .await?;
    Ok(n == 1)
}

/// The subject's tokens and whether the user is known, in one round trip.
pub(super) async fn read(
    c: &deadpool_postgres::Client,
    subject: &Subject,
) -> Result<(bool, Vec<TokenRecord>), StoreError> {
    match subject {
        Subject::User(login) => {
            let cols = TOKEN_COLUMNS.replace(", ", ", t.");
            let sql = format!(
                "SELECT EXISTS (SELECT 1 FROM users WHERE login = $1), t.{cols} \
                 FROM (SELECT 1) AS one LEFT JOIN tokens t ON t.user_login = $1 ORDER BY t.id"
            );
            let st = c.prepare_cached(&sql).await?;
            let rows = c.query(&st, &[login]).await?;
            let known = rows.first().is_some_and(|r| r.get::<_, bool>(0));
            let tokens = rows
                .iter()
                .filter(|r| r.get::<_, Option<String>>(1).is_some())
                .map(|r| record(r, 1))
                .collect();
            Ok((known, tokens))
        }
        Subject::Serial(serial) => {
            let sql = format!("SELECT {TOKEN_COLUMNS} FROM tokens WHERE serial = $1");
            let st = c.prepare_cached(&sql).await?;
            let rows = c.query(&st, &[serial]).await?;
            Ok((true, rows.iter().map(|r| record(r, 0)).collect()))
        }
    }
}

/// The INSERT of one token row, without its conflict clause.
pub(super) const INSERT: &str = "INSERT INTO tokens (serial, tokentype, algorithm, digits, period, \
     t0, secret, pin_hash, user_login, description, count, failcount, maxfail, time_shift, disabled) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";

/// The parameters of [`INSERT`] for `t`, converted to the column types.
pub(super) struct InsertRow<'a> {
    t: &'a TokenRecord,
    names: (&'static str, &'static str),
    ints: (i32, i64, i64, i64, i64, i64),
}

impl<'a> InsertRow<'a> {
    pub(super) fn new(t: &'a TokenRecord) -> Result<Self, StoreError> {
        let s = &t.state;
        let ints = (
            i32::from(t.digits),
            i64::from(t.period),
            i(t.t0)?,
            i(s.count)?,
            i64::from(s.failcount),
            i64::from(s.maxfail),
        );
        let names = (t.kind.as_str(), t.algorithm.as_str());
        Ok(InsertRow { t, names, ints })
    }

    pub(super) fn params(&self) -> [&(dyn ToSql + Sync); 15] {
        let (t, n) = (self.t, &self.ints);
        let (kind, algorithm) = &self.names;
        [
            &t.serial,
            kind,
            algorithm,
            &n.0,
            &n.1,
            &n.2,
            &t.secret,
            &t.pin_hash,
            &t.user,
            &t.description,
            &n.3,
            &n.4,
            &n.5,
            &t.state.time_shift,
            &t.state.disabled,
        ]
    }
}

/// Inserts one token unless its serial exists; the rows inserted (0 or 1).
pub(super) async fn insert_one(
    c: &impl tokio_postgres::GenericClient,
    t: &TokenRecord,
) -> Result<u64, StoreError> {
    let sql = format!("{INSERT} ON CONFLICT (serial) DO NOTHING");
    Ok(c.execute(&sql, &InsertRow::new(t)?.params()).await?)
}

/// Whether `user` has a token, after taking the transaction's lock on that user's enrolments:
/// enrolments of one user, on any node, take turns (the lock ends with the transaction), so two
/// of them cannot both find the user without a token.
pub(super) async fn has_token_locked(
    tx: &deadpool_postgres::Transaction<'_>,
    user: Option<&str>,
) -> Result<bool, StoreError> {
    let key = format!("softpass enrol {}", user.unwrap_or(""));
    tx.execute("SELECT pg_advisory_xact_lock(hashtext($1))", &[&key])
        .await?;
    let has = tx
        .query_opt(
            "SELECT 1 FROM tokens WHERE user_login = $1 LIMIT 1",
            &[&user],
        )
        .await?;
    Ok(has.is_some())
}
