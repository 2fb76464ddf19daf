//! The terminal UI in a real terminal: the built binary in a private tmux server on a sandbox
//! vault; `send-keys` types, `capture-pane` reads the screen, and results are checked on screen
//! and through the CLI (and README's everyday commands run as written). Needs tmux: skipped with
//! a message when missing, a failure under CI.
#[path = "../support/mod.rs"]
mod support;

mod code;
mod import;
mod keys;
mod login;
mod otp_pin;
mod readme;
mod start;

use support::tmux::Tmux;

/// The TUI on a vault holding `alice` (imported with `extra`), with settings `config`; `None`
/// when tmux is missing (the test skips; a failure under CI).
fn alice(extra: &[&str], config: &str) -> Option<(support::Sandbox, support::tmux::Tmux)> {
    support::require(&["tmux"]).then(|| support::tmux::alice_tui(extra, config, None))
}

/// `key` on `alice` (Enter, `c`, ...), then her PIN typed in the dialog that asks for it.
fn unlock_alice(tmux: &Tmux, key: &str) {
    tmux.keys(&[key]);
    tmux.wait_for("the PIN dialog", |s| {
        s.contains("Application PIN for 'alice'")
    });
    tmux.type_text(support::PIN);
}
