//! Keys typed into an open dialog (part of `update`; pure): move between fields, edit, close,
//! quit, or submit.
use crate::tui::keymap::{self, Action};
use crate::tui::msg::Effect;
use crate::tui::state::{DialogKind, SourceKind, State};
use crate::tui::{dialogs, session, submit};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn on_key(state: &mut State, ev: KeyEvent) -> Vec<Effect> {
    let Some(dialog) = state.dialog.as_mut() else {
        return vec![];
    };
    let form = &mut dialog.form;
    let n = form.fields.len().max(1);
    match keymap::lookup(keymap::DIALOG_KEYS, &ev) {
        // The same quit as on the list: codes and handles wiped, a pending import cancelled.
        Some(Action::Quit) => return session::quit(state),
        Some(Action::Close) => {
            state.dialog = None;
            state.info("Cancelled");
            return vec![Effect::CancelImport];
        }
        Some(Action::NextField) => form.focus = (form.focus + 1) % n,
        Some(Action::PrevField) => form.focus = (form.focus + n - 1) % n,
        Some(a @ (Action::PrevChoice | Action::NextChoice)) => {
            if let DialogKind::ImportSource { source } = dialog.kind {
                let all = SourceKind::ALL;
                let i = all.iter().position(|s| *s == source).unwrap_or(0);
                let step = if a == Action::NextChoice {
                    1
                } else {
                    all.len() - 1
                };
                *dialog = dialogs::import_source(all[(i + step) % all.len()]);
            }
        }
        Some(Action::Backspace) => {
            if let Some(f) = form.fields.get_mut(form.focus) {
                f.value.pop();
            }
        }
        Some(Action::Submit) => return submit::submit(state),
        _ => {
            if let KeyCode::Char(c) = ev.code
                && !ev.modifiers.contains(KeyModifiers::CONTROL)
                && let Some(f) = form.fields.get_mut(form.focus)
            {
                f.value.push(c);
            }
        }
    }
    vec![]
}
