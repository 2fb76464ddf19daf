//! The terminal UI in a real terminal: the built binary in a private tmux server on a sandbox
//! vault; `send-keys` types, `capture-pane` reads the screen, and results are checked on screen
//! and through the CLI. Needs tmux: skipped with a message when missing, a failure under CI.
#[path = "../support/mod.rs"]
mod support;

mod code;
mod import;
mod keys;
mod start;

/// The TUI on a vault holding `alice` (imported with `extra`), with settings `config`; `None`
/// when tmux is missing (the test skips; a failure under CI).
fn alice(extra: &[&str], config: &str) -> Option<(support::Sandbox, support::tmux::Tmux)> {
    support::require(&["tmux"]).then(|| support::tmux::alice_tui(extra, config, None))
}
