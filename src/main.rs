//! Binary entry point: parse, hand the command to its shell (TUI or CLI), return the exit code.
mod cli;
mod exit;
mod tui;

use cli::Command;
use std::process::ExitCode;

fn main() -> ExitCode {
    let parsed = match cli::parse() {
        Ok(parsed) => parsed,
        Err(e) => return cli::exit_with_parse_error(e),
    };
    let demo = match &parsed.command {
        None => false,
        Some(Command::Tui(t)) => t.demo,
        Some(Command::Demo(d)) if !d.server => true,
        Some(_) => return cli::run(parsed),
    };
    let options = tui::Options {
        vault: parsed.global.vault.clone(),
        config: parsed.global.config.clone(),
        demo,
    };
    exit::report(tui::run(options))
}
