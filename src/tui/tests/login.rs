//! `s`: log in to the server of config.toml. Without one set, a message says where to set it;
//! with one, a locked-away token asks its application PIN first, an unlocked one logs in at
//! once; the server's answer lands in the status line (ACCEPT as info, anything else as error).
use super::support::*;
use crate::tui::msg::{Effect, Msg};
use crate::tui::state::{DialogKind, PinPurpose, StatusKind};
use crate::tui::update::update;
use ratatui::crossterm::event::KeyCode;

#[test]
fn s_without_a_server_says_where_to_set_one() {
    let mut s = state();
    let fx = press(&mut s, KeyCode::Char('s'));
    assert!(fx.is_empty() && s.dialog.is_none());
    let st = s.status.as_ref().unwrap();
    assert_eq!(st.kind, StatusKind::Error);
    assert!(st.text.contains("config.toml"), "{}", st.text);
}

#[test]
fn s_asks_the_pin_then_logs_in_and_shows_the_answer() {
    let mut s = state();
    s.login_server = Some("http://127.0.0.1:8080".into());
    press(&mut s, KeyCode::Char('s'));
    assert!(matches!(
        dialog_kind(&s),
        DialogKind::Pin { serial, purpose: PinPurpose::Login, .. } if serial == "SER1"
    ));
    typ(&mut s, "1234");
    let fx = press(&mut s, KeyCode::Enter);
    assert!(
        matches!(&fx[..], [Effect::Login { serial, pin: Some(p) }] if serial == "SER1" && p.expose() == "1234")
    );
    assert!(fx[0].is_slow(), "a login never runs on the UI thread");
    update(&mut s, unlocked("SER1", true));
    let fx = update(
        &mut s,
        Msg::LoggedIn {
            accepted: true,
            text: "ACCEPT: matching 1 tokens".into(),
        },
    );
    assert!(matches!(&fx[..], [Effect::LoadTokens]));
    assert!(s.dialog.is_none() && s.busy.is_none());
    let st = s.status.clone().unwrap();
    assert_eq!(
        (st.kind, st.text.as_str()),
        (StatusKind::Info, "ACCEPT: matching 1 tokens")
    );
    // Unlocked now: the next `s` logs in at once.
    let fx = press(&mut s, KeyCode::Char('s'));
    assert!(matches!(&fx[..], [Effect::Login { pin: None, .. }]));
    assert!(
        s.busy
            .as_deref()
            .is_some_and(|b| b.contains("127.0.0.1:8080"))
    );
    update(
        &mut s,
        Msg::LoggedIn {
            accepted: false,
            text: "REJECT: wrong otp pin".into(),
        },
    );
    let st = s.status.clone().unwrap();
    assert_eq!(
        (st.kind, st.text.as_str()),
        (StatusKind::Error, "REJECT: wrong otp pin")
    );
}
