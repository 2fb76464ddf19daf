//! Opening dialogs (part of `update`; pure). Typing into them: input.rs; submitting: submit.rs.
use crate::tui::keymap::Action;
use crate::tui::msg::Effect;
use crate::tui::state::{Dialog, DialogKind, Field, FieldId, PinPurpose, SourceKind, State};
use softpass_client::client::PreparedToken;
use softpass_core::secret::SecretString;
use softpass_core::token::PinPolicy;

pub fn import_source(source: SourceKind) -> Dialog {
    let fields = match source {
        SourceKind::SeedFile => vec![
            Field::text(FieldId::SeedPath),
            Field::secret(FieldId::ActivationKey),
        ],
        SourceKind::Email => vec![Field::text(FieldId::MailPath)],
        SourceKind::MobilePass => {
            vec![
                Field::secret(FieldId::MobilePassCode),
                Field::text(FieldId::MobilePassPolicy).optional(),
                Field::text(FieldId::MobilePassCounter).optional(),
                Field::text(FieldId::MobilePassDigits).optional(),
            ]
        }
        SourceKind::Uri => vec![Field::secret(FieldId::Uri)],
    };
    Dialog::new(DialogKind::ImportSource { source }, fields)
}

pub fn import_pin(
    tokens: &[PreparedToken],
    carries_pin: bool,
    mail_pin: bool,
    policy: PinPolicy,
) -> Dialog {
    let mut fields = vec![];
    if let [only] = tokens {
        fields.push(Field::text(FieldId::Name).with(&only.default_name));
    }
    fields.push(Field::secret(FieldId::OtpPinToStore).optional());
    if carries_pin && mail_pin {
        fields.push(Field::secret(FieldId::MailPin).optional());
    } else if carries_pin {
        fields.push(Field::secret(FieldId::SeedPin));
    } else {
        fields.push(Field::secret(FieldId::NewPin));
        fields.push(Field::secret(FieldId::RepeatPin));
    }
    fields.push(Field::text(FieldId::Replace).optional());
    let found = tokens
        .iter()
        .map(|t| format!("{} ({})", t.serial, t.kind))
        .collect();
    Dialog::new(
        DialogKind::ImportPin {
            found,
            carries_pin,
            mail_pin,
            policy,
            default_name: match tokens {
                [only] => Some(only.default_name.clone()),
                _ => None,
            },
        },
        fields,
    )
}

/// Asked by `c` when no OTP PIN is stored; the application PIN, if typed, stores it too.
pub fn otp_pin(serial: String, name: String) -> Dialog {
    Dialog::new(
        DialogKind::OtpPin { serial, name },
        vec![
            Field::secret(FieldId::OtpPin).optional(),
            Field::secret(FieldId::StorePin).optional(),
        ],
    )
}

pub fn pin_dialog(serial: String, name: String, purpose: PinPurpose) -> Dialog {
    Dialog::new(
        DialogKind::Pin {
            serial,
            name,
            purpose,
        },
        vec![Field::secret(FieldId::Pin)],
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

pub fn start_generate(
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

/// `s` on the list: log in to the configured server (asks the application PIN first).
pub fn login(state: &mut State) -> Vec<Effect> {
    let Some(t) = state.selected_token() else {
        state.info("No token yet: press i to import one");
        return vec![];
    };
    let (serial, name, locked) = (t.serial.clone(), t.name.clone(), t.locked);
    let Some(server) = state.login_server.clone() else {
        state.error("no server to log in to: set server and user in config.toml (docs/config.md)");
        return vec![];
    };
    if locked {
        state.error(format!(
            "token '{name}' is locked after too many wrong PINs"
        ));
        return vec![];
    }
    if state.unlocked.contains(&serial) {
        state.busy = Some(format!("Logging in to {server}…"));
        return vec![Effect::Login { serial, pin: None }];
    }
    state.dialog = Some(pin_dialog(serial, name, PinPurpose::Login));
    vec![]
}

/// `o`, `p`, `r`, `d` on the list.
pub fn open_for_token(state: &mut State, action: Action) {
    let Some(t) = state.selected_token() else {
        state.info("No token selected");
        return;
    };
    let (serial, name, policy) = (t.serial.clone(), t.name.clone(), t.pin_policy);
    let dialog = match action {
        Action::OtpPin => Dialog::new(
            DialogKind::SetOtpPin { serial, name },
            vec![
                Field::secret(FieldId::NewOtpPin).optional(),
                Field::secret(FieldId::Pin),
            ],
        ),
        Action::ChangePin => Dialog::new(
            DialogKind::ChangePin {
                serial,
                name,
                policy,
            },
            vec![
                Field::secret(FieldId::OldPin),
                Field::secret(FieldId::NewPin),
                Field::secret(FieldId::RepeatPin),
            ],
        ),
        Action::Rename => Dialog::new(
            DialogKind::Rename {
                serial,
                name: name.clone(),
            },
            vec![Field::text(FieldId::NewName).with(&name)],
        ),
        _ => Dialog::new(DialogKind::ConfirmDelete { serial, name }, vec![]),
    };
    state.status = None;
    state.dialog = Some(dialog);
}
