//! Snapshots of every screen on ratatui's TestBackend (80×24), plus checks that no secret
//! typed into a dialog ever reaches the screen.
use super::support::{Found, prepared, prepared_as};
use crate::tui::msg::{Culprit, FailKind, Failure, Msg};
use crate::tui::state::State;
use crate::tui::update::update;
use crate::tui::{demo, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use softpass_client::client::{CodeView, TokenInfo};
use softpass_core::token::{Kind, PinPolicy};

// 2023-11-14T22:13:20Z: 20 s into a 30 s step, so the TOTP bar shows 10 s left.
const T0: u64 = 1_700_000_000;

/// The list's tokens stand at counter 12 on these screens.
fn token(name: &str, serial: &str, kind: Kind) -> TokenInfo {
    super::support::token_at(name, serial, kind, 12)
}

fn state() -> State {
    let mut s = State::new(T0, 60, 30);
    let mut locked = token("old laptop", "7A00BEEF0001", Kind::Hotp);
    locked.locked = true;
    let mut wrong = token("bank", "4F214C507612A26A", Kind::Mobilepass);
    wrong.failed_attempts = 2;
    let list = vec![
        token("work vpn", "GALT12345678", Kind::Hotp),
        token("github", "JBSWY3DP", Kind::Totp),
        wrong,
        locked,
    ];
    update(&mut s, Msg::Tokens(list));
    update(
        &mut s,
        Msg::Unlocked {
            serial: "JBSWY3DP".into(),
            has_otp_pin: false,
        },
    );
    s
}

fn press(s: &mut State, code: KeyCode) {
    update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn typ(s: &mut State, text: &str) {
    text.chars().for_each(|c| press(s, KeyCode::Char(c)));
}

fn screen(s: &State) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| f.render_widget(s, f.area())).unwrap();
    t.backend().to_string()
}

fn hotp_code(s: &mut State) {
    update(
        s,
        Msg::Code(CodeView {
            name: "work vpn".into(),
            serial: "GALT12345678".into(),
            kind: Kind::Hotp,
            counter: Some(12),
            code: "287082".into(),
            valid_for: None,
        }),
    );
}

#[test]
fn list() {
    insta::assert_snapshot!(screen(&state()));
}

#[test]
fn list_empty_and_loading() {
    let mut s = State::new(T0, 60, 30);
    assert!(screen(&s).contains("Reading the vault…"));
    update(&mut s, Msg::Tokens(vec![]));
    insta::assert_snapshot!(screen(&s));
}

#[test]
fn list_filtered() {
    let mut s = state();
    press(&mut s, KeyCode::Char('/'));
    typ(&mut s, "git");
    insta::assert_snapshot!(screen(&s));
}

#[test]
fn pin_dialog_masks_the_pin() {
    let mut s = state();
    press(&mut s, KeyCode::Enter);
    typ(&mut s, "4089");
    let out = screen(&s);
    assert!(!out.contains("4089"), "the PIN must never be drawn");
    assert!(out.contains("••••"));
    insta::assert_snapshot!(out);
}

#[test]
fn unlocking_shows_busy() {
    let mut s = state();
    press(&mut s, KeyCode::Enter);
    typ(&mut s, "4089");
    press(&mut s, KeyCode::Enter);
    let out = screen(&s);
    assert!(out.contains("Unlocking…"));
    insta::assert_snapshot!(out);
}

#[test]
fn code_view_hotp() {
    let mut s = state();
    hotp_code(&mut s);
    let out = screen(&s);
    assert!(
        out.contains("eToken 287082 · counter 12"),
        "plain digits on one line"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn code_view_totp_counts_down() {
    let mut s = state();
    press(&mut s, KeyCode::Down);
    update(
        &mut s,
        Msg::Code(CodeView {
            name: "github".into(),
            serial: "JBSWY3DP".into(),
            kind: Kind::Totp,
            counter: None,
            code: "94287082".into(),
            valid_for: Some(10),
        }),
    );
    update(&mut s, Msg::Tick(T0 + 3));
    let out = screen(&s);
    assert!(out.contains("eToken 94287082 · 7 s left"));
    insta::assert_snapshot!(out);
}

#[test]
fn copy_failed_keeps_the_code() {
    let mut s = state();
    hotp_code(&mut s);
    update(
        &mut s,
        Msg::Copied(Err("no display and the terminal refused OSC 52".into())),
    );
    insta::assert_snapshot!(screen(&s));
}

#[test]
fn import_dialog_each_source() {
    let mut s = state();
    press(&mut s, KeyCode::Char('i'));
    typ(&mut s, "seeds/4F214C507612A26A.pskc");
    press(&mut s, KeyCode::Tab);
    typ(&mut s, "YZQHoczZWw3cBCNo");
    let out = screen(&s);
    assert!(
        !out.contains("YZQHoczZWw3cBCNo"),
        "the activation key is masked"
    );
    insta::assert_snapshot!("import_seed_file", out);
    press(&mut s, KeyCode::Right);
    insta::assert_snapshot!("import_mobilepass", screen(&s));
    press(&mut s, KeyCode::Right);
    press(&mut s, KeyCode::Enter);
    insta::assert_snapshot!("import_uri_required", screen(&s));
    press(&mut s, KeyCode::Right);
    typ(&mut s, "~/Downloads/activation.eml");
    insta::assert_snapshot!("import_email", screen(&s));
}

#[test]
fn import_from_an_email_offers_its_pin() {
    let mut s = state();
    press(&mut s, KeyCode::Char('i'));
    let how = Found {
        carries_pin: true,
        mail_pin: true,
        ..Found::default()
    };
    prepared_as(&mut s, &[("4F214C507612A26A", Kind::Hotp)], how);
    insta::assert_snapshot!("import_mail_pin", screen(&s));
}

#[test]
fn import_dialog_pin_step() {
    let mut s = state();
    press(&mut s, KeyCode::Char('i'));
    let found = [("4F214C507612A26A", Kind::Hotp)];
    prepared(&mut s, &found, true);
    insta::assert_snapshot!("import_seed_pin", screen(&s));
    let policy = PinPolicy {
        min_length: 6,
        max_length: 8,
        max_failed_attempts: Some(3),
        numeric: true,
    };
    let how = Found {
        policy,
        ..Found::default()
    };
    prepared_as(&mut s, &found, how);
    insta::assert_snapshot!("import_new_pin", screen(&s));
}

#[test]
fn help_overlay() {
    let mut s = state();
    press(&mut s, KeyCode::Char('?'));
    insta::assert_snapshot!(screen(&s));
}

#[test]
fn wrong_pin_error() {
    let mut s = state();
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Enter);
    typ(&mut s, "1111");
    press(&mut s, KeyCode::Enter);
    let message = "wrong application PIN for token 'bank' (2 attempts left)";
    update(
        &mut s,
        Msg::Failed(Failure {
            message: message.into(),
            kind: FailKind::WrongSecret,
            culprit: Some(Culprit::AppPin),
        }),
    );
    let out = screen(&s);
    assert!(!out.contains("1111"));
    insta::assert_snapshot!(out);
}

#[test]
fn invalid_seed_file_error() {
    let mut s = state();
    press(&mut s, KeyCode::Char('i'));
    typ(&mut s, "/tmp/broken.pskc");
    press(&mut s, KeyCode::Tab);
    typ(&mut s, "x");
    press(&mut s, KeyCode::Enter);
    let message =
        "/tmp/broken.pskc: not a PSKC file: root element is <html>, expected <KeyContainer>";
    update(
        &mut s,
        Msg::Failed(Failure {
            message: message.into(),
            kind: FailKind::Other,
            culprit: Some(Culprit::Source),
        }),
    );
    insta::assert_snapshot!(screen(&s));
}

#[test]
fn locked_token_error() {
    let mut s = state();
    for _ in 0..3 {
        press(&mut s, KeyCode::Down);
    }
    press(&mut s, KeyCode::Enter);
    insta::assert_snapshot!(screen(&s));
}

#[test]
fn delete_confirmation() {
    let mut s = state();
    press(&mut s, KeyCode::Char('d'));
    insta::assert_snapshot!(screen(&s));
}

#[test]
fn change_pin_and_rename_dialogs() {
    let mut s = state();
    press(&mut s, KeyCode::Char('p'));
    insta::assert_snapshot!("change_pin", screen(&s));
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Char('r'));
    insta::assert_snapshot!("rename", screen(&s));
}

#[test]
fn demo_banner() {
    let mut s = state();
    s.demo = Some(demo::INFO);
    let out = screen(&s);
    assert!(out.contains("YZQHoczZWw3cBCNo") && out.contains("4089"));
    insta::assert_snapshot!(out);
}

#[test]
fn big_digits_spell_the_code() {
    // Each glyph is 6 columns plus a 1-column gap; "8" is the full 3×5 block pattern.
    let rows = view::big_digits("8");
    assert_eq!(rows, ["██████", "██  ██", "██████", "██  ██", "██████"]);
}

#[test]
fn every_screen_draws_at_any_size_without_panicking() {
    let mut screens = vec![state()];
    let mut s = state();
    hotp_code(&mut s);
    screens.push(s);
    for keys in [
        &[KeyCode::Char('?')][..],
        &[KeyCode::Char('i')],
        &[KeyCode::Enter],
        &[KeyCode::Char('d')],
    ] {
        let mut s = state();
        s.demo = Some(demo::INFO);
        keys.iter().for_each(|k| press(&mut s, *k));
        screens.push(s);
    }
    for s in &screens {
        for (w, h) in [(1, 1), (2, 2), (10, 4), (20, 6), (40, 12), (200, 60)] {
            let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
            t.draw(|f| f.render_widget(s, f.area())).unwrap();
        }
    }
}

#[test]
fn unreadable_vault_error() {
    let mut s = State::new(T0, 60, 30);
    let message =
        "/home/u/.local/share/softpass/vault.json: not a softpass vault (no format marker)";
    update(
        &mut s,
        Msg::TokensFailed(Failure {
            message: message.into(),
            kind: FailKind::Other,
            culprit: None,
        }),
    );
    insta::assert_snapshot!(screen(&s));
}

#[test]
fn names_stay_readable_on_narrow_terminals() {
    // Kind, then Serial, then Next give way before the name shrinks below 12 cells.
    let s = state();
    for (w, shows_serial) in [(100, true), (72, true), (60, false), (40, false)] {
        let mut t = Terminal::new(TestBackend::new(w, 16)).unwrap();
        t.draw(|f| f.render_widget(&s, f.area())).unwrap();
        let text = t.backend().to_string();
        for name in ["work vpn", "github", "bank", "old laptop"] {
            assert!(
                text.contains(name),
                "{w} columns: '{name}' missing:\n{text}"
            );
        }
        assert_eq!(
            text.contains("GALT12345678"),
            shows_serial,
            "{w} columns:\n{text}"
        );
    }
}
