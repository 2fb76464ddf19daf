//! The screens that must work on a small terminal, as snapshots at 40×12 and 80×24: the demo
//! banner wraps (the activation key and PIN are never cut), the eToken stays visible, dialogs
//! and the help scroll to what matters, long names end with an ellipsis.
use super::support::{T0, prepared, token_at};
use crate::tui::demo;
use crate::tui::msg::Msg;
use crate::tui::state::State;
use crate::tui::update::update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use softpass_client::client::CodeView;
use softpass_core::token::Kind;

const SIZES: [(u16, u16); 2] = [(40, 12), (80, 24)];

fn screen(s: &State, (w, h): (u16, u16)) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(s, f.area())).unwrap();
    t.backend().to_string()
}

fn press(s: &mut State, code: KeyCode) {
    update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn typ(s: &mut State, text: &str) {
    text.chars().for_each(|c| press(s, KeyCode::Char(c)));
}

/// Snapshots `s` at both sizes under `name_WxH`; returns the screens.
fn both(name: &str, s: &State) -> Vec<String> {
    SIZES
        .iter()
        .map(|&size| {
            let out = screen(s, size);
            insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), out);
            out
        })
        .collect()
}

/// The demo as it is after the first eToken: the demo token unlocked, its code on screen.
fn demo_with_code() -> State {
    let mut s = State::new(T0, 60, 30);
    s.demo = Some(demo::INFO);
    let t = token_at(demo::NAME, demo::INFO.serial, Kind::Hotp, 1);
    update(&mut s, Msg::Tokens(vec![t]));
    update(
        &mut s,
        Msg::Code(CodeView {
            name: demo::NAME.into(),
            serial: demo::INFO.serial.into(),
            kind: Kind::Hotp,
            counter: Some(0),
            code: "033529".into(),
            valid_for: None,
        }),
    );
    s
}

#[test]
fn demo_banner_wraps_and_the_etoken_stays() {
    for out in both("demo_with_code", &demo_with_code()) {
        assert!(out.contains("YZQHoczZWw3cBCNo"), "{out}");
        assert!(out.contains("4089"), "the PIN is shown whole: {out}");
        assert!(out.contains("eToken 033529 · counter 0"), "{out}");
    }
}

#[test]
fn long_names_end_with_an_ellipsis() {
    let mut s = State::new(T0, 60, 30);
    let long = "corporate VPN for the Frankfurt office (backup)";
    update(
        &mut s,
        Msg::Tokens(vec![
            token_at(long, "4F214C507612A26A", Kind::Hotp, 3),
            token_at("github", "JBSWY3DP", Kind::Totp, 0),
        ]),
    );
    update(
        &mut s,
        Msg::Code(CodeView {
            name: long.into(),
            serial: "4F214C507612A26A".into(),
            kind: Kind::Hotp,
            counter: Some(3),
            code: "969429".into(),
            valid_for: None,
        }),
    );
    for out in both("long_names", &s) {
        assert!(out.contains('…'), "{out}");
        assert!(
            out.contains("(4F214C507612A26A)"),
            "the serial stays in the title: {out}"
        );
        assert!(out.contains("eToken 969429 · counter 3"), "{out}");
    }
}

#[test]
fn a_filter_that_matches_nothing_says_so() {
    let mut s = State::new(T0, 60, 30);
    update(
        &mut s,
        Msg::Tokens(vec![token_at("work", "SER1", Kind::Hotp, 0)]),
    );
    press(&mut s, KeyCode::Char('/'));
    typ(&mut s, "zzz");
    press(&mut s, KeyCode::Enter);
    for out in both("filter_matches_nothing", &s) {
        assert!(out.contains("matches no token"), "{out}");
    }
}

#[test]
fn the_help_scrolls_on_a_small_screen() {
    let mut s = State::new(T0, 60, 30);
    update(
        &mut s,
        Msg::Tokens(vec![token_at("work", "SER1", Kind::Hotp, 0)]),
    );
    press(&mut s, KeyCode::Char('?'));
    let top = screen(&s, (40, 12));
    assert!(top.contains("↓ more"), "{top}");
    insta::assert_snapshot!("help_40x12_top", top);
    for _ in 0..100 {
        press(&mut s, KeyCode::Down);
    }
    let bottom = screen(&s, (40, 12));
    assert!(
        bottom.contains("↑ more") && bottom.contains("Ctrl+C"),
        "{bottom}"
    );
    insta::assert_snapshot!("help_40x12_bottom", bottom);
}

#[test]
fn a_tall_dialog_scrolls_to_the_focused_field() {
    let mut s = State::new(T0, 60, 30);
    update(
        &mut s,
        Msg::Tokens(vec![token_at("work", "SER1", Kind::Hotp, 0)]),
    );
    press(&mut s, KeyCode::Char('i'));
    prepared(&mut s, &[("4F214C507612A26A", Kind::Hotp)], false);
    // The PINs, then the last field, the re-activation question, and a refusal there.
    for text in ["", "", "1234", "1234", "maybe"] {
        typ(&mut s, text);
        press(&mut s, KeyCode::Tab);
    }
    press(&mut s, KeyCode::BackTab);
    press(&mut s, KeyCode::Enter);
    for out in both("import_last_field", &s) {
        assert!(out.contains("Re-activate"), "{out}");
        assert!(
            out.contains("[maybe▏]"),
            "the focused field is in view: {out}"
        );
    }
}

#[test]
fn the_copy_and_otp_pin_dialogs_fit() {
    let mut s = State::new(T0, 60, 30);
    update(
        &mut s,
        Msg::Tokens(vec![token_at("work", "SER1", Kind::Hotp, 0)]),
    );
    update(
        &mut s,
        Msg::Unlocked {
            serial: "SER1".into(),
            has_otp_pin: false,
        },
    );
    press(&mut s, KeyCode::Char('c'));
    for out in both("copy_asks_otp_pin", &s) {
        assert!(out.contains("OTP PIN"), "{out}");
    }
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Char('o'));
    both("set_otp_pin", &s);
}
