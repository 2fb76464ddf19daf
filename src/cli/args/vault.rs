//! The vault commands' options: import, code, pin, otp-pin, rename, remove, export.
use super::KdfArgs;
use crate::cli::secret_arg::{InputFile, SecretArg};
use clap::{ArgGroup, Args};
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("source").required(true).args(["seed_file", "mobilepass", "uri", "issued", "email"])))]
pub struct ImportArgs {
    /// A seed file: PSKC (RFC 6030), SafeNet/Aladdin XML or OATH CSV (told apart by content)
    #[arg(long, value_name = "FILE")]
    pub seed_file: Option<PathBuf>,
    /// The activation key the seed file is encrypted with (env SOFTPASS_ACTIVATION_KEY; else asked; - or @FILE)
    // The variables behind these two are read by the command, and only with --seed-file: clap
    // would count a variable as given, and refuse every other source while one is exported.
    #[arg(long, value_name = "KEY", requires = "seed_file")]
    pub activation_key: Option<SecretArg>,
    /// The pre-shared AES key (hex) of a PSKC file; `-`: first line of stdin, `@FILE`: first line of FILE (env SOFTPASS_PSK)
    #[arg(
        long,
        value_name = "HEX|-|@FILE",
        requires = "seed_file",
        conflicts_with = "activation_key"
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
