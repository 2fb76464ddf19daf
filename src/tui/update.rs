//! `update(&mut State, Msg) -> Vec<Effect>`: every key press and every result lands here.
//! Pure: the runtime performs the returned effects and feeds their results back as messages.
use crate::tui::keymap::{self, Action};
use crate::tui::msg::{Culprit, Effect, FailKind, Failure, Msg, Route};
use crate::tui::state::{DialogKind, FieldId, ShownCode, State};
use crate::tui::{dialogs, input, session};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use softpass_client::client::{CodeView, TokenInfo};
use softpass_core::secret::SecretString;
use zeroize::Zeroizing;

pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(ev) if ev.kind == KeyEventKind::Release => vec![],
        Msg::Key(ev) => {
            state.last_input = state.now;
            on_key(state, ev)
        }
        Msg::Tick(now) => on_tick(state, now),
        Msg::TokensFailed(failure) => {
            state.loaded = true;
            state.tokens.clear();
            state.list_error = true;
            state.error(failure.message);
            vec![]
        }
        Msg::Tokens(tokens) => on_tokens(state, tokens),
        Msg::Unlocked {
            serial,
            has_otp_pin,
        } => {
            remember_otp_pin(state, &serial, has_otp_pin);
            state.unlocked.insert(serial);
            vec![]
        }
        Msg::OtpPinSet {
            serial,
            stored,
            then_copy,
        } => on_otp_pin_set(state, serial, stored, then_copy),
        Msg::NeedOtpPin(serial) => {
            state.busy = None;
            let name = name_of(state, &serial);
            state.dialog = Some(dialogs::otp_pin(serial, name));
            vec![]
        }
        Msg::Code(view) => on_code(state, view),
        Msg::CopyCode { serial, otp_pin } => match &state.code {
            Some(c) if c.serial == serial => vec![Effect::CopyShown {
                serial,
                code: SecretString::from(c.code.as_str()),
                otp_pin,
            }],
            _ => vec![],
        },
        Msg::Copied(result) => on_copied(state, result),
        Msg::Prepared {
            tokens,
            carries_pin,
            mail_pin,
            policy,
        } => {
            state.busy = None;
            state.status = None;
            state.dialog = Some(dialogs::import_pin(&tokens, carries_pin, mail_pin, policy));
            vec![]
        }
        Msg::Imported(names) => on_imported(state, &names),
        Msg::OtpPinNotKept(names) => on_otp_pin_not_kept(state, &names),
        Msg::Done(text) => {
            state.busy = None;
            state.dialog = None;
            state.info(text);
            vec![Effect::LoadTokens]
        }
        Msg::Forget(serial) => {
            state.unlocked.remove(&serial);
            state.otp_pin_stored.remove(&serial);
            if state.code.as_ref().is_some_and(|c| c.serial == serial) {
                state.code = None;
            }
            vec![]
        }
        Msg::Failed(failure) => on_failed(state, failure),
        Msg::LoggedIn { accepted, text } => on_logged_in(state, accepted, text),
    }
}

/// The server answered `s`: its verdict in the status line (an accept as information).
fn on_logged_in(state: &mut State, accepted: bool, text: String) -> Vec<Effect> {
    state.busy = None;
    state.dialog = None;
    if accepted {
        state.info(text);
    } else {
        state.error(text);
    }
    vec![Effect::LoadTokens]
}

fn on_imported(state: &mut State, names: &[String]) -> Vec<Effect> {
    state.busy = None;
    state.dialog = None;
    state.info(format!("Imported {}", names.join(", ")));
    vec![Effect::LoadTokens]
}

/// Added to the import's status line: a re-activation that could not keep the OTP PIN.
fn on_otp_pin_not_kept(state: &mut State, names: &[String]) -> Vec<Effect> {
    let before = state.status.take().map(|s| s.text).unwrap_or_default();
    state.info(format!(
        "{before}; the OTP PIN stored with the old {} could not be kept (press o to set it)",
        names.join(", ")
    ));
    vec![]
}

/// The token list was (re)read: keep the selection on the same token when the list changes.
fn on_tokens(state: &mut State, tokens: Vec<TokenInfo>) -> Vec<Effect> {
    let first = !state.loaded;
    // Keep the selection on the same token when the list changes around it.
    let keep = state.selected_token().map(|t| t.serial.clone());
    state.list_error = false;
    state.tokens = tokens;
    state.loaded = true;
    let want = if first {
        state.default_token.take()
    } else {
        keep
    };
    if let Some(want) = want {
        let pos = state
            .visible()
            .iter()
            .position(|t| t.name == want || t.serial == want);
        state.selected = pos.unwrap_or(state.selected);
    }
    state.clamp_selection();
    vec![]
}

/// Whether the token stores an OTP PIN (known once it is unlocked: the fact is sealed).
fn remember_otp_pin(state: &mut State, serial: &str, stored: bool) {
    if stored {
        state.otp_pin_stored.insert(serial.to_owned());
    } else {
        state.otp_pin_stored.remove(serial);
    }
}

/// The token's name, else its serial.
fn name_of(state: &State, serial: &str) -> String {
    state
        .tokens
        .iter()
        .find(|t| t.serial == serial)
        .map_or_else(|| serial.to_owned(), |t| t.name.clone())
}

/// The OTP PIN was stored or removed. From the copy dialog, the copy it was asked for goes on,
/// now with the stored OTP PIN.
fn on_otp_pin_set(state: &mut State, serial: String, stored: bool, then_copy: bool) -> Vec<Effect> {
    state.busy = None;
    state.dialog = None;
    remember_otp_pin(state, &serial, stored);
    let name = name_of(state, &serial);
    state.info(if stored {
        format!("OTP PIN stored (sealed) for '{name}'")
    } else {
        format!("OTP PIN removed from '{name}'")
    });
    if !then_copy {
        return vec![Effect::LoadTokens];
    }
    if let Some(c) = state.code.as_ref().filter(|c| c.serial == serial) {
        let code = SecretString::from(c.code.as_str());
        return vec![Effect::CopyShown {
            serial,
            code,
            otp_pin: None,
        }];
    }
    dialogs::start_generate(state, serial, name, true, None)
}

/// A generated eToken arrives: it replaces what was shown and closes the PIN dialog.
fn on_code(state: &mut State, view: CodeView) -> Vec<Effect> {
    state.busy = None;
    if matches!(
        state.dialog.as_ref().map(|d| &d.kind),
        Some(DialogKind::Pin { .. } | DialogKind::OtpPin { .. })
    ) {
        state.dialog = None;
    }
    state.status = None;
    state.code = Some(ShownCode {
        serial: view.serial,
        name: view.name,
        kind: view.kind,
        counter: view.counter,
        code: Zeroizing::new(view.code),
        expires_at: view.valid_for.map(|v| state.now + u64::from(v)),
    });
    vec![Effect::LoadTokens]
}

/// An operation failed: a lock closes the dialog; otherwise it stays, the cursor on the field
/// the failure blames (wiped if secret) and every other field as typed. A failure that blames
/// no field of this dialog wipes its secrets.
fn on_failed(state: &mut State, failure: Failure) -> Vec<Effect> {
    state.busy = None;
    let mut effects = vec![Effect::LoadTokens];
    if let Some(dialog) = state.dialog.as_mut() {
        if failure.kind == FailKind::Locked {
            if matches!(dialog.kind, DialogKind::ImportPin { .. }) {
                effects.push(Effect::CancelImport);
            }
            state.dialog = None;
        } else {
            let blamed = failure
                .culprit
                .is_some_and(|c| culprit_fields(c).iter().any(|id| dialog.form.blame(*id)));
            if !blamed {
                dialog.form.clear_secrets();
            }
            dialog.error = Some(failure.message.clone());
        }
    }
    state.error(failure.message);
    effects
}

/// The fields a culprit may be, in the order tried (each dialog has at most one of them).
fn culprit_fields(c: Culprit) -> &'static [FieldId] {
    match c {
        Culprit::AppPin => &[
            FieldId::Pin,
            FieldId::OldPin,
            FieldId::StorePin,
            FieldId::SeedPin,
            FieldId::NewPin,
        ],
        Culprit::ActivationKey => &[FieldId::ActivationKey],
        Culprit::Source => &[FieldId::SeedPath, FieldId::MobilePassCode, FieldId::Uri],
        Culprit::Name => &[FieldId::Name, FieldId::NewName],
        Culprit::Replace => &[FieldId::Replace],
        Culprit::OtpPin => &[FieldId::OtpPinToStore, FieldId::NewOtpPin, FieldId::OtpPin],
    }
}

/// The clipboard's answer: where the value went and when it is cleared, or why it could not go.
fn on_copied(state: &mut State, result: Result<Route, String>) -> Vec<Effect> {
    match result {
        // Nothing answers an OSC 52 outside tmux: say what was done, not that it worked.
        Ok(Route {
            confirmed: false, ..
        }) => state.info(
            "Sent OTP PIN + eToken to the terminal by OSC 52; softpass cannot tell whether it reached the clipboard (the eToken stays on screen)",
        ),
        Ok(Route { name: route, .. }) => {
            let secs = state.clipboard_clear_secs;
            state.info(if secs == 0 {
                // clipboard_clear_secs = 0 means "never clear" (docs/config.md).
                format!("Copied OTP PIN + eToken ({route}); not cleared automatically")
            } else {
                format!("Copied OTP PIN + eToken ({route}); cleared in {secs} s if still there")
            });
        }
        Err(why) => state.error(format!(
            "Could not copy: {why}. The eToken stays on screen."
        )),
    }
    vec![]
}

fn on_tick(state: &mut State, now: u64) -> Vec<Effect> {
    state.now = now;
    if state
        .code
        .as_ref()
        .and_then(|c| c.expires_at)
        .is_some_and(|t| t <= now)
    {
        state.code = None;
        state.info("The eToken expired: press Enter for a new one");
    }
    let idle = now.saturating_sub(state.last_input);
    let something_to_lock =
        !state.unlocked.is_empty() || state.code.is_some() || state.dialog.is_some();
    if state.idle_lock_secs > 0
        && idle >= state.idle_lock_secs
        && something_to_lock
        && state.busy.is_none()
    {
        let secs = state.idle_lock_secs;
        let mut effects = session::lock_all(state);
        state.info(format!("Locked all tokens after {secs} s without input"));
        effects.push(Effect::LockAll);
        return effects;
    }
    vec![]
}

/// Wipe codes and half-typed secrets, forget what is unlocked.
fn on_key(state: &mut State, ev: KeyEvent) -> Vec<Effect> {
    if state.busy.is_some() {
        return vec![];
    }
    if state.dialog.is_some() {
        return input::on_key(state, ev);
    }
    if state.filtering {
        return on_filter_key(state, ev);
    }
    let action = keymap::lookup(keymap::LIST_KEYS, &ev);
    if state.help {
        match action {
            Some(Action::Quit) => return session::quit(state),
            Some(Action::Help | Action::Close) => state.help = false,
            // A small terminal shows part of the help: the arrows scroll it.
            Some(Action::Up) => state.help_scroll = state.help_scroll.saturating_sub(1),
            Some(Action::Down) => state.help_scroll = state.help_scroll.saturating_add(1),
            _ => {}
        }
        return vec![];
    }
    match action {
        Some(a) => dispatch(state, a),
        None => vec![],
    }
}

fn on_filter_key(state: &mut State, ev: KeyEvent) -> Vec<Effect> {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    match ev.code {
        KeyCode::Char('c') if ctrl => return session::quit(state),
        KeyCode::Char(c) if !ctrl => state.filter.push(c),
        KeyCode::Backspace => {
            state.filter.pop();
        }
        KeyCode::Enter => state.filtering = false,
        KeyCode::Esc => {
            state.filtering = false;
            state.filter.clear();
        }
        _ => {}
    }
    state.selected = 0;
    vec![]
}

fn dispatch(state: &mut State, action: Action) -> Vec<Effect> {
    let n = state.visible().len();
    match action {
        Action::Up => state.selected = state.selected.saturating_sub(1),
        Action::Down => state.selected = (state.selected + 1).min(n.saturating_sub(1)),
        Action::Generate => return dialogs::generate(state, false),
        Action::Copy => return dialogs::generate(state, true),
        Action::Login => return dialogs::login(state),
        Action::Import => {
            state.status = None;
            state.dialog = Some(dialogs::import_source(
                crate::tui::state::SourceKind::SeedFile,
            ));
        }
        Action::OtpPin | Action::ChangePin | Action::Rename | Action::Delete => {
            dialogs::open_for_token(state, action)
        }
        Action::Filter => {
            // `/` starts a new filter (the old one would only be appended to).
            state.filter.clear();
            state.selected = 0;
            state.filtering = true;
        }
        Action::LockAll => {
            let mut effects = session::lock_all(state);
            state.info("Locked all tokens");
            effects.push(Effect::LockAll);
            return effects;
        }
        Action::Help => {
            state.help = true;
            state.help_scroll = 0;
        }
        Action::Close => {
            // Esc first hides the code, then clears the filter.
            let had_code = state.code.take().is_some();
            if !had_code {
                state.filter.clear();
                state.clamp_selection();
            }
        }
        Action::Quit => return session::quit(state),
        _ => {}
    }
    vec![]
}
