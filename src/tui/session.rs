//! Ending a session's secrets (part of `update`; pure): lock all (`l`, idle) and quit (`q` from
//! the list, help or a dialog, Ctrl-C in the filter) wipe codes and unlocked handles alike.
use crate::tui::msg::Effect;
use crate::tui::state::{DialogKind, State};

/// Forget every code and unlocked token; close the dialog (cancelling a prepared import).
pub fn lock_all(state: &mut State) -> Vec<Effect> {
    state.code = None;
    state.unlocked.clear();
    state.otp_pin_stored.clear();
    let mut effects = vec![];
    if let Some(d) = state.dialog.take()
        && matches!(d.kind, DialogKind::ImportPin { .. })
    {
        effects.push(Effect::CancelImport);
    }
    effects
}

/// Lock all, then quit.
pub fn quit(state: &mut State) -> Vec<Effect> {
    let mut effects = lock_all(state);
    state.quit = true;
    effects.push(Effect::Quit);
    effects
}
