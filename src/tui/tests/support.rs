//! Shared helpers for the `update()` tests: a three-token state, key presses, typed text.
#![allow(dead_code)] // each test file uses a different subset

use crate::tui::msg::{Effect, Msg};
use crate::tui::state::{DialogKind, FieldId, State};
use crate::tui::update::update;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use softpass_client::client::{CodeView, PreparedToken, TokenInfo};
use softpass_core::token::{Algorithm, Kind, PinPolicy};

pub const T0: u64 = 1_700_000_000;

pub fn token(name: &str, serial: &str, kind: Kind) -> TokenInfo {
    token_at(name, serial, kind, 5)
}

/// A token whose next counter (event tokens) is `counter`.
pub fn token_at(name: &str, serial: &str, kind: Kind, counter: u64) -> TokenInfo {
    TokenInfo {
        name: name.into(),
        serial: serial.into(),
        kind,
        algorithm: Algorithm::Sha1,
        digits: 6,
        counter: kind.is_event().then_some(counter),
        period: (kind == Kind::Totp).then_some(30),
        locked: false,
        failed_attempts: 0,
        max_failed_attempts: Some(5),
        issuer: None,
        pin_policy: PinPolicy::default(),
    }
}

pub fn state() -> State {
    let mut s = State::new(T0, 60, 30);
    let list = vec![
        token("work", "SER1", Kind::Hotp),
        token("vpn", "SER2", Kind::Totp),
        token("bank", "SER3", Kind::Mobilepass),
    ];
    assert!(update(&mut s, Msg::Tokens(list)).is_empty());
    s
}

/// What the runtime reports after an unlock: whether the token stores an OTP PIN.
pub fn unlocked(serial: &str, has_otp_pin: bool) -> Msg {
    Msg::Unlocked {
        serial: serial.into(),
        has_otp_pin,
    }
}

pub fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn press(s: &mut State, code: KeyCode) -> Vec<Effect> {
    update(s, key(code))
}

pub fn typ(s: &mut State, text: &str) {
    for c in text.chars() {
        assert!(press(s, KeyCode::Char(c)).is_empty());
    }
}

pub fn code_view(serial: &str, kind: Kind, counter: Option<u64>, valid_for: Option<u32>) -> Msg {
    Msg::Code(CodeView {
        name: "work".into(),
        serial: serial.into(),
        kind,
        counter,
        code: "755224".into(),
        valid_for,
    })
}

/// The ids of the open dialog's fields, in order.
pub fn field_ids(s: &State) -> Vec<FieldId> {
    let dialog = s.dialog.as_ref().expect("a dialog is open");
    dialog.form.fields.iter().map(|f| f.id).collect()
}

/// The open dialog's error line.
pub fn dialog_error(s: &State) -> Option<&str> {
    s.dialog
        .as_ref()
        .expect("a dialog is open")
        .error
        .as_deref()
}

/// Puts the focus on field `focus`, then types each text into the next field (Tab between).
pub fn fill_from(s: &mut State, focus: usize, texts: &[&str]) {
    s.dialog.as_mut().expect("a dialog is open").form.focus = focus;
    for (i, text) in texts.iter().enumerate() {
        if i > 0 {
            press(s, KeyCode::Tab);
        }
        typ(s, text);
    }
}

/// The runtime's answer to import step 1: these serials (kind) were found in the source.
pub fn prepared(s: &mut State, found: &[(&str, Kind)], carries_pin: bool) -> Vec<Effect> {
    let how = Found {
        carries_pin,
        ..Found::default()
    };
    prepared_as(s, found, how)
}

/// What import step 1 reports besides the tokens.
#[derive(Default)]
pub struct Found {
    pub carries_pin: bool,
    pub mail_pin: bool,
    pub policy: PinPolicy,
}

/// [`prepared`] with every part of the answer given.
pub fn prepared_as(s: &mut State, found: &[(&str, Kind)], how: Found) -> Vec<Effect> {
    let tokens = found
        .iter()
        .map(|(serial, kind)| PreparedToken {
            serial: (*serial).into(),
            default_name: (*serial).into(),
            kind: *kind,
        })
        .collect();
    update(
        s,
        Msg::Prepared {
            tokens,
            carries_pin: how.carries_pin,
            mail_pin: how.mail_pin,
            policy: how.policy,
        },
    )
}

pub fn dialog_kind(s: &State) -> &DialogKind {
    &s.dialog.as_ref().expect("a dialog is open").kind
}

/// What the runtime reports after a copy that went through `name`.
pub fn route(name: &str, confirmed: bool) -> crate::tui::msg::Route {
    crate::tui::msg::Route {
        name: name.into(),
        confirmed,
    }
}
