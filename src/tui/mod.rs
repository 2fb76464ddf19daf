//! The terminal UI: state, messages/update, pure views, and a thin runtime that owns the terminal.
pub mod demo;
pub mod dialogs;
mod form;
mod importer;
mod input;
pub mod keymap;
pub mod msg;
mod outcome;
mod run;
mod session;
mod signals;
pub mod state;
mod submit;
pub mod update;
pub mod view;

use std::path::PathBuf;

/// How the TUI was started (built by main.rs from the command line).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--vault` / `SOFTPASS_VAULT`; `None`: the default path.
    pub vault: Option<PathBuf>,
    /// `--config` / `SOFTPASS_CONFIG`; `None`: the default path.
    pub config: Option<PathBuf>,
    /// A throw-away vault with the demo token from seeds/.
    pub demo: bool,
}

/// Open the TUI; returns when the user quits. The terminal is restored even on panic.
pub fn run(options: Options) -> anyhow::Result<()> {
    run::run(options)
}
#[cfg(test)]
mod tests;
