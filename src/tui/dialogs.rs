//! Opening dialogs and typing into them (part of `update`; pure). Submitting: submit.rs.
use crate::tui::keymap::{self, Action};
use crate::tui::msg::Effect;
use crate::tui::state::{Dialog, DialogKind, Field, PinPurpose, SourceKind, State};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use softpass_client::client::PreparedToken;
use softpass_core::secret::SecretString;
use softpass_core::token::PinPolicy;

pub const PIN: &str = "Application PIN";
pub const OTP_PIN: &str = "OTP PIN (empty: eToken only)";
pub const OTP_PIN_OPT: &str = "OTP PIN (optional)";
pub const SEED_PATH: &str = "Seed file (path)";
pub const ACTIVATION_KEY: &str = "Activation key";
pub const MP_CODE: &str = "Activation code";
pub const MP_POLICY: &str = "Policy (optional)";
pub const MP_COUNTER: &str = "First counter (default 0)";
pub const MP_DIGITS: &str = "Digits, 6 or 8 (default 6)";
pub const URI: &str = "otpauth URI";
pub const NAME: &str = "Name";
pub const REPLACE: &str = "Re-activate an existing serial? (yes/no, default no)";
pub const SEED_PIN: &str = "Application PIN (from the activation e-mail)";
pub const NEW_PIN: &str = "New application PIN";
pub const REPEAT_PIN: &str = "Repeat the new PIN";
pub const OLD_PIN: &str = "Current PIN";
pub const NEW_NAME: &str = "New name";

pub fn import_source(source: SourceKind) -> Dialog {
    let fields = match source {
        SourceKind::SeedFile => vec![Field::text(SEED_PATH), Field::secret(ACTIVATION_KEY)],
        SourceKind::MobilePass => {
            vec![
                Field::secret(MP_CODE),
                Field::text(MP_POLICY).optional(),
                Field::text(MP_COUNTER).optional(),
                Field::text(MP_DIGITS).optional(),
            ]
        }
        SourceKind::Uri => vec![Field::secret(URI)],
    };
    Dialog::new(DialogKind::ImportSource { source }, fields)
}

pub fn import_pin(tokens: &[PreparedToken], carries_pin: bool, policy: PinPolicy) -> Dialog {
    let mut fields = vec![];
    if let [only] = tokens {
        fields.push(Field::text(NAME).with(&only.default_name));
    }
    fields.push(Field::secret(OTP_PIN_OPT).optional());
    if carries_pin {
        fields.push(Field::secret(SEED_PIN));
    } else {
        fields.push(Field::secret(NEW_PIN));
        fields.push(Field::secret(REPEAT_PIN));
    }
    fields.push(Field::text(REPLACE).optional());
    let found = tokens
        .iter()
        .map(|t| format!("{} ({})", t.serial, t.kind))
        .collect();
    Dialog::new(
        DialogKind::ImportPin {
            found,
            carries_pin,
            policy,
            default_name: match tokens {
                [only] => Some(only.default_name.clone()),
                _ => None,
            },
        },
        fields,
    )
}

pub fn otp_pin(serial: String, name: String) -> Dialog {
    Dialog::new(
        DialogKind::OtpPin { serial, name },
        vec![Field::secret(OTP_PIN).optional()],
    )
}

pub(crate) fn pin_dialog(serial: String, name: String, purpose: PinPurpose) -> Dialog {
    Dialog::new(
        DialogKind::Pin {
            serial,
            name,
            purpose,
        },
        vec![Field::secret(PIN)],
    )
}

/// `Enter` (copy = false) and `c` (copy = true) on the list.
pub fn generate(state: &mut State, copy: bool) -> Vec<Effect> {
    let Some(t) = state.selected_token() else {
        state.info("No token yet: press i to import one");
        return vec![];
    };
    let (serial, name, has_otp_pin) = (t.serial.clone(), t.name.clone(), state.has_otp_pin(t));
    if t.locked {
        state.error(format!(
            "token '{name}' is locked after too many wrong PINs; re-activate it from its seed (i, Re-activate: yes)"
        ));
        return vec![];
    }
    let shown = state.code.as_ref().filter(|c| c.serial == serial);
    // Whether an OTP PIN is stored is only known once unlocked; before that the runtime
    // answers `NeedOtpPin` after the unlock.
    if copy && !has_otp_pin && state.unlocked.contains(&serial) {
        state.dialog = Some(otp_pin(serial, name));
        return vec![];
    }
    if copy && let Some(c) = shown {
        return vec![Effect::CopyShown {
            serial,
            code: SecretString::from(c.code.as_str()),
            otp_pin: None,
        }];
    }
    start_generate(state, serial, name, copy, None)
}

pub(crate) fn start_generate(
    state: &mut State,
    serial: String,
    name: String,
    copy: bool,
    otp_pin: Option<SecretString>,
) -> Vec<Effect> {
    if state.unlocked.contains(&serial) {
        state.dialog = None;
        return vec![Effect::Generate {
            serial,
            pin: None,
            copy,
            otp_pin,
        }];
    }
    state.dialog = Some(pin_dialog(
        serial,
        name,
        PinPurpose::Generate { copy, otp_pin },
    ));
    vec![]
}

/// `p`, `r`, `d` on the list.
pub fn open_for_token(state: &mut State, action: Action) {
    let Some(t) = state.selected_token() else {
        state.info("No token selected");
        return;
    };
    let (serial, name, policy) = (t.serial.clone(), t.name.clone(), t.pin_policy);
    let dialog = match action {
        Action::ChangePin => Dialog::new(
            DialogKind::ChangePin {
                serial,
                name,
                policy,
            },
            vec![
                Field::secret(OLD_PIN),
                Field::secret(NEW_PIN),
                Field::secret(REPEAT_PIN),
            ],
        ),
        Action::Rename => Dialog::new(
            DialogKind::Rename {
                serial,
                name: name.clone(),
            },
            vec![Field::text(NEW_NAME).with(&name)],
        ),
        _ => Dialog::new(DialogKind::ConfirmDelete { serial, name }, vec![]),
    };
    state.status = None;
    state.dialog = Some(dialog);
}

pub fn on_key(state: &mut State, ev: KeyEvent) -> Vec<Effect> {
    let Some(dialog) = state.dialog.as_mut() else {
        return vec![];
    };
    let form = &mut dialog.form;
    let n = form.fields.len().max(1);
    match keymap::lookup(keymap::DIALOG_KEYS, &ev) {
        Some(Action::Quit) => {
            state.dialog = None;
            state.code = None;
            state.unlocked.clear();
            state.quit = true;
            return vec![Effect::CancelImport, Effect::Quit];
        }
        Some(Action::Close) => {
            state.dialog = None;
            state.info("Cancelled");
            return vec![Effect::CancelImport];
        }
        Some(Action::NextField) => form.focus = (form.focus + 1) % n,
        Some(Action::PrevField) => form.focus = (form.focus + n - 1) % n,
        Some(a @ (Action::PrevChoice | Action::NextChoice)) => {
            if let DialogKind::ImportSource { source } = dialog.kind {
                let all = SourceKind::ALL;
                let i = all.iter().position(|s| *s == source).unwrap_or(0);
                let step = if a == Action::NextChoice {
                    1
                } else {
                    all.len() - 1
                };
                *dialog = import_source(all[(i + step) % all.len()]);
            }
        }
        Some(Action::Backspace) => {
            if let Some(f) = form.fields.get_mut(form.focus) {
                f.value.pop();
            }
        }
        Some(Action::Submit) => return crate::tui::submit::submit(state),
        _ => {
            if let KeyCode::Char(c) = ev.code
                && !ev.modifiers.contains(KeyModifiers::CONTROL)
                && let Some(f) = form.fields.get_mut(form.focus)
            {
                f.value.push(c);
            }
        }
    }
    vec![]
}
