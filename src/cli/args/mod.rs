//! The clap definition of the whole command line (docs/cli.md); the man page and the
//! completions are generated from it. One module per part of the surface.
mod chain;
mod login;
mod tokens;
mod vault;

pub use chain::DemoArgs;
pub use login::*;
pub use tokens::*;
pub use vault::*;

use clap::{Args, Parser, Subcommand};
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
    Demo(DemoArgs),
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
