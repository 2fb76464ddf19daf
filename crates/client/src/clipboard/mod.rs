//! Clipboard: system clipboard (arboard, X11/Wayland) else OSC 52, with clearing after a delay.
//! What the backends can and cannot do is in docs/clipboard.md.
mod osc52;
mod serve;
mod system;

pub use serve::{HELPER_COMMAND, read_value, serve, serve_tmux};

use crate::AppError;
use softpass_core::secret::SecretString;
use std::time::{Duration, Instant};
use system::System;

/// Which route a copy took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The desktop clipboard through arboard.
    System,
    /// An OSC 52 escape sequence to the terminal (works over SSH and in tmux).
    Osc52,
}

impl Backend {
    /// `system` or `osc52`, for messages and `--json`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::System => "system",
            Backend::Osc52 => "osc52",
        }
    }
}

/// Both reasons in one line, so the user sees why neither route worked. Never the value.
fn no_clipboard(system: &str, osc52: &str) -> AppError {
    AppError::Clipboard(format!("cannot copy: {system}; {osc52}"))
}

/// For the CLI: copy so the value survives this process exiting, cleared after `clear_after`
/// (zero: never) if it is still ours. With a display, a helper process (this executable,
/// re-run as `softpass clipboard-helper --serve`) owns and serves the clipboard; without one the
/// value goes to the terminal by OSC 52, which is cleared afterwards only inside tmux, where a
/// `--serve --tmux` helper deletes the paste buffer if it is still ours (docs/clipboard.md).
pub fn copy_detached(value: &SecretString, clear_after: Duration) -> Result<Backend, AppError> {
    let system_err = if system::display_configured() {
        match serve::spawn(value, clear_after, serve::Target::System) {
            Ok(()) => return Ok(Backend::System),
            Err(reason) => reason,
        }
    } else {
        system::unavailable_reason()
    };
    if let Err(osc_err) = osc52::copy(value) {
        return Err(no_clipboard(&system_err, &osc_err));
    }
    // tmux's paste buffer is the one OSC 52 target that can be read back, hence cleared safely.
    // Best effort: the copy itself has succeeded either way.
    if osc52::in_tmux() && !clear_after.is_zero() {
        let _ = serve::spawn(value, clear_after, serve::Target::Tmux);
    }
    Ok(Backend::Osc52)
}

/// What we copied last: the value itself (zeroized on drop, needed to compare on read-back).
struct Held {
    value: SecretString,
    backend: Backend,
    clear_at: Option<Instant>,
}

/// For the long-lived TUI: copies, remembers what it copied, clears when due or when asked.
pub struct Clipboard {
    system: Option<System>,
    held: Option<Held>,
}

impl std::fmt::Debug for Clipboard {
    /// Shows the route and the clear time, never the value.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clipboard")
            .field("connected", &self.system.is_some())
            .field("holding", &self.held.as_ref().map(|h| h.backend))
            .field("clear_at", &self.held.as_ref().and_then(|h| h.clear_at))
            .finish()
    }
}

/// Quitting (or unwinding from a panic) clears what we copied, as `clear_if_ours` does.
impl Drop for Clipboard {
    fn drop(&mut self) {
        self.clear_if_ours();
    }
}

impl Default for Clipboard {
    fn default() -> Self {
        Self::new()
    }
}

impl Clipboard {
    /// Connects lazily; never fails (a missing clipboard shows up at `copy`).
    pub fn new() -> Self {
        Self {
            system: None,
            held: None,
        }
    }

    /// System clipboard, else OSC 52 to the terminal; the value is cleared after `clear_after`
    /// (zero: never) if the clipboard still holds it. Call from the UI thread between frames.
    /// On `Err` nothing was copied: keep the code on screen.
    pub fn copy(
        &mut self,
        value: &SecretString,
        clear_after: Duration,
    ) -> Result<Backend, AppError> {
        let system_err = match self.copy_system(value) {
            Ok(()) => return Ok(self.remember(value, Backend::System, clear_after)),
            Err(reason) => reason,
        };
        match osc52::copy(value) {
            Ok(()) => Ok(self.remember(value, Backend::Osc52, clear_after)),
            Err(osc_err) => Err(no_clipboard(&system_err, &osc_err)),
        }
    }

    fn copy_system(&mut self, value: &SecretString) -> Result<(), String> {
        if self.system.is_none() {
            self.system = Some(System::connect()?);
        }
        match self.system.as_mut().map(|s| s.set(value)) {
            Some(Ok(())) => Ok(()),
            Some(Err(e)) => {
                // A broken connection (server gone): reconnect on the next copy.
                self.system = None;
                Err(e)
            }
            None => Err(system::unavailable_reason()),
        }
    }

    fn remember(
        &mut self,
        value: &SecretString,
        backend: Backend,
        clear_after: Duration,
    ) -> Backend {
        // A value left on the other route would never be cleared: clear it now.
        if self.held.as_ref().is_some_and(|h| h.backend != backend) {
            self.clear_if_ours();
        }
        let clear_at = if clear_after.is_zero() {
            None
        } else {
            Instant::now().checked_add(clear_after)
        };
        self.held = Some(Held {
            value: value.duplicate(),
            backend,
            clear_at,
        });
        backend
    }

    /// When the pending clear is due, if any (for a UI that sleeps until its next event).
    pub fn clear_at(&self) -> Option<Instant> {
        self.held.as_ref().and_then(|h| h.clear_at)
    }

    /// Call about once a second: clears the clipboard when the clear time has come.
    pub fn tick(&mut self) {
        if self.clear_at().is_some_and(|t| Instant::now() >= t) {
            self.clear_if_ours();
        }
    }

    /// Clear now if the clipboard still holds our value (lock, quit). The system clipboard is
    /// read back first; OSC 52 cannot be read back, so the terminal is told to clear only because
    /// nothing else was copied through us since (inside tmux the paste buffer is checked).
    pub fn clear_if_ours(&mut self) {
        let Some(held) = self.held.take() else {
            return;
        };
        match held.backend {
            Backend::System => {
                if let Some(system) = self.system.as_mut()
                    && system.holds(&held.value)
                {
                    let _ = system.clear();
                }
            }
            Backend::Osc52 => osc52::clear_if_holds(&held.value),
        }
    }
}
