//! The terminal UI: state, messages/update, pure views. OWNER: tui helper.
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

pub fn run(_options: Options) -> anyhow::Result<()> {
    todo!("tui helper")
}
