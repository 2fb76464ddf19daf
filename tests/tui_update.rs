//! `update()` driven key by key, without a vault or a terminal: every key of the contract.
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use softpass::app::client::{CodeView, PreparedToken, TokenInfo};
use softpass::domain::token::{Algorithm, Kind, PinPolicy};
use softpass::tui::dialogs;
use softpass::tui::msg::{Effect, FailKind, Failure, Msg};
use softpass::tui::state::{DialogKind, PinPurpose, SourceKind, State, StatusKind};
use softpass::tui::update::update;

const T0: u64 = 1_700_000_000;

fn token(name: &str, serial: &str, kind: Kind) -> TokenInfo {
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
        has_otp_pin: false,
        issuer: None,
        pin_policy: PinPolicy::default(),
    }
}

fn state() -> State {
    let mut s = State::new(T0, 60, 30);
    let list = vec![
        token("work", "SER1", Kind::Hotp),
        token("vpn", "SER2", Kind::Totp),
        token("bank", "SER3", Kind::Mobilepass),
    ];
    assert!(update(&mut s, Msg::Tokens(list)).is_empty());
    s
}

/// What the runtime reports after an unlock (`work`, SER1, stores an OTP PIN in these tests).
fn unlocked(serial: &str, has_otp_pin: bool) -> Msg {
    Msg::Unlocked {
        serial: serial.into(),
        has_otp_pin,
    }
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn press(s: &mut State, code: KeyCode) -> Vec<Effect> {
    update(s, key(code))
}

fn typ(s: &mut State, text: &str) {
    for c in text.chars() {
        assert!(press(s, KeyCode::Char(c)).is_empty());
    }
}

fn code_view(serial: &str, kind: Kind, counter: Option<u64>, valid_for: Option<u32>) -> Msg {
    Msg::Code(CodeView {
        name: "work".into(),
        serial: serial.into(),
        kind,
        counter,
        code: "755224".into(),
        valid_for,
    })
}

fn dialog_kind(s: &State) -> &DialogKind {
    &s.dialog.as_ref().expect("a dialog is open").kind
}

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
        }),
    );
    assert!(s.dialog.is_none());
    assert!(s.status.as_ref().unwrap().text.contains("locked"));
    assert!(!s.status.as_ref().unwrap().text.contains("2222"));
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
    assert!(s.status.as_ref().unwrap().text.contains("import --replace"));
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
    update(&mut s, Msg::Copied(Ok("system clipboard".into())));
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
    assert!(matches!(
        dialog_kind(&s),
        DialogKind::ImportSource {
            source: SourceKind::Uri
        }
    ));
    assert!(press(&mut s, KeyCode::Enter).is_empty());
    assert_eq!(
        s.dialog.as_ref().unwrap().error.as_deref(),
        Some("otpauth URI is required")
    );
    typ(&mut s, "otpauth://hotp/x?secret=GEZDGNBV");
    let fx = press(&mut s, KeyCode::Enter);
    assert!(matches!(&fx[..], [Effect::PrepareImport(_)]));
    let found = vec![PreparedToken {
        serial: "x".into(),
        default_name: "x".into(),
        kind: Kind::Hotp,
    }];
    update(
        &mut s,
        Msg::Prepared {
            tokens: found,
            carries_pin: false,
            policy: PinPolicy::default(),
        },
    );
    let labels: Vec<_> = s
        .dialog
        .as_ref()
        .unwrap()
        .form
        .fields
        .iter()
        .map(|f| f.label)
        .collect();
    assert_eq!(
        labels,
        [
            dialogs::NAME,
            dialogs::OTP_PIN_OPT,
            dialogs::NEW_PIN,
            dialogs::REPEAT_PIN
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
    assert!(
        s.dialog
            .as_ref()
            .unwrap()
            .error
            .as_deref()
            .unwrap()
            .contains("at least 4")
    );
    s.dialog.as_mut().unwrap().form.focus = 2;
    typ(&mut s, "1234");
    press(&mut s, KeyCode::Tab);
    typ(&mut s, "1235");
    assert!(press(&mut s, KeyCode::Enter).is_empty());
    assert_eq!(
        s.dialog.as_ref().unwrap().error.as_deref(),
        Some("the two new PINs differ")
    );
    s.dialog.as_mut().unwrap().form.focus = 2;
    typ(&mut s, "1234");
    press(&mut s, KeyCode::Tab);
    typ(&mut s, "1234");
    let fx = press(&mut s, KeyCode::Enter);
    assert!(
        matches!(&fx[..], [Effect::CommitImport { name: Some(n), otp_pin: None, pin }] if n == "x" && pin.expose() == "1234")
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
        matches!(&fx[..], [Effect::PrepareImport(softpass::app::client::ImportSource::SeedFile { path, activation_key, serial: None })]
        if path.to_str() == Some("seeds/4F214C507612A26A.pskc") && activation_key.expose() == "YZQHoczZWw3cBCNo")
    );
    let found = vec![
        PreparedToken {
            serial: "A".into(),
            default_name: "A".into(),
            kind: Kind::Hotp,
        },
        PreparedToken {
            serial: "B".into(),
            default_name: "B".into(),
            kind: Kind::Totp,
        },
    ];
    update(
        &mut s,
        Msg::Prepared {
            tokens: found,
            carries_pin: true,
            policy: PinPolicy::default(),
        },
    );
    let labels: Vec<_> = s
        .dialog
        .as_ref()
        .unwrap()
        .form
        .fields
        .iter()
        .map(|f| f.label)
        .collect();
    assert_eq!(
        labels,
        [dialogs::OTP_PIN_OPT, dialogs::SEED_PIN],
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
    assert_eq!(
        s.dialog.as_ref().unwrap().error.as_deref(),
        Some("the two new PINs differ")
    );
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
fn empty_required_fields_are_named_and_focused() {
    let mut s = state();
    press(&mut s, KeyCode::Char('i'));
    press(&mut s, KeyCode::Tab);
    assert!(press(&mut s, KeyCode::Enter).is_empty());
    let d = s.dialog.as_ref().unwrap();
    assert_eq!(d.error.as_deref(), Some("Seed file (path) is required"));
    assert_eq!(d.form.focus, 0);
}
