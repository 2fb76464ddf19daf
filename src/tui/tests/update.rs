//! `update()` on the token list, key by key, without a vault or a terminal: every list key of
//! the contract (dialogs: tui_dialogs.rs).

use super::support::*;
use crate::tui::msg::{Effect, Msg};
use crate::tui::state::{DialogKind, PinPurpose, State, StatusKind};
use crate::tui::update::update;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use softpass_core::token::Kind;

#[test]
fn arrows_and_jk_move_the_selection_within_bounds() {
    let mut s = state();
    press(&mut s, KeyCode::Down);
    assert_eq!(s.selected_token().unwrap().serial, "SER2");
    press(&mut s, KeyCode::Char('j'));
    press(&mut s, KeyCode::Char('j'));
    assert_eq!(
        s.selected_token().unwrap().serial,
        "SER3",
        "clamped at the end"
    );
    press(&mut s, KeyCode::Up);
    press(&mut s, KeyCode::Char('k'));
    press(&mut s, KeyCode::Char('k'));
    assert_eq!(s.selected, 0, "clamped at the start");
}

#[test]
fn enter_asks_the_pin_then_unlocks_and_generates() {
    let mut s = state();
    assert!(press(&mut s, KeyCode::Enter).is_empty());
    assert!(
        matches!(dialog_kind(&s), DialogKind::Pin { serial, purpose: PinPurpose::Generate { copy: false, otp_pin: None }, .. } if serial == "SER1")
    );
    typ(&mut s, "40899");
    press(&mut s, KeyCode::Backspace);
    let fx = press(&mut s, KeyCode::Enter);
    assert!(
        matches!(&fx[..], [Effect::Generate { serial, pin: Some(pin), copy: false, otp_pin: None }]
        if serial == "SER1" && pin.expose() == "4089")
    );
    assert!(fx[0].is_slow());
    assert_eq!(s.busy.as_deref(), Some("Unlocking…"));
    // Keys pressed while the KDF runs are ignored.
    assert!(press(&mut s, KeyCode::Char('q')).is_empty());
    assert!(!s.quit);
    update(&mut s, unlocked("SER1", true));
    let fx = update(&mut s, code_view("SER1", Kind::Hotp, Some(5), None));
    assert!(matches!(&fx[..], [Effect::LoadTokens]));
    assert!(s.dialog.is_none() && s.busy.is_none());
    let shown = s.code.as_ref().unwrap();
    assert_eq!((shown.code.as_str(), shown.counter), ("755224", Some(5)));
    // Unlocked now: the next Enter generates without a dialog.
    let fx = press(&mut s, KeyCode::Enter);
    assert!(matches!(
        &fx[..],
        [Effect::Generate {
            pin: None,
            copy: false,
            ..
        }]
    ));
    assert!(!fx[0].is_slow());
}

#[test]
fn enter_and_c_on_a_locked_token_only_explain() {
    let mut s = state();
    let mut list = s.tokens.clone();
    list[0].locked = true;
    update(&mut s, Msg::Tokens(list));
    assert!(press(&mut s, KeyCode::Enter).is_empty());
    assert!(press(&mut s, KeyCode::Char('c')).is_empty());
    assert!(s.dialog.is_none());
    assert!(s.status.as_ref().unwrap().text.contains("Re-activate: yes"));
}

#[test]
fn c_with_a_stored_otp_pin_copies_the_code_on_screen() {
    let mut s = state();
    update(&mut s, unlocked("SER1", true));
    update(&mut s, code_view("SER1", Kind::Hotp, Some(5), None));
    let fx = press(&mut s, KeyCode::Char('c'));
    assert!(
        matches!(&fx[..], [Effect::CopyShown { serial, code, otp_pin: None }] if serial == "SER1" && code.expose() == "755224")
    );
    update(&mut s, Msg::Copied(Ok(route("system clipboard", true))));
    assert!(
        s.status
            .as_ref()
            .unwrap()
            .text
            .starts_with("Copied OTP PIN + eToken (system clipboard); cleared in 30 s")
    );
}

#[test]
fn c_without_a_code_generates_and_copies() {
    let mut s = state();
    update(&mut s, unlocked("SER1", true));
    let fx = press(&mut s, KeyCode::Char('c'));
    assert!(matches!(
        &fx[..],
        [Effect::Generate {
            pin: None,
            copy: true,
            otp_pin: None,
            ..
        }]
    ));
}

#[test]
fn c_asks_the_otp_pin_once_the_unlock_shows_none_is_stored() {
    let mut s = state();
    press(&mut s, KeyCode::Down); // vpn: not unlocked, so whether it has an OTP PIN is unknown
    press(&mut s, KeyCode::Char('c'));
    assert!(
        matches!(dialog_kind(&s), DialogKind::Pin { serial, purpose: PinPurpose::Generate { copy: true, otp_pin: None }, .. } if serial == "SER2")
    );
    typ(&mut s, "1234");
    let fx = press(&mut s, KeyCode::Enter);
    assert!(
        matches!(&fx[..], [Effect::Generate { pin: Some(pin), copy: true, otp_pin: None, .. }] if pin.expose() == "1234")
    );
    // The runtime unlocked it, found no OTP PIN and generated nothing yet.
    update(&mut s, unlocked("SER2", false));
    update(&mut s, Msg::NeedOtpPin("SER2".into()));
    assert!(s.busy.is_none());
    assert!(
        matches!(dialog_kind(&s), DialogKind::OtpPin { serial, name } if serial == "SER2" && name == "vpn")
    );
    typ(&mut s, "77");
    let fx = press(&mut s, KeyCode::Enter);
    assert!(
        matches!(&fx[..], [Effect::Generate { pin: None, copy: true, otp_pin: Some(otp), .. }] if otp.expose() == "77")
    );
    assert!(s.dialog.is_none());
    // Known now: the next `c` asks for the OTP PIN straight away; empty means "eToken alone".
    press(&mut s, KeyCode::Char('c'));
    assert!(matches!(dialog_kind(&s), DialogKind::OtpPin { .. }));
    let fx = press(&mut s, KeyCode::Enter);
    assert!(matches!(&fx[..], [Effect::Generate { otp_pin: Some(otp), .. }] if otp.is_empty()));
}

#[test]
fn c_on_a_shown_code_without_a_stored_otp_pin_asks_then_copies_it() {
    let mut s = state();
    update(&mut s, unlocked("SER1", false));
    update(&mut s, code_view("SER1", Kind::Hotp, Some(5), None));
    press(&mut s, KeyCode::Char('c'));
    typ(&mut s, "99");
    let fx = press(&mut s, KeyCode::Enter);
    assert!(
        matches!(&fx[..], [Effect::CopyShown { code, otp_pin: Some(otp), .. }] if code.expose() == "755224" && otp.expose() == "99")
    );
}

#[test]
fn a_failed_copy_says_so_and_keeps_the_code() {
    let mut s = state();
    update(&mut s, code_view("SER1", Kind::Hotp, Some(5), None));
    update(
        &mut s,
        Msg::Copied(Err("no clipboard and no terminal support".into())),
    );
    let st = s.status.as_ref().unwrap();
    assert_eq!(st.kind, StatusKind::Error);
    assert!(st.text.contains("Could not copy") && st.text.contains("stays on screen"));
    assert!(s.code.is_some());
}

#[test]
fn an_unconfirmed_osc52_copy_does_not_claim_success() {
    let mut s = state();
    update(&mut s, code_view("SER1", Kind::Hotp, Some(5), None));
    update(&mut s, Msg::Copied(Ok(route("OSC 52", false))));
    let text = &s.status.as_ref().unwrap().text;
    assert!(!text.contains("Copied"), "{text}");
    assert!(
        text.contains("cannot tell whether it reached the clipboard"),
        "{text}"
    );
    assert!(s.code.is_some(), "the eToken stays on screen");
    // A tmux paste buffer confirms the copy.
    update(
        &mut s,
        Msg::Copied(Ok(route("tmux paste buffer, by OSC 52", true))),
    );
    let text = &s.status.as_ref().unwrap().text;
    assert!(
        text.starts_with("Copied OTP PIN + eToken (tmux paste buffer"),
        "{text}"
    );
}

#[test]
fn totp_codes_vanish_when_they_expire() {
    let mut s = state();
    update(&mut s, code_view("SER2", Kind::Totp, None, Some(10)));
    assert_eq!(s.code.as_ref().unwrap().expires_at, Some(T0 + 10));
    update(&mut s, Msg::Tick(T0 + 9));
    assert!(s.code.is_some());
    update(&mut s, Msg::Tick(T0 + 10));
    assert!(s.code.is_none());
}

#[test]
fn slash_filters_by_name_or_serial() {
    let mut s = state();
    press(&mut s, KeyCode::Char('/'));
    assert!(s.filtering);
    typ(&mut s, "ser3");
    assert_eq!(s.visible().len(), 1);
    press(&mut s, KeyCode::Enter);
    assert!(!s.filtering && s.filter == "ser3");
    assert_eq!(s.selected_token().unwrap().name, "bank");
    press(&mut s, KeyCode::Char('/'));
    press(&mut s, KeyCode::Esc);
    assert!(s.filter.is_empty() && s.visible().len() == 3);
}

#[test]
fn l_locks_all_and_wipes_the_code() {
    let mut s = state();
    update(&mut s, unlocked("SER1", true));
    update(&mut s, code_view("SER1", Kind::Hotp, Some(5), None));
    let fx = press(&mut s, KeyCode::Char('l'));
    assert!(matches!(&fx[..], [Effect::LockAll]));
    assert!(s.code.is_none() && s.unlocked.is_empty());
}

#[test]
fn idle_lock_after_the_configured_time_and_input_resets_it() {
    let mut s = state();
    update(&mut s, unlocked("SER1", true));
    update(&mut s, Msg::Tick(T0 + 50));
    press(&mut s, KeyCode::Down); // input at T0 + 50
    assert!(update(&mut s, Msg::Tick(T0 + 109)).is_empty());
    let fx = update(&mut s, Msg::Tick(T0 + 110));
    assert!(matches!(&fx[..], [Effect::LockAll]));
    assert!(s.unlocked.is_empty());
    assert!(s.status.as_ref().unwrap().text.contains("after 60 s"));
    assert!(
        update(&mut s, Msg::Tick(T0 + 200)).is_empty(),
        "nothing left to lock"
    );
}

#[test]
fn question_mark_toggles_help_and_esc_closes_it() {
    let mut s = state();
    press(&mut s, KeyCode::Char('?'));
    assert!(s.help);
    assert!(press(&mut s, KeyCode::Char('d')).is_empty());
    assert!(
        s.dialog.is_none(),
        "keys do not reach the list under the help"
    );
    press(&mut s, KeyCode::Char('?'));
    assert!(!s.help);
    press(&mut s, KeyCode::Char('?'));
    press(&mut s, KeyCode::Esc);
    assert!(!s.help);
}

#[test]
fn esc_hides_the_code_first_then_clears_the_filter() {
    let mut s = state();
    s.filter = "w".into();
    update(&mut s, code_view("SER1", Kind::Hotp, Some(5), None));
    press(&mut s, KeyCode::Esc);
    assert!(s.code.is_none() && s.filter == "w");
    press(&mut s, KeyCode::Esc);
    assert!(s.filter.is_empty());
}

#[test]
fn q_quits_and_wipes_and_ctrl_c_quits_from_a_dialog() {
    let mut s = state();
    update(&mut s, unlocked("SER1", true));
    update(&mut s, code_view("SER1", Kind::Hotp, Some(5), None));
    let fx = press(&mut s, KeyCode::Char('q'));
    assert!(matches!(&fx[..], [Effect::Quit]));
    assert!(s.quit && s.code.is_none() && s.unlocked.is_empty());

    let mut s = state();
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Char('q'));
    assert!(!s.quit, "q is typed into the PIN field");
    let fx = update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
    );
    assert!(fx.iter().any(|e| matches!(e, Effect::Quit)) && s.quit);
}

#[test]
fn key_releases_are_ignored_and_the_default_token_is_selected() {
    let mut s = State::new(T0, 60, 30);
    s.default_token = Some("vpn".into());
    update(&mut s, Msg::Tokens(state().tokens));
    assert_eq!(s.selected_token().unwrap().name, "vpn");
    let mut release = KeyEvent::new(KeyCode::Down, KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    update(&mut s, Msg::Key(release));
    assert_eq!(s.selected_token().unwrap().name, "vpn");
}

#[test]
fn a_forgotten_token_asks_the_pin_again_and_loses_its_code() {
    let mut s = state();
    update(&mut s, unlocked("SER1", true));
    update(&mut s, unlocked("SER2", false));
    update(&mut s, code_view("SER1", Kind::Hotp, Some(5), None));
    // After a PIN change or removal the runtime drops the handle and says so.
    update(&mut s, Msg::Done("Application PIN changed".into()));
    update(&mut s, Msg::Forget("SER1".into()));
    assert!(s.code.is_none());
    assert!(!s.unlocked.contains("SER1") && s.unlocked.contains("SER2"));
    press(&mut s, KeyCode::Enter);
    assert!(matches!(dialog_kind(&s), DialogKind::Pin { serial, .. } if serial == "SER1"));
}

#[test]
fn a_generated_code_to_copy_is_copied_from_the_screen() {
    let mut s = state();
    update(&mut s, unlocked("SER1", true));
    update(&mut s, code_view("SER1", Kind::Hotp, Some(5), None));
    let fx = update(
        &mut s,
        Msg::CopyCode {
            serial: "SER1".into(),
            otp_pin: None,
        },
    );
    assert!(
        matches!(&fx[..], [Effect::CopyShown { serial, code, otp_pin: None }] if serial == "SER1" && code.expose() == "755224")
    );
    // Nothing on screen for that token (e.g. locked meanwhile): nothing is copied.
    let fx = update(
        &mut s,
        Msg::CopyCode {
            serial: "SER2".into(),
            otp_pin: None,
        },
    );
    assert!(fx.is_empty());
}

#[test]
fn the_selection_follows_its_token_when_the_list_changes() {
    let mut s = state();
    press(&mut s, KeyCode::Down); // vpn
    let mut list = s.tokens.clone();
    list.insert(0, token("alpha", "SER0", Kind::Hotp));
    update(&mut s, Msg::Tokens(list));
    assert_eq!(s.selected_token().unwrap().name, "vpn");
    let list = s
        .tokens
        .iter()
        .filter(|t| t.name != "vpn")
        .cloned()
        .collect();
    update(&mut s, Msg::Tokens(list));
    assert!(
        s.selected_token().is_some(),
        "a removed token leaves a valid selection"
    );
}
