//! The PostgreSQL connection pool and its time limits: a stalled database, or a pool held by
//! load, fails a store call as [`StoreError::Busy`] within seconds instead of parking it (and
//! the RADIUS permit or HTTP worker behind it) for ever.
use crate::error::{ServerError, StoreError};
use deadpool_postgres::{Hook, HookError, Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use std::time::Duration;
use tokio_postgres::NoTls;

/// Longest wait for a pooled connection, and for a new one to connect.
pub const POOL_WAIT: Duration = Duration::from_secs(5);
/// The `statement_timeout` (ms) each new connection sets: a statement the database cannot
/// finish (a lock held elsewhere, a stalled disk) is cancelled by the server.
pub const STATEMENT_TIMEOUT_MS: u32 = 5000;

/// A pool of at most `size` connections to `url`.
pub(super) fn pool(url: &str, size: usize) -> Result<Pool, ServerError> {
    let cfg: tokio_postgres::Config = url
        .parse()
        .map_err(|_| ServerError::BadDbUrl(redact(url)))?;
    // A URL that sets its own (`?options=-c statement_timeout=...`) keeps it.
    let own_timeout = cfg
        .get_options()
        .is_some_and(|o| o.contains("statement_timeout"));
    let mgr = Manager::from_config(
        cfg,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    let mut pool = Pool::builder(mgr)
        .max_size(size)
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(POOL_WAIT))
        .create_timeout(Some(POOL_WAIT));
    if !own_timeout {
        // A SET on each new connection, not a startup option: poolers such as PgBouncer
        // refuse unknown startup options but pass a SET through.
        pool = pool.post_create(Hook::async_fn(|c, _| {
            Box::pin(async move {
                let set = format!("SET statement_timeout = {STATEMENT_TIMEOUT_MS}");
                c.batch_execute(&set).await.map_err(HookError::Backend)
            })
        }));
    }
    pool.build()
        .map_err(|e| ServerError::Store(StoreError::Db(e.to_string())))
}

/// The URL without its user information (`scheme://…@host...`), for messages and `Debug`: the
/// part before the last `@` may hold a password.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://…{}", &url[..s], &url[at..]),
        _ => url.to_owned(),
    }
}
