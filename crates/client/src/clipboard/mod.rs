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

/// A copy that went through: the route, and whether the value is known to have arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Copied {
    pub backend: Backend,
    /// False for OSC 52 to a terminal that cannot be asked (any terminal but tmux): the
    /// value was sent, and whether it landed depends on the terminal. Shells must say so
    /// rather than claim success.
    pub confirmed: bool,
}

/// Checks, without copying anything, that some route can take a copy: the system clipboard
/// connects, or a terminal is there for OSC 52 (inside tmux: one that accepts it). For callers
/// that must not spend anything on a copy that cannot happen (`code --copy --json`).
pub fn check_available() -> Result<(), AppError> {
    let system_err = match System::connect() {
        Ok(_) => return Ok(()),
        Err(reason) => reason,
    };
    osc52::usable().map_err(|osc_err| no_clipboard(&system_err, &osc_err))
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
    copy_detached_report(value, clear_after).map(|c| c.backend)
}

/// [`copy_detached`], also telling whether the copy is confirmed (see [`Copied`]).
pub fn copy_detached_report(
    value: &SecretString,
    clear_after: Duration,
) -> Result<Copied, AppError> {
    let system_err = if system::display_configured() {
        match serve::spawn(value, clear_after, serve::Target::System) {
            Ok(()) => return Ok(confirmed(Backend::System)),
            Err(reason) => reason,
        }
    } else {
        system::unavailable_reason()
    };
    let landed = osc52::copy(value).map_err(|osc_err| no_clipboard(&system_err, &osc_err))?;
    // tmux's paste buffer is the one OSC 52 target that can be read back, hence cleared safely.
    // Best effort: the copy itself has succeeded either way.
    if osc52::in_tmux() && !clear_after.is_zero() {
        let buffer = match &landed {
            osc52::Landed::TmuxBuffer(name) => Some(name.clone()),
            osc52::Landed::Unconfirmed => None,
        };
        let _ = serve::spawn(value, clear_after, serve::Target::Tmux(buffer));
    }
    Ok(Copied {
        backend: Backend::Osc52,
        confirmed: landed != osc52::Landed::Unconfirmed,
    })
}

fn confirmed(backend: Backend) -> Copied {
    Copied {
        backend,
        confirmed: true,
    }
}

/// What we copied last: the value itself (zeroized on drop, needed to compare on read-back).
struct Held {
    value: SecretString,
    backend: Backend,
    clear_at: Option<Instant>,
    /// OSC 52 inside tmux: the paste buffers our copies of this value created.
    tmux_buffers: Vec<String>,
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
        self.copy_report(value, clear_after).map(|c| c.backend)
    }

    /// [`Clipboard::copy`], also telling whether the copy is confirmed (see [`Copied`]).
    pub fn copy_report(
        &mut self,
        value: &SecretString,
        clear_after: Duration,
    ) -> Result<Copied, AppError> {
        let system_err = match self.copy_system(value) {
            Ok(()) => {
                self.remember(value, Backend::System, clear_after, None);
                return Ok(confirmed(Backend::System));
            }
            Err(reason) => reason,
        };
        match osc52::copy(value) {
            Ok(landed) => {
                let (buffer, confirmed) = match landed {
                    osc52::Landed::TmuxBuffer(name) => (Some(name), true),
                    osc52::Landed::Unconfirmed => (None, false),
                };
                self.remember(value, Backend::Osc52, clear_after, buffer);
                Ok(Copied {
                    backend: Backend::Osc52,
                    confirmed,
                })
            }
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
        tmux_buffer: Option<String>,
    ) {
        // A value left on the other route would never be cleared: clear it now.
        if self.held.as_ref().is_some_and(|h| h.backend != backend) {
            self.clear_if_ours();
        }
        // The same route: the new value replaces the old in the clipboard, but each OSC 52 copy
        // inside tmux made its own paste buffer. Those of an older value go now (an empty OSC 52
        // would clear the new value too); those of the same value are cleared with it.
        let mut tmux_buffers = Vec::new();
        if let Some(old) = self.held.take() {
            if old.value.ct_eq(value.expose()) {
                tmux_buffers = old.tmux_buffers;
            } else if old.backend == Backend::Osc52 {
                osc52::tmux_clear_if_holds(&old.value, &old.tmux_buffers);
            }
        }
        tmux_buffers.extend(tmux_buffer);
        let clear_at = if clear_after.is_zero() {
            None
        } else {
            Instant::now().checked_add(clear_after)
        };
        self.held = Some(Held {
            value: value.duplicate(),
            backend,
            clear_at,
            tmux_buffers,
        });
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
    /// nothing else was copied through us since (inside tmux every paste buffer our copies made
    /// is deleted if it still holds the value).
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
            Backend::Osc52 => osc52::clear_if_holds(&held.value, &held.tmux_buffers),
        }
    }
}
