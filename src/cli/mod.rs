//! The command-line shell: clap definition in `args`, one module per command in `commands`.
pub mod args;
mod commands;
pub mod output;
pub mod secret_arg;
mod usage;

pub use args::{Cli, Command};

use crate::exit;
use clap::Parser;
use std::process::ExitCode;

/// Parse arguments; `Err` carries clap's own message and exit status (help, version, usage).
/// Secret options given as `-` or `@FILE` have been read by then (secret_arg.rs); one of them on
/// stdin together with `--pin-stdin` is a usage error here, before any command runs.
pub fn parse() -> Result<Cli, clap::Error> {
    let cli = Cli::try_parse()?;
    secret_arg::check_stdin(cli.global.pin_stdin)
        .map_err(|why| clap::Error::raw(clap::error::ErrorKind::ArgumentConflict, why))?;
    Ok(cli)
}

/// Run a parsed non-TUI command and map its outcome to the exit-code table.
pub fn run(cli: Cli) -> ExitCode {
    exit::report(commands::dispatch(cli))
}

/// For `main`: print clap's message (help, version or a usage error) and exit with its code.
pub fn exit_with_parse_error(err: clap::Error) -> ExitCode {
    let code = if err.use_stderr() {
        exit::Exit::Usage
    } else {
        exit::Exit::Success
    };
    if err.use_stderr() {
        let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
        eprintln!("{}", usage::usage_line(&err, &argv));
    } else {
        // --help and --version: clap's own text on stdout.
        let _ = err.print();
    }
    code.into()
}
