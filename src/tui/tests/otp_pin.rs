//! The OTP PIN in the TUI: `o` sets, changes or removes the stored one; after `c` asks for it,
//! typing the application PIN too stores it (sealed) before the copy goes on.

use super::support::*;
use crate::tui::msg::{Culprit, Effect, FailKind, Failure, Msg};
use crate::tui::state::{DialogKind, FieldId};
use crate::tui::update::update;
use ratatui::crossterm::event::KeyCode;
use softpass_core::token::Kind;

fn field(s: &crate::tui::state::State, id: FieldId) -> String {
    let d = s.dialog.as_ref().expect("a dialog is open");
    d.form.field(id).expect("field").value.as_str().to_owned()
}

#[test]
fn o_stores_a_new_otp_pin_with_the_application_pin() {
    let mut s = state();
    press(&mut s, KeyCode::Char('o'));
    assert!(
        matches!(dialog_kind(&s), DialogKind::SetOtpPin { serial, name } if serial == "SER1" && name == "work")
    );
    assert_eq!(field_ids(&s), [FieldId::NewOtpPin, FieldId::Pin]);
    typ(&mut s, "4711");
    press(&mut s, KeyCode::Tab);
    typ(&mut s, "1234");
    let fx = press(&mut s, KeyCode::Enter);
    assert!(
        matches!(&fx[..], [Effect::SetOtpPin { serial, pin, otp_pin: Some(otp), then_copy: false }]
            if serial == "SER1" && pin.expose() == "1234" && otp.expose() == "4711")
    );
    assert!(s.busy.is_some(), "sealing runs the KDF");
    // A wrong application PIN: the cursor goes back to it, the OTP PIN stays as typed.
    update(
        &mut s,
        Msg::Failed(Failure {
            message: "wrong application PIN for token 'work' (4 attempts left)".into(),
            kind: FailKind::WrongSecret,
            culprit: Some(Culprit::AppPin),
        }),
    );
    let d = s.dialog.as_ref().unwrap();
    assert_eq!(d.form.fields[d.form.focus].id, FieldId::Pin);
    assert_eq!(field(&s, FieldId::Pin), "");
    assert_eq!(field(&s, FieldId::NewOtpPin), "4711");
    typ(&mut s, "1234");
    press(&mut s, KeyCode::Enter);
    update(&mut s, unlocked("SER1", true));
    let fx = update(
        &mut s,
        Msg::OtpPinSet {
            serial: "SER1".into(),
            stored: true,
            then_copy: false,
        },
    );
    assert!(matches!(&fx[..], [Effect::LoadTokens]));
    assert!(s.dialog.is_none() && s.busy.is_none());
    assert_eq!(
        s.status.as_ref().unwrap().text,
        "OTP PIN stored (sealed) for 'work'"
    );
    assert!(s.otp_pin_stored.contains("SER1"));
}

#[test]
fn o_with_the_otp_pin_left_empty_removes_the_stored_one() {
    let mut s = state();
    update(&mut s, unlocked("SER1", true));
    press(&mut s, KeyCode::Char('o'));
    press(&mut s, KeyCode::Tab);
    typ(&mut s, "1234");
    let fx = press(&mut s, KeyCode::Enter);
    assert!(matches!(
        &fx[..],
        [Effect::SetOtpPin {
            otp_pin: None,
            then_copy: false,
            ..
        }]
    ));
    update(&mut s, unlocked("SER1", false));
    update(
        &mut s,
        Msg::OtpPinSet {
            serial: "SER1".into(),
            stored: false,
            then_copy: false,
        },
    );
    assert!(!s.otp_pin_stored.contains("SER1"));
    assert_eq!(
        s.status.as_ref().unwrap().text,
        "OTP PIN removed from 'work'"
    );
    // Without a stored OTP PIN, `c` asks for it again.
    press(&mut s, KeyCode::Char('c'));
    assert!(matches!(dialog_kind(&s), DialogKind::OtpPin { .. }));
}

#[test]
fn the_copy_dialog_offers_to_store_the_otp_pin_then_copies() {
    let mut s = state();
    update(&mut s, unlocked("SER1", false));
    press(&mut s, KeyCode::Char('c'));
    assert_eq!(field_ids(&s), [FieldId::OtpPin, FieldId::StorePin]);
    // The application PIN alone: there is nothing to store.
    press(&mut s, KeyCode::Tab);
    typ(&mut s, "1234");
    assert!(press(&mut s, KeyCode::Enter).is_empty());
    let d = s.dialog.as_ref().unwrap();
    assert_eq!(d.form.fields[d.form.focus].id, FieldId::OtpPin);
    assert_eq!(field(&s, FieldId::StorePin), "1234", "kept as typed");
    typ(&mut s, "77");
    let fx = press(&mut s, KeyCode::Enter);
    assert!(
        matches!(&fx[..], [Effect::SetOtpPin { serial, pin, otp_pin: Some(otp), then_copy: true }]
            if serial == "SER1" && pin.expose() == "1234" && otp.expose() == "77")
    );
    // Stored: the copy goes on, generating a code with the stored OTP PIN.
    update(&mut s, unlocked("SER1", true));
    let fx = update(
        &mut s,
        Msg::OtpPinSet {
            serial: "SER1".into(),
            stored: true,
            then_copy: true,
        },
    );
    assert!(matches!(
        &fx[..],
        [Effect::Generate {
            pin: None,
            copy: true,
            otp_pin: None,
            ..
        }]
    ));
    assert!(s.dialog.is_none());
    // With a code on screen, storing copies that code.
    let mut s = state();
    update(&mut s, unlocked("SER1", false));
    update(&mut s, code_view("SER1", Kind::Hotp, Some(5), None));
    press(&mut s, KeyCode::Char('c'));
    typ(&mut s, "77");
    press(&mut s, KeyCode::Tab);
    typ(&mut s, "1234");
    press(&mut s, KeyCode::Enter);
    update(&mut s, unlocked("SER1", true));
    let fx = update(
        &mut s,
        Msg::OtpPinSet {
            serial: "SER1".into(),
            stored: true,
            then_copy: true,
        },
    );
    assert!(
        matches!(&fx[..], [Effect::CopyShown { code, otp_pin: None, .. }] if code.expose() == "755224")
    );
}

#[test]
fn o_is_in_the_footer_and_the_help() {
    use crate::tui::keymap::{LIST_KEYS, footer};
    assert!(footer(LIST_KEYS).contains("o OTP PIN"));
    assert!(
        LIST_KEYS
            .iter()
            .any(|b| b.label == "o" && b.help.contains("OTP PIN"))
    );
}

#[test]
fn a_reactivation_that_cannot_keep_the_otp_pin_says_so() {
    let mut s = state();
    press(&mut s, KeyCode::Char('i'));
    update(&mut s, Msg::Imported(vec!["work".into()]));
    update(&mut s, Msg::OtpPinNotKept(vec!["work".into()]));
    let text = &s.status.as_ref().unwrap().text;
    assert!(text.starts_with("Imported work; "), "{text}");
    assert!(
        text.contains("could not be kept (press o to set it)"),
        "{text}"
    );
}
