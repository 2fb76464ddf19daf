//! Putting a node together (docs/server.md, "Running"): the data folder and its key files, the
//! store named by `--db`, the user repository, the audit log, then the HTTP listener and the
//! RADIUS socket; and taking it apart in order on SIGTERM/SIGINT (requests in flight finish on
//! both fronts, the store's last batch commits, the audit log is flushed).
use crate::audit::Audit;
use crate::error::ServerError;
use crate::http::{self, App, auth::AdminAuth};
use crate::keys;
use crate::metrics::Metrics;
use crate::radius;
use crate::service::{Mode, Service};
use crate::store::{Durability, PgStore, SqliteStore, Store, redact};
use softpass_core::token::Kind;
use softpass_core::validate::Policy;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Everything `softpass serve` can be told. `Debug` hides the URLs' user information.
#[derive(Clone)]
pub struct Config {
    pub listen: String,
    /// `sqlite:PATH` or `postgres://...`; `None`: `sqlite:<data_dir>/server.db`.
    pub db: Option<String>,
    pub data_dir: PathBuf,
    pub mode: Mode,
    pub enroll_type: Kind,
    pub users: Option<PathBuf>,
    pub durability: Durability,
    pub policy: Policy,
    /// PostgreSQL connections per node.
    pub pg_pool: usize,
    /// Also answer RADIUS on this UDP address (clients: `<data_dir>/radius-clients`).
    pub radius: Option<String>,
    /// Where enrolment e-mails go.
    pub mail: MailConfig,
}

/// `--smtp URL` (none: `<data-dir>/outbox/`) and `--mail-from ADDR`.
#[derive(Clone)]
pub struct MailConfig {
    pub smtp: Option<String>,
    pub from: String,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("db", &self.db.as_deref().map(redact))
            .field("data_dir", &self.data_dir)
            .field("mode", &self.mode)
            .field("enroll_type", &self.enroll_type)
            .field("users", &self.users)
            .field("durability", &self.durability)
            .field("policy", &self.policy)
            .field("pg_pool", &self.pg_pool)
            .field("radius", &self.radius)
            .field("mail", &self.mail)
            .finish()
    }
}

impl std::fmt::Debug for MailConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailConfig")
            .field("smtp", &self.smtp.as_deref().map(redact))
            .field("from", &self.from)
            .finish()
    }
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            smtp: None,
            from: softpass_mail::DEFAULT_FROM.to_owned(),
        }
    }
}

/// Where `--db` points.
enum Db {
    Sqlite(PathBuf),
    Postgres(String),
}

fn parse_db(db: Option<&str>, data_dir: &Path) -> Result<Db, ServerError> {
    match db {
        None => Ok(Db::Sqlite(data_dir.join("server.db"))),
        Some(u) if u.starts_with("postgres://") || u.starts_with("postgresql://") => {
            Ok(Db::Postgres(u.to_owned()))
        }
        Some(u) => match u.strip_prefix("sqlite:") {
            Some(p) if !p.is_empty() => Ok(Db::Sqlite(PathBuf::from(p.trim_start_matches("//")))),
            _ => Err(ServerError::BadDbUrl(redact(u))),
        },
    }
}

fn private_dir(dir: &Path) -> Result<(), ServerError> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir).map_err(|e| ServerError::io(dir, e))
}

/// Resolves when SIGTERM or SIGINT arrives.
pub async fn signals() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
        tokio::select! {
            _ = term.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}

/// Runs a node until `shutdown` resolves.
pub async fn run(
    cfg: Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    private_dir(&cfg.data_dir)?;
    private_dir(&cfg.data_dir.join("outbox"))?;
    let server_keys = keys::server_keys(&cfg.data_dir)?;
    let admin = AdminAuth::new(keys::admin_key(&cfg.data_dir)?);
    let check = server_keys.check_value().to_owned();
    match parse_db(cfg.db.as_deref(), &cfg.data_dir)? {
        Db::Sqlite(path) => {
            let store = SqliteStore::open(&path, &check, cfg.durability)?;
            serve_with(store, server_keys, admin, &cfg, shutdown).await
        }
        Db::Postgres(url) => {
            let store = PgStore::open(&url, &check, cfg.pg_pool).await?;
            serve_with(store, server_keys, admin, &cfg, shutdown).await
        }
    }
}

async fn serve_with<S: Store>(
    store: S,
    server_keys: keys::ServerKeys,
    admin: AdminAuth,
    cfg: &Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    if let Some(path) = &cfg.users {
        store.put_users(crate::users::load(path)?).await?;
    }
    let clients = match cfg.radius {
        Some(_) => Some(radius::load_clients(&cfg.data_dir)?),
        None => None,
    };
    let mailer = crate::mailer::Mailer::new(
        cfg.mail.smtp.as_deref(),
        &cfg.mail.from,
        cfg.data_dir.join("outbox"),
    )?;
    let audit_path = cfg.data_dir.join("audit.jsonl");
    let (audit, audit_thread) =
        Audit::open(&audit_path).map_err(|e| ServerError::io(&audit_path, e))?;
    let service = Service {
        store,
        keys: Arc::new(server_keys),
        policy: cfg.policy,
        mode: cfg.mode,
        enroll_type: cfg.enroll_type,
        audit,
        metrics: Arc::new(Metrics::default()),
        mailer,
    };
    let listener = tokio::net::TcpListener::bind(&cfg.listen)
        .await
        .map_err(|source| bind_error(&cfg.listen, source))?;
    let addr = listener
        .local_addr()
        .map_err(|source| bind_error(&cfg.listen, source))?;
    let app = Arc::new(App { service, admin });
    let front = match (&cfg.radius, clients) {
        (Some(at), Some(clients)) => {
            let sock = tokio::net::UdpSocket::bind(at)
                .await
                .map_err(|source| bind_error(at, source))?;
            Some(radius::Front::new(app.clone(), sock, clients))
        }
        _ => None,
    };
    let router = http::router(app.clone());
    // The one line a supervisor waits for: every socket is bound now.
    eprintln!("softpass: listening on http://{addr}");
    let served = run_fronts(listener, router, front, shutdown).await;
    // Every connection is closed and every RADIUS task done: the last handle to the store and
    // the audit goes here.
    drop(app);
    let _ = audit_thread.join();
    served.map_err(|source| bind_error(&addr.to_string(), source))
}

fn bind_error(addr: &str, source: std::io::Error) -> ServerError {
    ServerError::Bind {
        addr: addr.to_owned(),
        source,
    }
}

/// HTTP and RADIUS side by side until `shutdown`; each finishes what it has in flight.
async fn run_fronts<S: Store>(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    front: Option<Arc<radius::Front<S>>>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let (stop_tx, stop) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown.await;
        let _ = stop_tx.send(true);
    });
    let mut http_stop = stop.clone();
    let http_stop = async move {
        let _ = http_stop.wait_for(|s| *s).await;
    };
    let radius = async move {
        if let Some(f) = front {
            f.serve(stop).await;
        }
    };
    let (served, ()) = tokio::join!(http::serve(listener, router, http_stop), radius);
    served
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(db: &str, smtp: &str) -> Config {
        Config {
            listen: "127.0.0.1:0".into(),
            db: Some(db.into()),
            data_dir: PathBuf::from("/data"),
            mode: Mode::default(),
            enroll_type: Kind::Hotp,
            users: None,
            durability: Durability::default(),
            policy: Policy::default(),
            pg_pool: 16,
            radius: None,
            mail: MailConfig {
                smtp: Some(smtp.into()),
                from: "a@example.org".into(),
            },
        }
    }

    #[test]
    fn a_mistyped_db_url_and_debug_keep_the_password_out() {
        // `postgre://` (a typo) is no recognised scheme: refused, named without the password.
        let Err(e) = parse_db(
            Some("postgre://u:Hunter2pw@db.example:5432/x"),
            Path::new("/d"),
        ) else {
            panic!("accepted");
        };
        assert_eq!(
            e.to_string(),
            "--db postgre://…@db.example:5432/x: expected sqlite:PATH or postgres://..."
        );
        let cfg = config("postgres://u:Hunter2pw@db/x", "smtp://v:Smtp9pw@mail:25");
        let shown = format!("{cfg:?}");
        assert!(
            !shown.contains("Hunter2pw") && !shown.contains("Smtp9pw"),
            "{shown}"
        );
        assert!(shown.contains("postgres://…@db/x"), "{shown}");
        // Nothing to hide: shown as given.
        assert!(format!("{:?}", config("sqlite:/x.db", "smtp://m:25")).contains("sqlite:/x.db"));
    }
}
