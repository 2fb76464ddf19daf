//! After a refused step (by the dialog's own checks or by the runtime) the cursor goes to the
//! field that was wrong, a secret there is wiped for retyping, and every other field keeps what
//! was typed.

use super::support::*;
use crate::tui::msg::{Culprit, Effect, FailKind, Failure, Msg};
use crate::tui::state::{FieldId, State};
use crate::tui::update::update;
use ratatui::crossterm::event::KeyCode;
use softpass_core::token::Kind;

fn value(s: &State, id: FieldId) -> String {
    let d = s.dialog.as_ref().expect("a dialog is open");
    d.form.field(id).expect("field").value.as_str().to_owned()
}

fn focused(s: &State) -> FieldId {
    let d = s.dialog.as_ref().expect("a dialog is open");
    d.form.fields[d.form.focus].id
}

fn fail(s: &mut State, kind: FailKind, culprit: Culprit) {
    update(
        s,
        Msg::Failed(Failure {
            message: "refused".into(),
            kind,
            culprit: Some(culprit),
        }),
    );
}

#[test]
fn a_wrong_activation_key_keeps_the_seed_path() {
    let mut s = state();
    press(&mut s, KeyCode::Char('i'));
    typ(&mut s, "seeds/4F214C507612A26A.pskc");
    press(&mut s, KeyCode::Tab);
    typ(&mut s, "YZQHoczZWw3cBCNO");
    assert!(matches!(
        &press(&mut s, KeyCode::Enter)[..],
        [Effect::PrepareImport(_)]
    ));
    fail(&mut s, FailKind::WrongSecret, Culprit::ActivationKey);
    assert_eq!(focused(&s), FieldId::ActivationKey);
    assert_eq!(value(&s, FieldId::ActivationKey), "");
    assert_eq!(value(&s, FieldId::SeedPath), "seeds/4F214C507612A26A.pskc");
    // A malformed file: the path is what to fix; the key stays.
    typ(&mut s, "YZQHoczZWw3cBCNo");
    press(&mut s, KeyCode::Enter);
    fail(&mut s, FailKind::Other, Culprit::Source);
    assert_eq!(focused(&s), FieldId::SeedPath);
    assert_eq!(value(&s, FieldId::ActivationKey), "YZQHoczZWw3cBCNo");
}

/// The import dialog's second step for a seed that carries a PIN, filled in.
fn seed_pin_step() -> State {
    let mut s = state();
    press(&mut s, KeyCode::Char('i'));
    prepared(&mut s, &[("4F214C507612A26A", Kind::Hotp)], true);
    let d = s.dialog.as_mut().unwrap();
    d.form.field_mut(FieldId::Name).unwrap().value = "laptop".to_owned().into();
    fill_from(&mut s, 1, &["4711", "4080"]);
    assert!(matches!(
        &press(&mut s, KeyCode::Enter)[..],
        [Effect::CommitImport { .. }]
    ));
    s
}

#[test]
fn a_wrong_seed_pin_keeps_the_name_and_the_otp_pin() {
    let mut s = seed_pin_step();
    fail(&mut s, FailKind::WrongSecret, Culprit::AppPin);
    assert_eq!(focused(&s), FieldId::SeedPin);
    assert_eq!(value(&s, FieldId::SeedPin), "");
    assert_eq!(value(&s, FieldId::Name), "laptop");
    assert_eq!(value(&s, FieldId::OtpPinToStore), "4711");
}

#[test]
fn a_taken_name_keeps_the_pins() {
    let mut s = seed_pin_step();
    fail(&mut s, FailKind::Other, Culprit::Name);
    assert_eq!(focused(&s), FieldId::Name);
    assert_eq!(
        value(&s, FieldId::Name),
        "laptop",
        "text is kept for editing"
    );
    assert_eq!(value(&s, FieldId::SeedPin), "4080");
    assert_eq!(value(&s, FieldId::OtpPinToStore), "4711");
    // A serial already there: the re-activation answer.
    fail(&mut s, FailKind::Other, Culprit::Replace);
    assert_eq!(focused(&s), FieldId::Replace);
}

#[test]
fn differing_new_pins_are_both_wiped_and_the_rest_kept() {
    let mut s = state();
    press(&mut s, KeyCode::Char('i'));
    prepared(&mut s, &[("x", Kind::Hotp)], false);
    fill_from(&mut s, 1, &["4711", "1234", "1235"]);
    assert!(press(&mut s, KeyCode::Enter).is_empty());
    assert_eq!(dialog_error(&s), Some("the two new PINs differ"));
    assert_eq!(focused(&s), FieldId::NewPin);
    assert_eq!(value(&s, FieldId::NewPin), "");
    assert_eq!(value(&s, FieldId::RepeatPin), "");
    assert_eq!(value(&s, FieldId::OtpPinToStore), "4711");
    assert_eq!(value(&s, FieldId::Name), "x");
}

#[test]
fn a_wrong_current_pin_in_change_pin_keeps_the_new_ones() {
    let mut s = state();
    press(&mut s, KeyCode::Char('p'));
    fill_from(&mut s, 0, &["0000", "5678", "5678"]);
    assert!(matches!(
        &press(&mut s, KeyCode::Enter)[..],
        [Effect::ChangePin { .. }]
    ));
    fail(&mut s, FailKind::WrongSecret, Culprit::AppPin);
    assert_eq!(focused(&s), FieldId::OldPin);
    assert_eq!(value(&s, FieldId::OldPin), "");
    assert_eq!(value(&s, FieldId::NewPin), "5678");
}

#[test]
fn a_bad_name_in_rename_keeps_it_for_editing() {
    let mut s = state();
    press(&mut s, KeyCode::Char('r'));
    typ(&mut s, "2");
    assert!(matches!(
        &press(&mut s, KeyCode::Enter)[..],
        [Effect::Rename { .. }]
    ));
    fail(&mut s, FailKind::Other, Culprit::Name);
    assert_eq!(focused(&s), FieldId::NewName);
    assert_eq!(value(&s, FieldId::NewName), "work2");
}

#[test]
fn slash_starts_a_new_filter_and_no_match_says_so() {
    let mut s = state();
    press(&mut s, KeyCode::Char('/'));
    typ(&mut s, "wor");
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.filter, "wor");
    press(&mut s, KeyCode::Char('/'));
    assert_eq!(s.filter, "", "a new filter, not appended to the old one");
    typ(&mut s, "zzz");
    assert!(s.visible().is_empty());
}

#[test]
fn the_help_scrolls_with_the_arrows() {
    let mut s = state();
    press(&mut s, KeyCode::Char('?'));
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Char('j'));
    assert_eq!(s.help_scroll, 2);
    press(&mut s, KeyCode::Up);
    assert_eq!(s.help_scroll, 1);
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Char('?'));
    assert_eq!(s.help_scroll, 0, "opens at the top");
}
