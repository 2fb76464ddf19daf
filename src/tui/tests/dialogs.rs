//! `update()` in the dialogs: PIN, import (both steps), change PIN, rename, delete, failures.

use super::support::*;
use crate::tui::msg::{Culprit, Effect, FailKind, Failure, Msg};
use crate::tui::state::{DialogKind, FieldId, PinPurpose, SourceKind, StatusKind};
use crate::tui::update::update;
use ratatui::crossterm::event::KeyCode;
use softpass_core::token::Kind;

#[test]
fn a_wrong_pin_keeps_the_dialog_and_a_locked_token_closes_it() {
    let mut s = state();
    press(&mut s, KeyCode::Enter);
    typ(&mut s, "1111");
    press(&mut s, KeyCode::Enter);
    let msg = "wrong application PIN for token 'work' (4 attempts left)";
    let fx = update(
        &mut s,
        Msg::Failed(Failure {
            message: msg.into(),
            kind: FailKind::WrongSecret,
            culprit: Some(Culprit::AppPin),
        }),
    );
    assert!(
        matches!(&fx[..], [Effect::LoadTokens]),
        "refresh the attempt count"
    );
    let d = s.dialog.as_ref().unwrap();
    assert!(d.form.fields[0].value.is_empty(), "the wrong PIN is wiped");
    assert_eq!(s.status.as_ref().unwrap().text, msg);
    assert_eq!(s.status.as_ref().unwrap().kind, StatusKind::Error);
    assert!(s.busy.is_none());
    typ(&mut s, "2222");
    press(&mut s, KeyCode::Enter);
    let locked = "token 'work' is locked after too many wrong PINs";
    update(
        &mut s,
        Msg::Failed(Failure {
            message: locked.into(),
            kind: FailKind::Locked,
            culprit: Some(Culprit::AppPin),
        }),
    );
    assert!(s.dialog.is_none());
    assert!(s.status.as_ref().unwrap().text.contains("locked"));
    assert!(!s.status.as_ref().unwrap().text.contains("2222"));
}

#[test]
fn import_uri_then_new_pin_twice() {
    let mut s = state();
    press(&mut s, KeyCode::Char('i'));
    assert!(matches!(
        dialog_kind(&s),
        DialogKind::ImportSource {
            source: SourceKind::SeedFile
        }
    ));
    press(&mut s, KeyCode::Right);
    assert!(matches!(
        dialog_kind(&s),
        DialogKind::ImportSource {
            source: SourceKind::MobilePass
        }
    ));
    press(&mut s, KeyCode::Left);
    press(&mut s, KeyCode::Left);
    // Left from the first source wraps round to the last, the activation e-mail.
    assert!(matches!(
        dialog_kind(&s),
        DialogKind::ImportSource {
            source: SourceKind::Email
        }
    ));
    press(&mut s, KeyCode::Left);
    assert!(matches!(
        dialog_kind(&s),
        DialogKind::ImportSource {
            source: SourceKind::Uri
        }
    ));
    assert!(press(&mut s, KeyCode::Enter).is_empty());
    assert_eq!(dialog_error(&s), Some("otpauth URI is required"));
    typ(&mut s, "otpauth://hotp/x?secret=GEZDGNBV");
    let fx = press(&mut s, KeyCode::Enter);
    assert!(matches!(&fx[..], [Effect::PrepareImport(_)]));
    prepared(&mut s, &[("x", Kind::Hotp)], false);
    let labels = field_ids(&s);
    assert_eq!(
        labels,
        [
            FieldId::Name,
            FieldId::OtpPinToStore,
            FieldId::NewPin,
            FieldId::RepeatPin,
            FieldId::Replace
        ]
    );
    assert_eq!(
        s.dialog.as_ref().unwrap().form.fields[0].value.as_str(),
        "x"
    );
    press(&mut s, KeyCode::Tab);
    press(&mut s, KeyCode::Tab);
    typ(&mut s, "123");
    press(&mut s, KeyCode::Tab);
    typ(&mut s, "123");
    assert!(
        press(&mut s, KeyCode::Enter).is_empty(),
        "too short for the policy"
    );
    assert!(dialog_error(&s).unwrap().contains("at least 4"));
    fill_from(&mut s, 2, &["1234", "1235"]);
    assert!(press(&mut s, KeyCode::Enter).is_empty());
    assert_eq!(dialog_error(&s), Some("the two new PINs differ"));
    fill_from(&mut s, 2, &["1234", "1234"]);
    let fx = press(&mut s, KeyCode::Enter);
    assert!(
        matches!(&fx[..], [Effect::CommitImport { name: Some(n), otp_pin: None, pin, replace: false }] if n == "x" && pin.expose() == "1234")
    );
    let fx = update(&mut s, Msg::Imported(vec!["x".into()]));
    assert!(matches!(&fx[..], [Effect::LoadTokens]));
    assert!(s.dialog.is_none());
    assert_eq!(s.status.as_ref().unwrap().text, "Imported x");
}

#[test]
fn import_seed_file_confirms_the_seed_pin() {
    let mut s = state();
    press(&mut s, KeyCode::Char('i'));
    typ(&mut s, "seeds/4F214C507612A26A.pskc");
    press(&mut s, KeyCode::Tab);
    typ(&mut s, "YZQHoczZWw3cBCNo");
    let fx = press(&mut s, KeyCode::Enter);
    assert!(
        matches!(&fx[..], [Effect::PrepareImport(softpass_client::client::ImportSource::SeedFile { path, activation_key, serial: None })]
        if path.to_str() == Some("seeds/4F214C507612A26A.pskc") && activation_key.expose() == "YZQHoczZWw3cBCNo")
    );
    prepared(&mut s, &[("A", Kind::Hotp), ("B", Kind::Totp)], true);
    let labels = field_ids(&s);
    assert_eq!(
        labels,
        [FieldId::OtpPinToStore, FieldId::SeedPin, FieldId::Replace],
        "no name for several tokens"
    );
    press(&mut s, KeyCode::Down);
    typ(&mut s, "4089");
    let fx = press(&mut s, KeyCode::Enter);
    assert!(
        matches!(&fx[..], [Effect::CommitImport { name: None, pin, .. }] if pin.expose() == "4089")
    );
    // A wrong activation key later keeps the dialog open with the secrets wiped.
    update(
        &mut s,
        Msg::Failed(Failure {
            message: "wrong PIN".into(),
            kind: FailKind::WrongSecret,
            culprit: None,
        }),
    );
    assert!(
        s.dialog
            .as_ref()
            .unwrap()
            .form
            .fields
            .iter()
            .all(|f| f.value.is_empty())
    );
    // Esc forgets the prepared import.
    let fx = press(&mut s, KeyCode::Esc);
    assert!(matches!(&fx[..], [Effect::CancelImport]));
    assert!(s.dialog.is_none());
}

#[test]
fn p_changes_the_pin_after_checking_the_new_one() {
    let mut s = state();
    press(&mut s, KeyCode::Char('p'));
    assert!(matches!(dialog_kind(&s), DialogKind::ChangePin { serial, .. } if serial == "SER1"));
    typ(&mut s, "4089");
    press(&mut s, KeyCode::Tab);
    typ(&mut s, "5555");
    press(&mut s, KeyCode::Tab);
    typ(&mut s, "5556");
    assert!(press(&mut s, KeyCode::Enter).is_empty());
    assert_eq!(dialog_error(&s), Some("the two new PINs differ"));
    s.dialog.as_mut().unwrap().form.focus = 1;
    typ(&mut s, "5555");
    press(&mut s, KeyCode::BackTab);
    press(&mut s, KeyCode::BackTab);
    press(&mut s, KeyCode::BackTab);
    assert_eq!(
        s.dialog.as_ref().unwrap().form.focus,
        1,
        "Shift+Tab wraps around"
    );
    press(&mut s, KeyCode::Tab);
    typ(&mut s, "5555");
    let fx = press(&mut s, KeyCode::Enter);
    assert!(
        matches!(&fx[..], [Effect::ChangePin { serial, old, new }] if serial == "SER1" && old.expose() == "4089" && new.expose() == "5555")
    );
    let fx = update(&mut s, Msg::Done("Application PIN changed".into()));
    assert!(matches!(&fx[..], [Effect::LoadTokens]) && s.dialog.is_none());
}

#[test]
fn r_renames_from_the_current_name() {
    let mut s = state();
    press(&mut s, KeyCode::Char('r'));
    assert_eq!(
        s.dialog.as_ref().unwrap().form.fields[0].value.as_str(),
        "work"
    );
    for _ in 0..4 {
        press(&mut s, KeyCode::Backspace);
    }
    typ(&mut s, "office");
    let fx = press(&mut s, KeyCode::Enter);
    assert!(
        matches!(&fx[..], [Effect::Rename { serial, new_name }] if serial == "SER1" && new_name == "office")
    );
}

#[test]
fn d_confirms_then_asks_the_pin_then_removes() {
    let mut s = state();
    press(&mut s, KeyCode::Char('d'));
    assert!(matches!(dialog_kind(&s), DialogKind::ConfirmDelete { .. }));
    press(&mut s, KeyCode::Esc);
    assert!(s.dialog.is_none(), "Esc keeps the token");
    press(&mut s, KeyCode::Char('d'));
    press(&mut s, KeyCode::Enter);
    assert!(matches!(
        dialog_kind(&s),
        DialogKind::Pin {
            purpose: PinPurpose::Remove,
            ..
        }
    ));
    typ(&mut s, "4089");
    let fx = press(&mut s, KeyCode::Enter);
    assert!(
        matches!(&fx[..], [Effect::Remove { serial, pin }] if serial == "SER1" && pin.expose() == "4089")
    );
}

#[test]
fn empty_required_fields_are_named_and_focused() {
    let mut s = state();
    press(&mut s, KeyCode::Char('i'));
    press(&mut s, KeyCode::Tab);
    assert!(press(&mut s, KeyCode::Enter).is_empty());
    let d = s.dialog.as_ref().unwrap();
    assert_eq!(d.error.as_deref(), Some("Seed file (path) is required"));
    assert_eq!(d.form.focus, 0);
}

#[test]
fn import_mobilepass_with_policy_counter_and_digits() {
    let mut s = state();
    press(&mut s, KeyCode::Char('i'));
    press(&mut s, KeyCode::Right);
    assert!(matches!(
        dialog_kind(&s),
        DialogKind::ImportSource {
            source: SourceKind::MobilePass
        }
    ));
    typ(&mut s, "ABCDEFGHIJKLMNOP");
    press(&mut s, KeyCode::Tab);
    typ(&mut s, "P1");
    press(&mut s, KeyCode::Tab);
    typ(&mut s, "x");
    assert!(press(&mut s, KeyCode::Enter).is_empty());
    assert_eq!(
        dialog_error(&s),
        Some("the first counter must be a whole number")
    );
    press(&mut s, KeyCode::Backspace);
    typ(&mut s, "3");
    press(&mut s, KeyCode::Tab);
    typ(&mut s, "7");
    assert!(press(&mut s, KeyCode::Enter).is_empty());
    assert_eq!(dialog_error(&s), Some("digits must be 6 or 8"));
    assert_eq!(
        s.dialog.as_ref().unwrap().form.fields[0].value.as_str(),
        "ABCDEFGHIJKLMNOP",
        "the code is kept"
    );
    press(&mut s, KeyCode::Backspace);
    typ(&mut s, "8");
    let fx = press(&mut s, KeyCode::Enter);
    assert!(
        matches!(&fx[..], [Effect::PrepareImport(softpass_client::client::ImportSource::MobilePass { code, policy, counter: 3, digits: 8 })]
        if code.expose() == "ABCDEFGHIJKLMNOP" && policy == "P1")
    );
}

#[test]
fn import_can_reactivate_an_existing_serial() {
    let mut s = state();
    press(&mut s, KeyCode::Char('i'));
    prepared(&mut s, &[("SER1", Kind::Hotp)], true);
    let d = s.dialog.as_mut().unwrap();
    d.form.focus = d
        .form
        .fields
        .iter()
        .position(|f| f.id == FieldId::SeedPin)
        .unwrap();
    typ(&mut s, "4089");
    press(&mut s, KeyCode::Tab);
    typ(&mut s, "maybe");
    assert!(press(&mut s, KeyCode::Enter).is_empty());
    let d = s.dialog.as_ref().unwrap();
    assert_eq!(d.error.as_deref(), Some("re-activate: answer yes or no"));
    assert_eq!(
        d.form.field(FieldId::SeedPin).unwrap().value.as_str(),
        "4089",
        "nothing retyped"
    );
    for _ in 0.."maybe".len() {
        press(&mut s, KeyCode::Backspace);
    }
    typ(&mut s, "Yes");
    let fx = press(&mut s, KeyCode::Enter);
    assert!(
        matches!(&fx[..], [Effect::CommitImport { replace: true, pin, .. }] if pin.expose() == "4089")
    );
}

#[test]
fn import_from_an_email_then_its_pin_by_enter() {
    let mut s = state();
    press(&mut s, KeyCode::Char('i'));
    press(&mut s, KeyCode::Left);
    assert!(matches!(
        dialog_kind(&s),
        DialogKind::ImportSource {
            source: SourceKind::Email
        }
    ));
    assert_eq!(field_ids(&s), [FieldId::MailPath]);
    typ(&mut s, "'/tmp/activation mail.eml'");
    let fx = press(&mut s, KeyCode::Enter);
    let path = match &fx[..] {
        [Effect::PrepareImport(softpass_client::client::ImportSource::Email(Some(p)))] => p,
        _ => panic!("expected the e-mail source ({} effects)", fx.len()),
    };
    // Quotes a file manager adds around a pasted path are dropped.
    assert_eq!(path, std::path::Path::new("/tmp/activation mail.eml"));
    let how = Found {
        carries_pin: true,
        mail_pin: true,
        ..Found::default()
    };
    prepared_as(&mut s, &[("4F214C507612A26A", Kind::Hotp)], how);
    assert_eq!(
        field_ids(&s),
        [
            FieldId::Name,
            FieldId::OtpPinToStore,
            FieldId::MailPin,
            FieldId::Replace
        ]
    );
    // The PIN field left empty: the commit goes ahead with an empty PIN, which the runtime
    // replaces by the e-mail's Application PIN.
    let fx = press(&mut s, KeyCode::Enter);
    assert!(
        matches!(&fx[..], [Effect::CommitImport { pin, .. }] if pin.is_empty()),
        "{} effects",
        fx.len()
    );
}
