//! The one key table: key → action + help text. The help overlay and the footer are generated
//! from it and `update` dispatches through it, so they cannot disagree.
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Generate,
    Copy,
    Login,
    OtpPin,
    Import,
    ChangePin,
    Rename,
    Delete,
    Filter,
    LockAll,
    Help,
    Close,
    Quit,
    // Inside dialogs and the filter line.
    NextField,
    PrevField,
    Submit,
    Backspace,
    PrevChoice,
    NextChoice,
}

/// A key: its code, and whether Ctrl must be held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn k(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ch(c: char) -> Key {
    k(KeyCode::Char(c))
}

pub struct Binding {
    pub keys: &'static [Key],
    /// How the keys are written in the help overlay.
    pub label: &'static str,
    /// A word or two for the footer; empty: only in the help overlay (the footer must fit 80 columns).
    pub short: &'static str,
    pub action: Action,
    pub help: &'static str,
}

/// Keys on the token list (docs/tui.md, "Keys").
#[rustfmt::skip]
pub const LIST_KEYS: &[Binding] = &[
    Binding { keys: &[k(KeyCode::Up), ch('k')], label: "↑ / k", short: "", action: Action::Up, help: "select the previous token" },
    Binding { keys: &[k(KeyCode::Down), ch('j')], label: "↓ / j", short: "", action: Action::Down, help: "select the next token" },
    Binding { keys: &[k(KeyCode::Enter)], label: "Enter", short: "code", action: Action::Generate, help: "generate the next eToken (asks the application PIN first)" },
    Binding { keys: &[ch('c')], label: "c", short: "copy", action: Action::Copy, help: "copy OTP PIN + eToken (generates one if none is shown)" },
    Binding { keys: &[ch('s')], label: "s", short: "login", action: Action::Login, help: "log in to the config.toml server: OTP PIN + next eToken" },
    Binding { keys: &[ch('o')], label: "o", short: "OTP PIN", action: Action::OtpPin, help: "set, change or remove the OTP PIN stored with the token" },
    Binding { keys: &[ch('i')], label: "i", short: "import", action: Action::Import, help: "import: seed file, MobilePASS code, otpauth URI or e-mail" },
    Binding { keys: &[ch('p')], label: "p", short: "", action: Action::ChangePin, help: "change the application PIN" },
    Binding { keys: &[ch('r')], label: "r", short: "", action: Action::Rename, help: "rename the token" },
    Binding { keys: &[ch('d')], label: "d", short: "", action: Action::Delete, help: "delete the token (asks to confirm)" },
    Binding { keys: &[ch('/')], label: "/", short: "", action: Action::Filter, help: "filter tokens by name or serial" },
    Binding { keys: &[ch('l')], label: "l", short: "lock", action: Action::LockAll, help: "lock all tokens and wipe codes from the screen" },
    Binding { keys: &[ch('?')], label: "?", short: "help", action: Action::Help, help: "show or hide this help" },
    Binding { keys: &[k(KeyCode::Esc)], label: "Esc", short: "", action: Action::Close, help: "close a dialog, the help or the code; clear the filter" },
    Binding { keys: &[ch('q'), Key { code: KeyCode::Char('c'), ctrl: true }], label: "q / Ctrl+C", short: "quit", action: Action::Quit, help: "quit (locks all tokens, clears our clipboard value)" },
];

/// Keys inside dialogs and the filter line; every other printable key is typed into the field.
#[rustfmt::skip]
pub const DIALOG_KEYS: &[Binding] = &[
    Binding { keys: &[k(KeyCode::Tab), k(KeyCode::Down)], label: "Tab / ↓", short: "next field", action: Action::NextField, help: "next field" },
    Binding { keys: &[k(KeyCode::BackTab), k(KeyCode::Up)], label: "Shift+Tab / ↑", short: "", action: Action::PrevField, help: "previous field" },
    Binding { keys: &[k(KeyCode::Left)], label: "←", short: "", action: Action::PrevChoice, help: "previous import source" },
    Binding { keys: &[k(KeyCode::Right)], label: "→", short: "", action: Action::NextChoice, help: "next import source" },
    Binding { keys: &[k(KeyCode::Enter)], label: "Enter", short: "ok", action: Action::Submit, help: "confirm" },
    Binding { keys: &[k(KeyCode::Backspace)], label: "Backspace", short: "", action: Action::Backspace, help: "delete the last character" },
    Binding { keys: &[k(KeyCode::Esc)], label: "Esc", short: "cancel", action: Action::Close, help: "cancel" },
    Binding { keys: &[Key { code: KeyCode::Char('c'), ctrl: true }], label: "Ctrl+C", short: "", action: Action::Quit, help: "quit" },
];

fn matches(key: &Key, ev: &KeyEvent) -> bool {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    key.ctrl == ctrl && key.code == ev.code
}

/// The action a key triggers in a table, if any.
pub fn lookup(table: &[Binding], ev: &KeyEvent) -> Option<Action> {
    table
        .iter()
        .find(|b| b.keys.iter().any(|key| matches(key, ev)))
        .map(|b| b.action)
}

/// The footer line: `Enter code · c copy · ...` from the table.
pub fn footer(table: &[Binding]) -> String {
    table
        .iter()
        .filter(|b| !b.short.is_empty())
        .map(|b| {
            format!(
                "{} {}",
                b.label.split(" / ").next().unwrap_or(b.label),
                b.short
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The footer for a terminal `width` columns wide: whole entries only; when not all fit, the
/// first ones that do, and always `? help` (which lists the rest) and `q quit`.
pub fn footer_fitting(table: &[Binding], width: u16) -> String {
    let full = footer(table);
    if full.chars().count() <= usize::from(width) {
        return full;
    }
    let entries: Vec<String> = full.split(" · ").map(str::to_owned).collect();
    let (tail, head): (Vec<&String>, Vec<&String>) = entries
        .iter()
        .partition(|e| e.starts_with("? ") || e.starts_with("q "));
    let mut shown: Vec<&String> = Vec::new();
    for e in head {
        let mut trial = shown.clone();
        trial.push(e);
        trial.extend(tail.iter().copied());
        let len = trial.iter().map(|e| e.chars().count()).sum::<usize>() + 3 * (trial.len() - 1);
        if len > usize::from(width) {
            break;
        }
        shown.push(e);
    }
    shown.extend(tail);
    shown
        .iter()
        .map(|e| e.as_str())
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_contract_key_has_an_action() {
        let want = [
            (KeyCode::Up, Action::Up),
            (KeyCode::Char('k'), Action::Up),
            (KeyCode::Down, Action::Down),
            (KeyCode::Char('j'), Action::Down),
            (KeyCode::Enter, Action::Generate),
            (KeyCode::Char('c'), Action::Copy),
            (KeyCode::Char('s'), Action::Login),
            (KeyCode::Char('o'), Action::OtpPin),
            (KeyCode::Char('i'), Action::Import),
            (KeyCode::Char('p'), Action::ChangePin),
            (KeyCode::Char('r'), Action::Rename),
            (KeyCode::Char('d'), Action::Delete),
            (KeyCode::Char('/'), Action::Filter),
            (KeyCode::Char('l'), Action::LockAll),
            (KeyCode::Char('?'), Action::Help),
            (KeyCode::Esc, Action::Close),
            (KeyCode::Char('q'), Action::Quit),
        ];
        for (code, action) in want {
            let ev = KeyEvent::new(code, KeyModifiers::NONE);
            assert_eq!(lookup(LIST_KEYS, &ev), Some(action), "{code:?}");
        }
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(lookup(LIST_KEYS, &ctrl_c), Some(Action::Quit));
        assert_eq!(lookup(DIALOG_KEYS, &ctrl_c), Some(Action::Quit));
        let x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
        assert_eq!(lookup(LIST_KEYS, &x), None);
    }

    #[test]
    fn a_narrow_footer_keeps_whole_entries_and_help() {
        assert_eq!(
            footer_fitting(LIST_KEYS, 40),
            "Enter code · c copy · ? help · q quit"
        );
        assert_eq!(footer_fitting(LIST_KEYS, 80), footer(LIST_KEYS));
    }

    #[test]
    fn footer_lists_the_short_names() {
        assert_eq!(
            footer(LIST_KEYS),
            "Enter code · c copy · s login · o OTP PIN · i import · l lock · ? help · q quit"
        );
    }
}
