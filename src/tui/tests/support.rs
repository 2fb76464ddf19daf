//! Shared helpers for the `update()` tests: a three-token state, key presses, typed text.
#![allow(dead_code)] // each test file uses a different subset

use crate::tui::msg::{Effect, Msg};
use crate::tui::state::{DialogKind, State};
use crate::tui::update::update;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use softpass_client::client::{CodeView, TokenInfo};
use softpass_core::token::{Algorithm, Kind, PinPolicy};

pub const T0: u64 = 1_700_000_000;

pub fn token(name: &str, serial: &str, kind: Kind) -> TokenInfo {
    TokenInfo {
        name: name.into(),
        serial: serial.into(),
        kind,
        algorithm: Algorithm::Sha1,
        digits: 6,
        counter: kind.is_event().then_some(5),
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

pub fn dialog_kind(s: &State) -> &DialogKind {
    &s.dialog.as_ref().expect("a dialog is open").kind
}
