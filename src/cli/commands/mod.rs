//! One module per command; `dispatch` routes a parsed command line to it.
mod calc;
mod clipboard;
mod demo_server;
mod issue;
mod lifecycle;
mod login;
mod meta;
mod serve;
mod simulate;

use super::args::{Cli, Command};

pub fn dispatch(cli: Cli) -> anyhow::Result<()> {
    let global = &cli.global;
    match cli.command {
        Some(Command::Calc(a)) => calc::run(global, &a),
        Some(Command::Issue(a)) => issue::run(global, &a),
        Some(Command::Import(a)) => lifecycle::import(global, &a),
        Some(Command::List) => lifecycle::list(global),
        Some(Command::Code(a)) => lifecycle::code(global, &a),
        Some(Command::Pin(a)) => lifecycle::pin(global, &a),
        Some(Command::OtpPin(a)) => lifecycle::otp_pin(global, &a),
        Some(Command::Rename(a)) => lifecycle::rename(global, &a),
        Some(Command::Remove(a)) => lifecycle::remove(global, &a),
        Some(Command::Export(a)) => lifecycle::export(global, &a),
        Some(Command::Login(a)) => login::run(global, &a),
        Some(Command::Simulate(a)) => simulate::run(global, &a),
        Some(Command::Serve(a)) => serve::run(&a),
        Some(Command::Demo(a)) if a.server => demo_server::run(global),
        Some(Command::Completions(a)) => meta::completions(&a),
        Some(Command::Man) => meta::man(),
        Some(Command::ClipboardHelper(a)) => clipboard::run(&a),
        // The TUI commands are routed by main.rs before this point.
        None | Some(Command::Tui(_)) | Some(Command::Demo(_)) => {
            anyhow::bail!("internal: the terminal UI is not started from the CLI shell")
        }
    }
}
