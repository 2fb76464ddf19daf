//! The clap definition of the whole command line (docs/cli.md), man page and
//! completions are generated from it.
use super::secret_arg::{InputFile, SecretArg};
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "softpass",
    version,
    about = "Software-token client: MobilePASS, HOTP and TOTP eTokens from a PIN-protected vault",
    long_about = "Software-token client in the style of SafeNet MobilePASS.\n\nWith no command it opens the terminal UI."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// The vault file [default: <data dir>/softpass/vault.json]
    #[arg(long, global = true, env = "SOFTPASS_VAULT", value_name = "PATH")]
    pub vault: Option<PathBuf>,
    /// The settings file [default: <config dir>/softpass/config.toml]
    #[arg(long, global = true, env = "SOFTPASS_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Machine-readable output: one JSON document on stdout
    #[arg(long, global = true)]
    pub json: bool,
    /// Read the application PIN from the first line of standard input
    #[arg(long, global = true)]
    pub pin_stdin: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add token(s) to the vault from a seed file, a MobilePASS activation code, an otpauth URI or an issue document
    Import(ImportArgs),
    /// List the tokens (no PIN needed)
    List,
    /// Generate the next eToken
    Code(CodeArgs),
    /// Change a token's application PIN
    Pin(PinArgs),
    /// Set, change or clear the OTP PIN stored (sealed) with a token; needs its application PIN
    OtpPin(OtpPinArgs),
    /// Rename a token (no PIN needed)
    Rename(RenameArgs),
    /// Remove a token (needs its PIN)
    Remove(RemoveArgs),
    /// Export a token as an otpauth:// URI (needs its PIN)
    Export(ExportArgs),
    /// Stateless calculator: codes from a secret, URI or activation code; no vault
    Calc(CalcArgs),
    /// The server side of activation: create tokens, write seed files, print activation e-mails
    Issue(IssueArgs),
    /// Log in to a privacyIDEA-compatible server (HTTP or RADIUS) with the next eToken
    Login(LoginArgs),
    /// Load-test a privacyIDEA-compatible server with many virtual users, checking every answer
    Simulate(SimulateArgs),
    /// The OTP service: validate "OTP PIN + eToken" logins over privacyIDEA's HTTP API
    Serve(ServeArgs),
    /// Open the terminal UI (the default with no command)
    Tui(TuiArgs),
    /// The terminal UI on a throw-away vault holding the demo token from seeds/ (--server: the whole chain, enrolment by e-mail to login)
    Demo(super::args_chain::DemoArgs),
    /// Print shell completions
    Completions(CompletionsArgs),
    /// Print the man page (roff)
    Man,
    /// Internal: copy the value on stdin to the clipboard (`--serve`: the detached X11 helper)
    #[command(hide = true, name = softpass_client::clipboard::HELPER_COMMAND)]
    ClipboardHelper(ClipboardHelperArgs),
}

/// Key-derivation cost for newly sealed tokens (defaults: docs/security.md).
#[derive(Debug, Args, Clone, Copy)]
pub struct KdfArgs {
    /// Argon2id memory in KiB for newly sealed tokens
    #[arg(long, value_name = "N", default_value_t = 65536)]
    pub kdf_memory_kib: u32,
    /// Argon2id iterations for newly sealed tokens
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub kdf_iterations: u32,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("source").required(true).args(["seed_file", "mobilepass", "uri", "issued", "email"])))]
pub struct ImportArgs {
    /// A seed file: PSKC (RFC 6030), SafeNet/Aladdin XML or OATH CSV (told apart by content)
    #[arg(long, value_name = "FILE")]
    pub seed_file: Option<PathBuf>,
    /// The activation key the seed file is encrypted with (env SOFTPASS_ACTIVATION_KEY; else asked; - or @FILE)
    #[arg(
        long,
        value_name = "KEY",
        requires = "seed_file",
        env = "SOFTPASS_ACTIVATION_KEY",
        hide_env_values = true
    )]
    pub activation_key: Option<SecretArg>,
    /// The pre-shared AES key (hex) of a PSKC file; `-`: first line of stdin, `@FILE`: first line of FILE (env SOFTPASS_PSK)
    #[arg(
        long,
        value_name = "HEX|-|@FILE",
        requires = "seed_file",
        conflicts_with = "activation_key",
        env = "SOFTPASS_PSK",
        hide_env_values = true
    )]
    pub psk: Option<SecretArg>,
    /// Pick from a seed file: SERIAL (every key of that device) or SERIAL:KEYID (one key); default: all
    #[arg(long, value_name = "S[:KEYID]", requires = "seed_file")]
    pub serial: Option<String>,
    /// Activate every token an `issue --json` document lists, each under its own application PIN
    #[arg(long, value_name = "FILE.json", conflicts_with = "name")]
    pub issued: Option<PathBuf>,
    /// An activation e-mail (.eml; - for stdin): its attached seed file, opened with the Activation Key and PIN its text gives
    #[arg(long, value_name = "FILE|-", conflicts_with = "serial")]
    pub email: Option<InputFile>,
    /// A MobilePASS activation code, e.g. QVKYC-FM6KO-SY6F7-TR22W (- or @FILE: from stdin or a file)
    #[arg(long, value_name = "CODE")]
    pub mobilepass: Option<SecretArg>,
    /// The MobilePASS policy string handed out with the code
    #[arg(long, value_name = "P", requires = "mobilepass")]
    pub policy: Option<String>,
    /// First counter of a MobilePASS token
    #[arg(long, value_name = "N", requires = "mobilepass")]
    pub counter: Option<u64>,
    /// Digits of a MobilePASS token
    #[arg(long, value_name = "6|8", requires = "mobilepass", value_parser = ["6", "8"])]
    pub digits: Option<String>,
    /// An otpauth://hotp/... or otpauth://totp/... key URI (- or @FILE: from stdin or a file)
    #[arg(long, value_name = "URI")]
    pub uri: Option<SecretArg>,
    /// Name of the token (default: the serial, or the URI label)
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// OTP PIN to store (sealed) for combined output (- or @FILE: from stdin or a file)
    #[arg(long, value_name = "PIN")]
    pub otp_pin: Option<SecretArg>,
    /// Re-activate an existing serial (allowed when locked; the counter never goes back)
    #[arg(long)]
    pub replace: bool,
    #[command(flatten)]
    pub kdf: KdfArgs,
}

#[derive(Debug, Args)]
pub struct CodeArgs {
    /// Token name or serial (optional when the vault holds one token)
    pub name: Option<String>,
    /// Print OTP PIN + eToken
    #[arg(long)]
    pub combined: bool,
    /// Also copy to the clipboard (the combined value when an OTP PIN is known)
    #[arg(long)]
    pub copy: bool,
    /// OTP PIN to use for this call instead of the stored one (- or @FILE)
    #[arg(long, value_name = "PIN")]
    pub otp_pin: Option<SecretArg>,
    /// Time-based tokens: compute at this Unix time (no state change)
    #[arg(long, value_name = "UNIX")]
    pub time: Option<u64>,
    /// Number of consecutive eTokens in one unlock (with --json: always an array)
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub count: Option<u32>,
}

impl CodeArgs {
    /// How many eTokens to produce (1 unless `--count` was given).
    pub fn how_many(&self) -> u32 {
        self.count.unwrap_or(1)
    }
}

#[derive(Debug, Args)]
pub struct PinArgs {
    /// Token name or serial (optional when the vault holds one token)
    pub name: Option<String>,
    #[command(flatten)]
    pub kdf: KdfArgs,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("change").required(true).args(["otp_pin", "clear"])))]
pub struct OtpPinArgs {
    /// Token name or serial (optional when the vault holds one token)
    pub name: Option<String>,
    /// The OTP PIN to store, sealed with the token (- or @FILE: from stdin or a file)
    #[arg(long, value_name = "PIN")]
    pub otp_pin: Option<SecretArg>,
    /// Remove the stored OTP PIN
    #[arg(long)]
    pub clear: bool,
}

#[derive(Debug, Args)]
pub struct RenameArgs {
    pub name: String,
    pub new_name: String,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    pub name: String,
    /// Do not ask for confirmation
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Token name or serial (optional when the vault holds one token)
    pub name: Option<String>,
    /// Print the otpauth:// URI (carries the secret)
    #[arg(long, required = true)]
    pub uri: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HashArg {
    Sha1,
    Sha256,
    Sha512,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("source").required(true).args(["mobilepass", "uri", "secret"])))]
#[command(group(ArgGroup::new("start").args(["counter", "time"])))]
pub struct CalcArgs {
    /// A MobilePASS activation code (- or @FILE: from stdin or a file)
    #[arg(long, value_name = "CODE")]
    pub mobilepass: Option<SecretArg>,
    /// MobilePASS policy string
    #[arg(long, value_name = "P", requires = "mobilepass")]
    pub policy: Option<String>,
    /// An otpauth:// URI (- or @FILE: from stdin or a file)
    #[arg(long, value_name = "URI")]
    pub uri: Option<SecretArg>,
    /// A base32 secret (- or @FILE: from stdin or a file)
    #[arg(long, value_name = "BASE32")]
    pub secret: Option<SecretArg>,
    /// HMAC algorithm for --secret
    #[arg(long, value_enum)]
    pub algorithm: Option<HashArg>,
    /// Number of digits (6-10)
    #[arg(long, value_name = "N")]
    pub digits: Option<u8>,
    /// Time-based (TOTP) instead of event-based
    #[arg(long, requires = "secret", conflicts_with_all = ["mobilepass", "uri"])]
    pub totp: bool,
    /// TOTP period in seconds
    #[arg(long, value_name = "S")]
    pub period: Option<u32>,
    /// First counter
    #[arg(long, value_name = "N")]
    pub counter: Option<u64>,
    /// Unix time (time-based tokens)
    #[arg(long, value_name = "UNIX")]
    pub time: Option<u64>,
    /// How many codes
    #[arg(long, value_name = "K", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    pub count: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TokenTypeArg {
    Hotp,
    Totp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeedFormatArg {
    /// PSKC (RFC 6030), encrypted with the activation key, with the PIN and its policy
    Pskc,
    /// SafeNet/Aladdin eToken PASS XML (HOTP, 6 digits; not encrypted)
    AladdinXml,
    /// OATH CSV (hash given by the key length; not encrypted)
    Oathcsv,
}

#[derive(Debug, Args)]
pub struct IssueArgs {
    /// Folder for the seed files (<SERIAL>.pskc, .xml or .csv)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Seed-file format
    #[arg(long, value_enum, default_value = "pskc")]
    pub format: SeedFormatArg,
    /// How many tokens
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub count: u32,
    #[arg(long = "type", value_enum, default_value = "hotp")]
    pub token_type: TokenTypeArg,
    #[arg(long, value_enum, default_value = "sha1")]
    pub algorithm: HashArg,
    #[arg(long, value_name = "N", default_value_t = 6)]
    pub digits: u8,
    /// TOTP period in seconds
    #[arg(long, value_name = "S", default_value_t = 30)]
    pub period: u32,
    /// Application PIN (default: 4 random digits per token; - or @FILE)
    #[arg(long, value_name = "PIN")]
    pub app_pin: Option<SecretArg>,
    /// Lock the token after this many wrong PINs
    #[arg(long, value_name = "N")]
    pub max_failed_attempts: Option<u32>,
    /// Address the activation e-mail is written to (its To:)
    #[arg(long, value_name = "ADDR")]
    pub email: Option<String>,
    /// Also write each token's activation e-mail, seed file attached, as <SERIAL>.eml (RFC 5322/MIME)
    #[arg(long)]
    pub eml: bool,
    /// Sender of the activation e-mail: ADDR or "NAME <ADDR>" [default: "<ISSUER> token service" <softpass@localhost>]
    #[arg(long, value_name = "ADDR")]
    pub mail_from: Option<String>,
    /// Issuer name written into the seed file and the otpauth URI
    #[arg(long, value_name = "NAME", default_value = "softpass")]
    pub issuer: String,
    /// Reproduce a known token: its serial (16 hex digits; only with --count 1)
    #[arg(long, value_name = "HEX16", hide = true)]
    pub serial: Option<String>,
    /// Reproduce a known token: its activation key (16 characters A-Z a-z 0-9)
    #[arg(long, value_name = "KEY", hide = true)]
    pub activation_key: Option<SecretArg>,
    /// Reproduce a known token: its secret in hex (only with --count 1)
    #[arg(long, value_name = "HEX", hide = true)]
    pub secret_hex: Option<SecretArg>,
    /// PBKDF2 iterations for the seed file (tests may pass small values)
    #[arg(long, value_name = "N", hide = true, default_value_t = softpass_core::pskc::DEFAULT_PBKDF2_ITERATIONS)]
    pub pbkdf2_iterations: u32,
}

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
    pub mail: super::args_chain::MailArgs,
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
    pub enrol: super::args_chain::EnrolArgs,
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

#[derive(Debug, Args)]
pub struct TuiArgs {
    /// Use a throw-away vault with the demo token from seeds/
    #[arg(long)]
    pub demo: bool,
}

/// The hidden clipboard helper (docs/clipboard.md). The value always comes on stdin.
#[derive(Debug, Args)]
pub struct ClipboardHelperArgs {
    /// Be the detached helper: set the system clipboard, print `ok`, serve until cleared
    #[arg(long)]
    pub serve: bool,
    /// With --serve, inside tmux: delete the paste buffer at the clear time if it is still ours
    #[arg(long, requires = "serve")]
    pub tmux: bool,
    /// With --tmux: the paste buffer the copy created (default: the newest)
    #[arg(long, value_name = "NAME", requires = "tmux")]
    pub buffer: Option<String>,
    /// Seconds until the clipboard is cleared if it still holds the value (0 = never)
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub clear_after: u64,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
