//! The desktop clipboard through arboard (X11, Wayland data-control), values marked as secret.
use crate::domain::secret::SecretString;
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
