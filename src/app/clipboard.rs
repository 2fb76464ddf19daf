//! Clipboard: system clipboard (arboard, X11/Wayland) else OSC 52, with clearing after a delay.
//! OWNER: clipboard helper.
use crate::app::AppError;
use crate::domain::secret::SecretString;
use std::time::Duration;

/// Which route a copy took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The desktop clipboard through arboard.
    System,
    /// An OSC 52 escape sequence to the terminal (works over SSH and in tmux).
    Osc52,
}

/// For the CLI: copy so the value survives this process exiting, cleared after `clear_after`
/// if it is still ours.
pub fn copy_detached(_value: &SecretString, _clear_after: Duration) -> Result<Backend, AppError> {
    todo!("clipboard helper")
}
