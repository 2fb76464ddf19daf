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

/// For the long-lived TUI: copies, remembers what it copied, clears when due or when asked.
pub struct Clipboard {
    _private: (),
}

#[allow(clippy::new_without_default)] // placeholder until implemented
impl Clipboard {
    /// Connects lazily; never fails (a missing clipboard shows up at `copy`).
    pub fn new() -> Self {
        todo!("clipboard helper")
    }
    /// System clipboard, else OSC 52 to the terminal; the value is cleared after `clear_after`
    /// if the clipboard still holds it. Call from the UI thread between frames.
    pub fn copy(
        &mut self,
        _value: &SecretString,
        _clear_after: Duration,
    ) -> Result<Backend, AppError> {
        todo!("clipboard helper")
    }
    /// Call about once a second: clears the clipboard when the clear time has come.
    pub fn tick(&mut self) {
        todo!("clipboard helper")
    }
    /// Clear now if the clipboard still holds our value (lock, quit).
    pub fn clear_if_ours(&mut self) {
        todo!("clipboard helper")
    }
}
