//! The options of the whole chain (enrolment by e-mail) that several commands take, kept out of
//! args.rs: `serve`'s mail route, `login --enroll`, `demo --server` (docs/cli.md).
use clap::Args;

/// `serve`: where the activation e-mails of enrolments go.
#[derive(Debug, Args)]
pub struct MailArgs {
    /// Send enrolment e-mails over SMTP to smtp://HOST[:PORT] (plain SMTP) [default: write them to <data-dir>/outbox/]
    #[arg(long, value_name = "URL")]
    pub smtp: Option<String>,
    /// The From of enrolment e-mails: ADDR or "NAME <ADDR>"
    #[arg(long, value_name = "ADDR", default_value = softpass_client::mail::DEFAULT_FROM)]
    pub mail_from: String,
}

/// `login`: ask the server for a new token instead of sending one from the vault.
#[derive(Debug, Args)]
pub struct EnrolArgs {
    /// Ask for an enrolment (no eToken is sent; also what an empty vault does): the server's challenge is answered with --email and --otp-pin
    #[arg(long, conflicts_with = "name")]
    pub enroll: bool,
}

/// `demo`: the TUI demo, or the whole chain against a throw-away server.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Run the whole chain instead of the TUI: a throw-away `serve`, enrolment by e-mail, `import --email`, login (prints each step, exits)
    #[arg(long)]
    pub server: bool,
}
