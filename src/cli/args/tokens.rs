//! The token-making commands' options: calc (the stateless calculator) and issue.
use crate::cli::secret_arg::SecretArg;
use clap::{ArgGroup, Args, ValueEnum};
use std::path::PathBuf;

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
