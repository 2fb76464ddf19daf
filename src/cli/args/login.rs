//! The login side's options: serve, login, simulate.
use super::TokenTypeArg;
use crate::cli::secret_arg::SecretArg;
use clap::{ArgGroup, Args, ValueEnum};
use std::path::PathBuf;

/// `--mode`: the RAS "Authentication → Mode" setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// Every user needs a token
    Mandatory,
    /// A known user without a token is asked to enrol (OTP PIN + e-mail)
    CreateToken,
    /// A known user without a token passes without OTP
    SafenetOnly,
}

/// `--durability`: what an accepted login's commit survives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DurabilityArg {
    /// A killed server process (SQLite WAL, synchronous=NORMAL)
    Normal,
    /// Also a power loss: every commit is fsynced (batched)
    Fsync,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on for HTTP
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// The database: sqlite:PATH or postgres://... [default: sqlite:<data-dir>/server.db]
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
    /// The data folder: admin.key, server.key, outbox/, audit.jsonl [default: <data dir>/softpass/server/]
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// What a known user without a token gets
    #[arg(long, value_enum, default_value = "mandatory")]
    pub mode: ModeArg,
    /// Type of the tokens created by enrolment
    #[arg(long, value_enum, default_value = "hotp")]
    pub enroll_type: TokenTypeArg,
    /// The user repository: CSV `user,email` with a header line
    #[arg(long, value_name = "FILE")]
    pub users: Option<PathBuf>,
    /// What an accepted login survives once answered (SQLite)
    #[arg(long, value_enum, default_value = "normal")]
    pub durability: DurabilityArg,
    /// Minutes after which a token at its fail-counter maximum starts afresh (0: only an admin reset)
    #[arg(long, value_name = "MINUTES", default_value_t = 0)]
    pub failcounter_clear_timeout: u64,
    /// Two consecutive eTokens beyond the look-ahead window resynchronise (privacyIDEA's AutoResync)
    #[arg(long)]
    pub auto_resync: bool,
    /// PostgreSQL connections per process
    #[arg(long, value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub pg_pool: u16,
    /// Also answer RADIUS Access-Requests on this UDP address (clients and secrets: <data-dir>/radius-clients)
    #[arg(long, value_name = "ADDR")]
    pub radius: Option<String>,
    #[command(flatten)]
    pub mail: super::chain::MailArgs,
}

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Token name or serial in the vault (optional when the vault holds one token)
    pub name: Option<String>,
    /// The server's base URL, http://HOST[:PORT] (needed unless --radius is given)
    #[arg(long, value_name = "URL", required_unless_present = "radius")]
    pub server: Option<String>,
    /// The login name at the server
    #[arg(long, value_name = "USER")]
    pub user: String,
    /// OTP PIN to send instead of the stored one (also the new OTP PIN for an enrolment)
    #[arg(long, value_name = "PIN")]
    pub otp_pin: Option<SecretArg>,
    /// Address for the activation e-mail when the server asks for an enrolment
    #[arg(long, value_name = "ADDR")]
    pub email: Option<String>,
    /// Log in over RADIUS (PAP) to this server, HOST:PORT
    #[arg(long, value_name = "ADDR", requires = "radius_secret_file")]
    pub radius: Option<String>,
    /// File whose first line is the RADIUS shared secret
    #[arg(long, value_name = "FILE", requires = "radius")]
    pub radius_secret_file: Option<PathBuf>,
    /// Seconds to wait for an answer (RADIUS: per send, 3 sends)
    #[arg(long, value_name = "SECS", default_value_t = 5.0)]
    pub timeout: f64,
    #[command(flatten)]
    pub enrol: super::chain::EnrolArgs,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("admin").required(true).args(["admin_key_file", "admin_user"])))]
#[command(group(ArgGroup::new("bound").required(true).args(["logins", "duration"])))]
pub struct SimulateArgs {
    /// The server's base URL, http://HOST[:PORT]; repeated: nodes of one service, each user's requests taking them in turn (the first provisions)
    #[arg(long, value_name = "URL", required = true)]
    pub server: Vec<String>,
    /// File whose first line is an admin API key (sent as `Authorization: Bearer KEY`)
    #[arg(long, value_name = "FILE")]
    pub admin_key_file: Option<PathBuf>,
    /// Admin user name for POST /auth (privacyIDEA)
    #[arg(long, value_name = "U", requires = "admin_password_file")]
    pub admin_user: Option<String>,
    /// File whose first line is the admin password
    #[arg(long, value_name = "F", requires = "admin_user")]
    pub admin_password_file: Option<PathBuf>,
    /// Stop after this many logins
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u64).range(1..))]
    pub logins: Option<u64>,
    /// Stop after this many seconds
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
    pub duration: Option<u64>,
    /// Virtual users (each with one token)
    #[arg(long, value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub users: u32,
    /// Requests in flight at once
    #[arg(long, value_name = "C", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub concurrency: u32,
    /// Scenario mix (TOML; default: every outcome, see docs/simulate.md)
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Write the JSON report here
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Seed for the secrets, PINs and scenario sequence
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,
    /// Draw the latency histogram into this SVG file
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,
    /// Send the logins over RADIUS to HOST:PORT (provisioning stays on HTTP); repeated: each user's logins take them in turn
    #[arg(long, value_name = "ADDR", requires = "radius_secret_file")]
    pub radius: Vec<String>,
    /// File whose first line is the RADIUS shared secret
    #[arg(long, value_name = "FILE", requires = "radius")]
    pub radius_secret_file: Option<PathBuf>,
    /// Seconds to wait for one answer
    #[arg(long, value_name = "SECS", default_value_t = 30.0)]
    pub timeout: f64,
}
