//! The desktop clipboard through arboard (X11, Wayland data-control), values marked as secret.
use softpass_core::secret::SecretString;
use std::time::Instant;
use zeroize::Zeroizing;

/// True when a desktop session is configured for this process. On Linux and the BSDs that means
/// `DISPLAY` or `WAYLAND_DISPLAY` is set (arboard would otherwise wait for or fail to reach a
/// server); elsewhere the platform clipboard is always there.
pub(crate) fn display_configured() -> bool {
    if cfg!(all(unix, not(target_os = "macos"))) {
        ["DISPLAY", "WAYLAND_DISPLAY"]
            .iter()
            .any(|k| std::env::var_os(k).is_some_and(|v| !v.is_empty()))
    } else {
        true
    }
}

/// True when only X11 can be in use (no `WAYLAND_DISPLAY`): arboard then blocks in
/// [`System::serve_until`] until the selection is taken. Under Wayland it may not, because
/// arboard picks the data-control protocol when the compositor offers it.
pub(crate) fn x11_only() -> bool {
    cfg!(all(unix, not(target_os = "macos")))
        && std::env::var_os("WAYLAND_DISPLAY").is_none_or(|v| v.is_empty())
        && std::env::var_os("DISPLAY").is_some_and(|v| !v.is_empty())
}

/// Why the system clipboard is not used, for the one-line error (never carries the value).
pub(crate) fn unavailable_reason() -> String {
    "no display (DISPLAY and WAYLAND_DISPLAY are unset)".to_owned()
}

/// A connection to the system clipboard. Its arboard handle keeps serving what we set (X11
/// hands the content out from the owning process) until it is dropped or replaced.
pub(crate) struct System {
    cb: arboard::Clipboard,
}

impl System {
    /// Connects when a display is configured; the error says why not.
    pub(crate) fn connect() -> Result<Self, String> {
        if !display_configured() {
            return Err(unavailable_reason());
        }
        arboard::Clipboard::new()
            .map(|cb| Self { cb })
            .map_err(|e| format!("system clipboard: {e}"))
    }

    /// Sets the CLIPBOARD selection, marked so clipboard-history managers skip it.
    pub(crate) fn set(&mut self, value: &SecretString) -> Result<(), String> {
        let set = self.cb.set();
        #[cfg(all(
            unix,
            not(any(target_os = "macos", target_os = "android", target_os = "emscripten"))
        ))]
        let set = {
            use arboard::SetExtLinux;
            set.exclude_from_history()
        };
        set.text(value.expose())
            .map_err(|e| format!("system clipboard: {e}"))
    }

    /// X11: (re)sets the value and blocks until another program takes the selection, or
    /// `until`. True when it was taken (returned early). Re-setting while we own it changes
    /// nothing for other programs (X sends no notice when the owner stays the same).
    pub(crate) fn serve_until(
        &mut self,
        value: &SecretString,
        until: Instant,
    ) -> Result<bool, String> {
        let set = self.cb.set();
        #[cfg(all(
            unix,
            not(any(target_os = "macos", target_os = "android", target_os = "emscripten"))
        ))]
        let set = {
            use arboard::SetExtLinux;
            set.exclude_from_history().wait_until(until)
        };
        set.text(value.expose())
            .map_err(|e| format!("system clipboard: {e}"))?;
        Ok(Instant::now() < until)
    }

    /// Reads the clipboard back: true only if it holds exactly `value`. A read error counts as
    /// "not ours" so we never clear something we cannot see.
    pub(crate) fn holds(&mut self, value: &SecretString) -> bool {
        match self.cb.get_text() {
            Ok(text) => value.ct_eq(&Zeroizing::new(text)),
            Err(_) => false,
        }
    }

    /// Empties the clipboard (on X11: gives up ownership, so nobody serves the old value).
    pub(crate) fn clear(&mut self) -> Result<(), String> {
        self.cb
            .clear()
            .map_err(|e| format!("system clipboard: {e}"))
    }
}
