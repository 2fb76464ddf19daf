//! Provisioning through the admin API: N virtual users (POST /user/) with one token each
//! (DELETE /token/<serial>, POST /token/init with a key and PIN derived from the seed). A server
//! that cannot create users gets unassigned tokens, checked by `serial=`.
use super::Config;
use super::model::{ModelToken, OTPLEN, TIME_STEP};
use super::rng::Rng;
use crate::client::{Admin, ClientError, PiClient};
use softpass_core::secret::SecretString;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::Semaphore;

/// How the admin authenticates.
pub enum AdminAuth {
    /// softpass serve: `Authorization: Bearer <key>`.
    Key(SecretString),
    /// privacyIDEA: `POST /auth` with user and password first.
    Password {
        user: String,
        password: SecretString,
    },
}

/// One virtual user: its login, its token at the server and the model of that token.
pub struct SimUser {
    pub index: u32,
    pub login: String,
    pub serial: String,
    pub pin: String,
    pub wrong_pin: String,
    pub tok: ModelToken,
    /// This user has no token at the server (`tokens.without_token`).
    pub tokenless: bool,
    /// Drives this user's episodes: the same seed gives each user the same sequence.
    pub rng: Rng,
    /// Requests sent so far: the next goes to server `turn % servers` (round robin per user).
    pub turn: usize,
}

/// The provisioned run: an admin client per server (the first provisioned), the users,
/// whether logins go by `serial=`.
pub struct Setup {
    pub http: Vec<PiClient>,
    pub users: Vec<SimUser>,
    pub by_serial: bool,
    pub provision_s: f64,
}

/// Streams of the seed (one generator per purpose and user).
const KEY: u64 = 1;
const PIN: u64 = 2;
const KIND: u64 = 3;
const EPISODES: u64 = 4;
const TOKENLESS: u64 = 5;

/// The user's secrets and scenario stream from the seed alone.
fn derive_user(cfg: &Config, index: u32) -> SimUser {
    let i = u64::from(index);
    let mut key = [0u8; 20];
    Rng::derive(cfg.seed, KEY, i).fill(&mut key);
    let pin = format!("{:04}", Rng::derive(cfg.seed, PIN, i).range(0, 9999));
    // A different last digit: same length, certainly wrong.
    let mut wrong = pin.clone().into_bytes();
    wrong[3] = b'0' + (wrong[3] - b'0' + 1) % 10;
    let totp = Rng::derive(cfg.seed, KIND, i).chance(cfg.scenario.tokens.totp_share);
    SimUser {
        index,
        login: format!("sim{}u{index}", cfg.seed),
        serial: format!("SIM{}X{index:05}", cfg.seed),
        pin,
        wrong_pin: String::from_utf8(wrong).expect("digits"),
        tok: ModelToken::new(&key, totp, cfg.scenario.tokens.maxfail),
        tokenless: Rng::derive(cfg.seed, TOKENLESS, i).chance(cfg.scenario.tokens.without_token),
        rng: Rng::derive(cfg.seed, EPISODES, i),
        turn: 0,
    }
}

async fn admin_client(cfg: &Config, url: &str) -> Result<PiClient, ClientError> {
    let http = PiClient::new(url, cfg.timeout)?;
    Ok(match &cfg.admin {
        AdminAuth::Key(k) => http.with_admin(Admin::Key(k.duplicate())),
        AdminAuth::Password { user, password } => http.login_admin(user, password).await?,
    })
}

/// Create the user, or find it there already; `Ok(false)`: this server cannot create users.
async fn ensure_user(http: &PiClient, u: &SimUser) -> Result<bool, ClientError> {
    let email = format!("{}@example.invalid", u.login);
    let params = [
        ("user", u.login.as_str()),
        ("password", u.pin.as_str()),
        ("email", email.as_str()),
    ];
    match http.user_create(&params).await {
        Ok(()) => Ok(true),
        // A refused credential is the error itself, not a server without a user store.
        Err(e @ ClientError::Refused { status: 401, .. }) => Err(e),
        Err(ClientError::Refused { .. }) => Ok(http.user_exists(&u.login).await.unwrap_or(false)),
        Err(e) => Err(e),
    }
}

async fn init_token(
    http: &PiClient,
    u: &SimUser,
    key_hex: &str,
    by_serial: bool,
    maxfail: u32,
) -> Result<(), ClientError> {
    http.token_delete(&u.serial).await?;
    if u.tokenless {
        return Ok(());
    }
    let otplen = OTPLEN.to_string();
    let step = TIME_STEP.to_string();
    let mut params = vec![
        ("type", if u.tok.totp { "totp" } else { "hotp" }),
        ("serial", u.serial.as_str()),
        ("otpkey", key_hex),
        ("pin", u.pin.as_str()),
        ("otplen", otplen.as_str()),
        ("hashlib", "sha1"),
    ];
    if u.tok.totp {
        params.push(("timeStep", step.as_str()));
    }
    if !by_serial {
        params.push(("user", u.login.as_str()));
    }
    http.token_init(&params).await?;
    if maxfail != 10 {
        http.token_set(&u.serial, "max_failcount", &maxfail.to_string())
            .await?;
    }
    Ok(())
}

fn key_hex(cfg: &Config, index: u32) -> String {
    let mut key = [0u8; 20];
    Rng::derive(cfg.seed, KEY, u64::from(index)).fill(&mut key);
    hex::encode(key)
}

pub async fn provision(cfg: &Config, notes: &mut dyn FnMut(&str)) -> Result<Setup, ClientError> {
    let t0 = Instant::now();
    let mut clients = Vec::with_capacity(cfg.servers.len());
    for url in &cfg.servers {
        clients.push(admin_client(cfg, url).await?);
    }
    let http = clients[0].clone();
    let users: Vec<SimUser> = (0..cfg.users).map(|i| derive_user(cfg, i)).collect();
    let by_serial = !ensure_user(&http, &users[0]).await?;
    if by_serial {
        if !cfg.radius.is_empty() || users.iter().any(|u| u.tokenless) {
            return Err(ClientError::Io(
                "RADIUS logins and users without a token need users, and this server cannot create them".into(),
            ));
        }
        notes(
            "the server cannot create users (no editable user store): the tokens are not assigned and logins are checked by serial=",
        );
    }
    let gate = Arc::new(Semaphore::new(16));
    let mut tasks = Vec::with_capacity(users.len());
    for u in users {
        let (http, gate, key) = (http.clone(), gate.clone(), key_hex(cfg, u.index));
        let maxfail = cfg.scenario.tokens.maxfail;
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire().await.expect("never closed");
            if !by_serial && u.index > 0 && !ensure_user(&http, &u).await? {
                return Err(ClientError::Io(format!(
                    "user {} could not be created",
                    u.login
                )));
            }
            init_token(&http, &u, &key, by_serial, maxfail).await?;
            Ok(u)
        }));
    }
    let mut ready = Vec::with_capacity(tasks.len());
    for t in tasks {
        ready.push(t.await.map_err(|e| ClientError::Io(e.to_string()))??);
    }
    Ok(Setup {
        http: clients,
        users: ready,
        by_serial,
        provision_s: t0.elapsed().as_secs_f64(),
    })
}
