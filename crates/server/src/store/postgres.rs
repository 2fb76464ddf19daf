//! The shared store: PostgreSQL through a small connection pool. Several `serve` processes on
//! one database are one service: a login reads its tokens, decides, and stores each new state
//! with a compare-and-swap on the revision it read (`... WHERE serial = $s AND rev = $old`);
//! when another node got there first, 0 rows change and the login decides again on the new
//! state, so one eToken sent to two nodes at once is accepted at most once.
use super::pg_rows::{INSERT, InsertRow, cas, has_token_locked, insert_one, read, record};
use super::schema::{self, CREATE_META, MIGRATIONS, Plan, TOKEN_COLUMNS};
use super::{Edit, MAX_OPEN_CHALLENGES, Mutation, Store, Subject, TokenRecord, User, View, i};
use crate::error::{ServerError, StoreError};
use deadpool_postgres::Pool;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// A decision retried this often without winning its compare-and-swap gives up (Contention).
const MAX_TRIES: usize = 64;
pub struct PgStore {
    pool: Pool,
    retries: Arc<AtomicU64>,
}

impl PgStore {
    /// Connects (`pool_size` connections at most), creates or migrates the schema.
    pub async fn open(url: &str, key_check: &str, pool_size: usize) -> Result<Self, ServerError> {
        let pool = super::pg_pool::pool(url, pool_size)?;
        let store = Self {
            pool,
            retries: Arc::new(AtomicU64::new(0)),
        };
        store.prepare(key_check).await?;
        Ok(store)
    }

    /// How many compare-and-swaps lost to another request (for /metrics).
    pub fn retries(&self) -> u64 {
        self.retries.load(Ordering::Relaxed)
    }

    async fn prepare(&self, key_check: &str) -> Result<(), ServerError> {
        let db = |e: tokio_postgres::Error| ServerError::Store(e.into());
        let mut c = self
            .pool
            .get()
            .await
            .map_err(|e| ServerError::Store(e.into()))?;
        let tx = c.transaction().await.map_err(db)?;
        // A migration may take long on a big table, and waiting for another node's is right.
        tx.batch_execute("SET LOCAL statement_timeout = 0")
            .await
            .map_err(db)?;
        // Two nodes starting at once: one migrates, the other waits and then finds it done.
        tx.batch_execute("SELECT pg_advisory_xact_lock(7350175021)")
            .await
            .map_err(db)?;
        tx.batch_execute(CREATE_META).await.map_err(db)?;
        let get = async |k: &str| -> Result<Option<String>, ServerError> {
            let r = tx
                .query_opt("SELECT value FROM meta WHERE key = $1", &[&k])
                .await
                .map_err(db)?;
            Ok(r.map(|r| r.get(0)))
        };
        let version = get("schema_version").await?.and_then(|v| v.parse().ok());
        let check = get("key_check").await?;
        let write_check = match schema::plan(version, check.as_deref(), key_check)? {
            Plan::Migrate {
                from,
                write_key_check,
            } => {
                for (_, sql) in &MIGRATIONS[usize::try_from(from).unwrap_or(0)..] {
                    tx.batch_execute(sql).await.map_err(db)?;
                }
                tx.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', $1) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    &[&schema::SCHEMA_VERSION.to_string()],
                )
                .await
                .map_err(db)?;
                write_key_check
            }
            Plan::Ready { write_key_check } => write_key_check,
        };
        if write_check {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('key_check', $1)",
                &[&key_check],
            )
            .await
            .map_err(db)?;
        }
        tx.commit().await.map_err(db)
    }
}

impl Store for PgStore {
    fn mutate<T, F>(
        &self,
        subject: Subject,
        mut decide: F,
    ) -> impl std::future::Future<Output = Result<T, StoreError>> + Send
    where
        T: Send + 'static,
        F: FnMut(View<'_>) -> Mutation<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        let retries = self.retries.clone();
        async move {
            let mut c = pool.get().await?;
            for _ in 0..MAX_TRIES {
                let (known, tokens) = read(&c, &subject).await?;
                let m = decide(View {
                    user_known: known,
                    tokens: &tokens,
                });
                let stored = match &m.updates[..] {
                    [] => true,
                    // One row: the UPDATE is its own transaction (one round trip).
                    [(idx, s)] => cas(&**c, &tokens[*idx], s).await?,
                    many => {
                        let tx = c.transaction().await?;
                        let mut all = true;
                        for (idx, s) in many {
                            if !cas(&*tx, &tokens[*idx], s).await? {
                                all = false;
                                break;
                            }
                        }
                        if all {
                            tx.commit().await?;
                        }
                        all
                    }
                };
                if stored {
                    return Ok(m.value);
                }
                retries.fetch_add(1, Ordering::Relaxed);
            }
            Err(StoreError::Contention)
        }
    }

    fn put_tokens(
        &self,
        tokens: Vec<TokenRecord>,
        replace: bool,
    ) -> impl std::future::Future<Output = Result<usize, StoreError>> + Send {
        let pool = self.pool.clone();
        async move {
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            let conflict = if replace {
                "ON CONFLICT (serial) DO UPDATE SET tokentype = excluded.tokentype, \
                 algorithm = excluded.algorithm, digits = excluded.digits, period = excluded.period, \
                 t0 = excluded.t0, secret = excluded.secret, pin_hash = excluded.pin_hash, \
                 user_login = excluded.user_login, description = excluded.description, \
                 count = excluded.count, failcount = excluded.failcount, maxfail = excluded.maxfail, \
                 time_shift = excluded.time_shift, exceeded_at = NULL, sync_counter = NULL, \
                 sync_due = NULL, disabled = excluded.disabled, rev = tokens.rev + 1"
            } else {
                "ON CONFLICT (serial) DO NOTHING"
            };
            let st = tx.prepare(&format!("{INSERT} {conflict}")).await?;
            let mut n = 0;
            for t in &tokens {
                n += tx.execute(&st, &InsertRow::new(t)?.params()).await?;
            }
            tx.commit().await?;
            Ok(usize::try_from(n).unwrap_or(usize::MAX))
        }
    }

    fn tokens(
        &self,
        subject: Option<Subject>,
    ) -> impl std::future::Future<Output = Result<Vec<TokenRecord>, StoreError>> + Send {
        let pool = self.pool.clone();
        async move {
            let c = pool.get().await?;
            let rows = match &subject {
                None => {
                    c.query(
                        &format!("SELECT {TOKEN_COLUMNS} FROM tokens ORDER BY id"),
                        &[],
                    )
                    .await?
                }
                Some(Subject::User(u)) => {
                    let sql = format!(
                        "SELECT {TOKEN_COLUMNS} FROM tokens WHERE user_login = $1 ORDER BY id"
                    );
                    c.query(&sql, &[u]).await?
                }
                Some(Subject::Serial(s)) => {
                    let sql = format!("SELECT {TOKEN_COLUMNS} FROM tokens WHERE serial = $1");
                    c.query(&sql, &[s]).await?
                }
            };
            Ok(rows.iter().map(|r| record(r, 0)).collect())
        }
    }

    fn edit(
        &self,
        serial: String,
        edit: Edit,
    ) -> impl std::future::Future<Output = Result<bool, StoreError>> + Send {
        let pool = self.pool.clone();
        async move {
            let c = pool.get().await?;
            let n = match &edit {
                Edit::Assign(user) => {
                    c.execute(
                        "UPDATE tokens SET user_login = $1, rev = rev + 1 WHERE serial = $2",
                        &[user, &serial],
                    )
                    .await?
                }
                Edit::SetPin(hash) => {
                    c.execute(
                        "UPDATE tokens SET pin_hash = $1, rev = rev + 1 WHERE serial = $2",
                        &[hash, &serial],
                    )
                    .await?
                }
                Edit::Delete => {
                    c.execute("DELETE FROM tokens WHERE serial = $1", &[&serial])
                        .await?
                }
            };
            Ok(n == 1)
        }
    }

    fn put_users(
        &self,
        users: Vec<User>,
    ) -> impl std::future::Future<Output = Result<(), StoreError>> + Send {
        let pool = self.pool.clone();
        async move {
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            for u in &users {
                tx.execute(
                    "INSERT INTO users (login, email) VALUES ($1, $2) \
                     ON CONFLICT (login) DO UPDATE SET email = excluded.email",
                    &[&u.login, &u.email],
                )
                .await?;
            }
            tx.commit().await?;
            Ok(())
        }
    }

    fn users(&self) -> impl std::future::Future<Output = Result<Vec<User>, StoreError>> + Send {
        let pool = self.pool.clone();
        async move {
            let c = pool.get().await?;
            let rows = c
                .query("SELECT login, email FROM users ORDER BY login", &[])
                .await?;
            Ok(rows
                .iter()
                .map(|r| User {
                    login: r.get(0),
                    email: r.get(1),
                })
                .collect())
        }
    }

    fn add_challenge(
        &self,
        transaction_id: String,
        user: String,
        now: u64,
        expires: u64,
    ) -> impl std::future::Future<Output = Result<(), StoreError>> + Send {
        let pool = self.pool.clone();
        async move {
            let c = pool.get().await?;
            // One statement, one round trip. Checks of one user on several nodes at the same
            // moment may each keep the old rows they saw: a few more for that moment, trimmed
            // by the next challenge.
            c.execute(
                "WITH swept AS (DELETE FROM challenges WHERE expires < $3), \
                 trimmed AS (DELETE FROM challenges WHERE user_login = $2 AND transaction_id NOT IN \
                   (SELECT transaction_id FROM challenges WHERE user_login = $2 \
                    ORDER BY expires DESC LIMIT $5)) \
                 INSERT INTO challenges (transaction_id, user_login, expires) VALUES ($1, $2, $4) \
                 ON CONFLICT (transaction_id) DO NOTHING",
                &[
                    &transaction_id,
                    &user,
                    &i(now)?,
                    &i(expires)?,
                    &(MAX_OPEN_CHALLENGES - 1),
                ],
            )
            .await?;
            Ok(())
        }
    }

    fn take_challenge(
        &self,
        transaction_id: String,
        user: String,
        now: u64,
    ) -> impl std::future::Future<Output = Result<bool, StoreError>> + Send {
        let pool = self.pool.clone();
        async move {
            let c = pool.get().await?;
            let row = c
                .query_opt(
                    "DELETE FROM challenges WHERE transaction_id = $1 AND user_login = $2 RETURNING expires",
                    &[&transaction_id, &user],
                )
                .await?;
            let now = i(now)?;
            c.execute("DELETE FROM challenges WHERE expires < $1", &[&now])
                .await?;
            Ok(row.is_some_and(|r| r.get::<_, i64>(0) >= now))
        }
    }

    fn add_enrolled(
        &self,
        token: TokenRecord,
        only_if_tokenless: bool,
    ) -> impl std::future::Future<Output = Result<bool, StoreError>> + Send {
        let pool = self.pool.clone();
        async move {
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            if only_if_tokenless && has_token_locked(&tx, token.user.as_deref()).await? {
                return Ok(false);
            }
            if insert_one(&*tx, &token).await? != 1 {
                return Err(StoreError::Exists(token.serial.clone()));
            }
            tx.commit().await?;
            Ok(true)
        }
    }

    fn ping(&self) -> impl std::future::Future<Output = Result<(), StoreError>> + Send {
        let pool = self.pool.clone();
        async move {
            let c = pool.get().await?;
            c.batch_execute("SELECT 1").await?;
            Ok(())
        }
    }
}
