//! The embedded store: one SQLite file in WAL mode, owned by one writer thread. Requests arrive
//! on a channel; the thread drains what is waiting, runs each in its own savepoint inside ONE
//! transaction and commits once (group commit), then answers them all. Nothing is answered
//! before its commit, and no async thread ever blocks on SQLite.
use super::schema::{self, CREATE_META, MIGRATIONS, Plan};
use super::sqlite_rows::{insert_token, select_tokens, store_state, user_known};
use super::{Edit, MAX_OPEN_CHALLENGES, Mutation, Store, Subject, TokenRecord, User, View, i};
use crate::error::{ServerError, StoreError};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;
use std::sync::mpsc;
use std::thread::JoinHandle;

/// What survives a crash: `Normal` (WAL, synchronous=NORMAL) survives a killed process;
/// `Fsync` (synchronous=FULL: every commit fsynced) also survives a power loss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    #[default]
    Normal,
    Fsync,
}

type Reply = Box<dyn FnOnce(Result<(), StoreError>) + Send>;
type Job = Box<dyn FnOnce(&Connection) -> Reply + Send>;

/// Most requests in one transaction (bounds the latency a batch adds).
const MAX_BATCH: usize = 1024;

pub struct SqliteStore {
    jobs: std::sync::Mutex<Option<mpsc::Sender<Job>>>,
    thread: std::sync::Mutex<Option<JoinHandle<()>>>,
}

impl SqliteStore {
    /// Opens (creating, migrating) the database at `path` and starts its writer thread.
    pub fn open(path: &Path, key_check: &str, durability: Durability) -> Result<Self, ServerError> {
        // The file holds sealed secrets and PIN hashes: private from the start.
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        o.open(path).map_err(|e| ServerError::io(path, e))?;
        let mut conn = Connection::open(path).map_err(|e| ServerError::Store(e.into()))?;
        let sync = match durability {
            Durability::Normal => "NORMAL",
            Durability::Fsync => "FULL",
        };
        conn.execute_batch(&format!(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous={sync}; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;"
        ))
        .map_err(|e| ServerError::Store(e.into()))?;
        prepare(&mut conn, key_check)?;
        let (tx, rx) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("softpass-sqlite".into())
            .spawn(move || writer(conn, rx))
            .map_err(|e| ServerError::io(path, e))?;
        Ok(Self {
            jobs: std::sync::Mutex::new(Some(tx)),
            thread: std::sync::Mutex::new(Some(thread)),
        })
    }

    /// Stops taking requests, lets the writer finish what it has, and waits for it.
    pub fn close(&self) {
        self.jobs.lock().expect("not poisoned").take();
        if let Some(t) = self.thread.lock().expect("not poisoned").take() {
            let _ = t.join();
        }
    }

    /// Runs `work` on the writer thread inside the current batch's transaction.
    fn call<T: Send + 'static, F2>(
        &self,
        work: F2,
    ) -> impl std::future::Future<Output = Result<T, StoreError>> + Send + use<T, F2>
    where
        F2: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |c| {
            let r = in_savepoint(c, work);
            Box::new(move |commit: Result<(), StoreError>| {
                let _ = tx.send(commit.and(r));
            })
        });
        let sent = match self.jobs.lock().expect("not poisoned").as_ref() {
            Some(s) => s.send(job).is_ok(),
            None => false,
        };
        async move {
            if !sent {
                return Err(StoreError::Closed);
            }
            rx.await.map_err(|_| StoreError::Closed)?
        }
    }
}

impl Drop for SqliteStore {
    fn drop(&mut self) {
        self.close();
    }
}

fn prepare(conn: &mut Connection, key_check: &str) -> Result<(), ServerError> {
    let db = |e: rusqlite::Error| ServerError::Store(e.into());
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(db)?;
    tx.execute_batch(CREATE_META).map_err(db)?;
    let get = |k: &str| -> Result<Option<String>, ServerError> {
        tx.query_row("SELECT value FROM meta WHERE key = ?1", [k], |r| r.get(0))
            .optional()
            .map_err(db)
    };
    let version = get("schema_version")?.and_then(|v| v.parse().ok());
    let plan = schema::plan(version, get("key_check")?.as_deref(), key_check)?;
    let write_check = match plan {
        Plan::Migrate {
            from,
            write_key_check,
        } => {
            for (sql, _) in &MIGRATIONS[usize::try_from(from).unwrap_or(0)..] {
                tx.execute_batch(sql).map_err(db)?;
            }
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?1)",
                [schema::SCHEMA_VERSION.to_string()],
            )
            .map_err(db)?;
            write_key_check
        }
        Plan::Ready { write_key_check } => write_key_check,
    };
    if write_check {
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('key_check', ?1)",
            [key_check],
        )
        .map_err(db)?;
    }
    // A refused database was never written: the transaction is dropped unwritten above.
    tx.commit().map_err(db)
}

fn in_savepoint<T>(
    c: &Connection,
    work: impl FnOnce(&Connection) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    c.execute_batch("SAVEPOINT job")?;
    match work(c) {
        Ok(v) => {
            c.execute_batch("RELEASE job")?;
            Ok(v)
        }
        Err(e) => {
            c.execute_batch("ROLLBACK TO job; RELEASE job")?;
            Err(e)
        }
    }
}

/// The writer loop: one transaction per batch of waiting requests.
fn writer(conn: Connection, rx: mpsc::Receiver<Job>) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(j) => batch.push(j),
                Err(_) => break,
            }
        }
        if let Err(e) = conn.execute_batch("BEGIN IMMEDIATE") {
            let e = StoreError::from(e);
            // Every request gets the error; none ran.
            for job in batch {
                let reply = job(&conn);
                reply(Err(e.clone()));
            }
            continue;
        }
        let replies: Vec<Reply> = batch.into_iter().map(|job| job(&conn)).collect();
        let commit = conn.execute_batch("COMMIT").map_err(StoreError::from);
        if commit.is_err() {
            let _ = conn.execute_batch("ROLLBACK");
        }
        for reply in replies {
            reply(commit.clone());
        }
    }
}

impl Store for SqliteStore {
    fn mutate<T, F>(
        &self,
        subject: Subject,
        mut decide: F,
    ) -> impl std::future::Future<Output = Result<T, StoreError>> + Send
    where
        T: Send + 'static,
        F: FnMut(View<'_>) -> Mutation<T> + Send + 'static,
    {
        self.call(move |c| {
            let known = match &subject {
                Subject::User(u) => user_known(c, u)?,
                Subject::Serial(_) => true,
            };
            let tokens = select_tokens(c, Some(&subject))?;
            let m = decide(View {
                user_known: known,
                tokens: &tokens,
            });
            for (idx, s) in &m.updates {
                store_state(c, &tokens[*idx], s)?;
            }
            Ok(m.value)
        })
    }

    fn put_tokens(
        &self,
        tokens: Vec<TokenRecord>,
        replace: bool,
    ) -> impl std::future::Future<Output = Result<usize, StoreError>> + Send {
        self.call(move |c| {
            let mut n = 0;
            for t in &tokens {
                n += insert_token(c, t, replace)?;
            }
            Ok(n)
        })
    }

    fn tokens(
        &self,
        subject: Option<Subject>,
    ) -> impl std::future::Future<Output = Result<Vec<TokenRecord>, StoreError>> + Send {
        self.call(move |c| select_tokens(c, subject.as_ref()))
    }

    fn edit(
        &self,
        serial: String,
        edit: Edit,
    ) -> impl std::future::Future<Output = Result<bool, StoreError>> + Send {
        self.call(move |c| {
            let n = match &edit {
                Edit::Assign(user) => c.execute(
                    "UPDATE tokens SET user_login = ?1, rev = rev + 1 WHERE serial = ?2",
                    params![user, serial],
                )?,
                Edit::SetPin(hash) => c.execute(
                    "UPDATE tokens SET pin_hash = ?1, rev = rev + 1 WHERE serial = ?2",
                    params![hash, serial],
                )?,
                Edit::Delete => c.execute("DELETE FROM tokens WHERE serial = ?1", [&serial])?,
            };
            Ok(n == 1)
        })
    }

    fn put_users(
        &self,
        users: Vec<User>,
    ) -> impl std::future::Future<Output = Result<(), StoreError>> + Send {
        self.call(move |c| {
            let mut st = c.prepare_cached(
                "INSERT INTO users (login, email) VALUES (?1, ?2) \
                 ON CONFLICT (login) DO UPDATE SET email = excluded.email",
            )?;
            for u in &users {
                st.execute([&u.login, &u.email])?;
            }
            Ok(())
        })
    }

    fn users(&self) -> impl std::future::Future<Output = Result<Vec<User>, StoreError>> + Send {
        self.call(|c| {
            let mut st = c.prepare_cached("SELECT login, email FROM users ORDER BY login")?;
            let rows = st.query_map([], |r| {
                Ok(User {
                    login: r.get(0)?,
                    email: r.get(1)?,
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }

    fn add_challenge(
        &self,
        transaction_id: String,
        user: String,
        now: u64,
        expires: u64,
    ) -> impl std::future::Future<Output = Result<(), StoreError>> + Send {
        self.call(move |c| {
            c.prepare_cached("DELETE FROM challenges WHERE expires < ?1")?
                .execute([i(now)?])?;
            // The newest by expiry, ties by insertion (rowid): the one added now is kept.
            c.prepare_cached(
                "DELETE FROM challenges WHERE user_login = ?1 AND rowid NOT IN \
                 (SELECT rowid FROM challenges WHERE user_login = ?1 \
                  ORDER BY expires DESC, rowid DESC LIMIT ?2)",
            )?
            .execute(params![user, MAX_OPEN_CHALLENGES - 1])?;
            c.execute(
                "INSERT OR REPLACE INTO challenges (transaction_id, user_login, expires) VALUES (?1, ?2, ?3)",
                params![transaction_id, user, i(expires)?],
            )?;
            Ok(())
        })
    }

    fn take_challenge(
        &self,
        transaction_id: String,
        user: String,
        now: u64,
    ) -> impl std::future::Future<Output = Result<bool, StoreError>> + Send {
        self.call(move |c| {
            let expires: Option<i64> = c
                .query_row(
                    "DELETE FROM challenges WHERE transaction_id = ?1 AND user_login = ?2 RETURNING expires",
                    params![transaction_id, user],
                    |r| r.get(0),
                )
                .optional()?;
            let now = i(now)?;
            c.execute("DELETE FROM challenges WHERE expires < ?1", [now])?;
            Ok(expires.is_some_and(|e| e >= now))
        })
    }

    fn add_enrolled(
        &self,
        token: TokenRecord,
        only_if_tokenless: bool,
    ) -> impl std::future::Future<Output = Result<bool, StoreError>> + Send {
        // One writer thread: the check and the insert cannot interleave with another's.
        self.call(move |c| {
            if only_if_tokenless {
                let mut st = c.prepare_cached("SELECT 1 FROM tokens WHERE user_login = ?1")?;
                if st.exists([&token.user])? {
                    return Ok(false);
                }
            }
            match insert_token(c, &token, false)? {
                1 => Ok(true),
                _ => Err(StoreError::Exists(token.serial.clone())),
            }
        })
    }

    fn ping(&self) -> impl std::future::Future<Output = Result<(), StoreError>> + Send {
        self.call(|c| {
            c.query_row("SELECT 1", [], |_| Ok(()))?;
            Ok(())
        })
    }
}
