//! Submitting a dialog (`Enter`), one function per dialog: check what was typed, then the effect
//! to run (part of `update`; pure). Values are copied out, not taken: while the effect runs the
//! dialog keeps them, so a step refused here or by the runtime puts the cursor on the field that
//! was wrong (wiping it if it is secret) and every other field keeps what was typed. Closing the
//! dialog wipes them all.
use crate::tui::dialogs::{pin_dialog, start_generate};
use crate::tui::msg::Effect;
use crate::tui::state::{DialogKind, FieldId, Form, PinPurpose, SourceKind, State};
use softpass_client::client::ImportSource;
use softpass_core::secret::SecretString;
use softpass_core::token::PinPolicy;
use std::path::PathBuf;

/// What a dialog's submit decided.
enum Outcome {
    /// Run the effects; the dialog stays open (busy) until the runtime's answer closes it or
    /// shows why it failed.
    Stay(Vec<Effect>),
    /// Run the effects; the dialog is done.
    Close(Vec<Effect>),
    /// The submit opened the next dialog itself (or closed this one); run the effects.
    Replaced(Vec<Effect>),
    /// A problem with the input: shown in the dialog, the focus on the field it names.
    Refused(String, Option<FieldId>),
}

pub fn submit(state: &mut State) -> Vec<Effect> {
    let Some(mut dialog) = state.dialog.take() else {
        return vec![];
    };
    if let Some(i) = dialog
        .form
        .fields
        .iter()
        .position(|f| !f.optional && f.trimmed().is_empty())
    {
        dialog.error = Some(format!("{} is required", dialog.form.fields[i].label()));
        dialog.form.focus = i;
        state.dialog = Some(dialog);
        return vec![];
    }
    dialog.error = None;
    let form = &mut dialog.form;
    let outcome = match &dialog.kind {
        DialogKind::Pin {
            serial, purpose, ..
        } => pin(state, form, serial, purpose),
        DialogKind::OtpPin { serial, name } => otp_pin(state, form, serial, name),
        DialogKind::SetOtpPin { serial, .. } => set_otp_pin(state, form, serial),
        DialogKind::ImportSource { source } => import_source(state, form, *source),
        DialogKind::ImportPin {
            carries_pin,
            policy,
            default_name,
            ..
        } => import_pin(state, form, *carries_pin, *policy, default_name.as_deref()),
        DialogKind::ChangePin { serial, policy, .. } => change_pin(state, form, serial, *policy),
        DialogKind::Rename { serial, name } => rename(form, serial, name),
        DialogKind::ConfirmDelete { serial, name } => {
            state.dialog = Some(pin_dialog(serial.clone(), name.clone(), PinPurpose::Remove));
            Outcome::Replaced(vec![])
        }
    };
    match outcome {
        Outcome::Stay(effects) => {
            state.dialog = Some(dialog);
            effects
        }
        Outcome::Close(effects) | Outcome::Replaced(effects) => effects,
        Outcome::Refused(why, field) => {
            if let Some(id) = field {
                dialog.form.blame(id);
            }
            dialog.error = Some(why);
            state.dialog = Some(dialog);
            vec![]
        }
    }
}

fn pin(state: &mut State, form: &mut Form, serial: &str, purpose: &PinPurpose) -> Outcome {
    let pin = form
        .secret(FieldId::Pin)
        .unwrap_or_else(|| SecretString::from(""));
    let serial = serial.to_owned();
    Outcome::Stay(match purpose {
        PinPurpose::Generate { copy, otp_pin } => {
            state.busy = Some("Unlocking…".into());
            vec![Effect::Generate {
                serial,
                pin: Some(pin),
                copy: *copy,
                otp_pin: otp_pin.as_ref().map(SecretString::duplicate),
            }]
        }
        PinPurpose::Remove => {
            state.busy = Some("Checking the PIN and removing…".into());
            vec![Effect::Remove { serial, pin }]
        }
        PinPurpose::Login => {
            state.busy = Some("Unlocking and logging in…".into());
            vec![Effect::Login {
                serial,
                pin: Some(pin),
            }]
        }
    })
}

fn otp_pin(state: &mut State, form: &mut Form, serial: &str, name: &str) -> Outcome {
    // Empty stays `Some("")`: "copy the eToken alone", not "ask again".
    let otp_pin = form.secret(FieldId::OtpPin);
    let store_pin = form.secret(FieldId::StorePin).filter(|p| !p.is_empty());
    if let Some(pin) = store_pin {
        // Stored first (the token is resealed), then copied with the stored one.
        let Some(otp_pin) = otp_pin.filter(|p| !p.is_empty()) else {
            return Outcome::Refused(
                "type the OTP PIN to store (or leave the application PIN empty)".into(),
                Some(FieldId::OtpPin),
            );
        };
        state.busy = Some("Storing the OTP PIN… (sealing it with the token)".into());
        return Outcome::Stay(vec![Effect::SetOtpPin {
            serial: serial.to_owned(),
            pin,
            otp_pin: Some(otp_pin),
            then_copy: true,
        }]);
    }
    let shown = state.code.as_ref().filter(|c| c.serial == serial);
    if let Some(c) = shown {
        let code = SecretString::from(c.code.as_str());
        return Outcome::Close(vec![Effect::CopyShown {
            serial: serial.to_owned(),
            code,
            otp_pin,
        }]);
    }
    Outcome::Replaced(start_generate(
        state,
        serial.to_owned(),
        name.to_owned(),
        true,
        otp_pin,
    ))
}

/// `o`: store the typed OTP PIN, or remove the stored one when it is left empty.
fn set_otp_pin(state: &mut State, form: &mut Form, serial: &str) -> Outcome {
    let otp_pin = form.secret(FieldId::NewOtpPin).filter(|p| !p.is_empty());
    let pin = form
        .secret(FieldId::Pin)
        .unwrap_or_else(|| SecretString::from(""));
    state.busy = Some(match otp_pin {
        Some(_) => "Storing the OTP PIN… (sealing it with the token)".into(),
        None => "Removing the stored OTP PIN…".into(),
    });
    Outcome::Stay(vec![Effect::SetOtpPin {
        serial: serial.to_owned(),
        pin,
        otp_pin,
        then_copy: false,
    }])
}

fn import_source(state: &mut State, form: &mut Form, source: SourceKind) -> Outcome {
    // Checked before any secret field is taken, so a typo costs no retyping.
    let counter = match form
        .text(FieldId::MobilePassCounter)
        .map(|c| c.parse::<u64>())
    {
        None => 0,
        Some(Ok(c)) => c,
        Some(Err(_)) => {
            return Outcome::Refused(
                "the first counter must be a whole number".into(),
                Some(FieldId::MobilePassCounter),
            );
        }
    };
    let digits = match form.text(FieldId::MobilePassDigits).as_deref() {
        None | Some("6") => 6,
        Some("8") => 8,
        Some(_) => {
            return Outcome::Refused(
                "digits must be 6 or 8".into(),
                Some(FieldId::MobilePassDigits),
            );
        }
    };
    let source = match source {
        SourceKind::SeedFile => ImportSource::SeedFile {
            path: PathBuf::from(unquote(&form.text(FieldId::SeedPath).unwrap_or_default())),
            activation_key: trimmed_secret(form.secret(FieldId::ActivationKey)),
            serial: None,
        },
        SourceKind::MobilePass => ImportSource::MobilePass {
            code: trimmed_secret(form.secret(FieldId::MobilePassCode)),
            policy: form.text(FieldId::MobilePassPolicy).unwrap_or_default(),
            counter,
            digits,
        },
        SourceKind::Uri => ImportSource::Uri(trimmed_secret(form.secret(FieldId::Uri))),
        SourceKind::Email => ImportSource::Email(Some(PathBuf::from(unquote(
            &form.text(FieldId::MailPath).unwrap_or_default(),
        )))),
    };
    state.busy = Some("Reading the token…".into());
    Outcome::Stay(vec![Effect::PrepareImport(source)])
}

fn import_pin(
    state: &mut State,
    form: &mut Form,
    carries_pin: bool,
    policy: PinPolicy,
    default_name: Option<&str>,
) -> Outcome {
    // Checked before any secret field is taken, so a typo costs no retyping.
    let replace = match form
        .text(FieldId::Replace)
        .map(|s| s.to_lowercase())
        .as_deref()
    {
        None | Some("no" | "n") => false,
        Some("yes" | "y") => true,
        Some(_) => {
            return Outcome::Refused(
                "re-activate: answer yes or no".into(),
                Some(FieldId::Replace),
            );
        }
    };
    let pin = if carries_pin {
        // From an e-mail, an empty field means the e-mail's PIN (the runtime holds it).
        form.secret(FieldId::SeedPin)
            .or_else(|| form.secret(FieldId::MailPin))
    } else {
        match new_pin(form, policy) {
            Ok(pin) => Some(pin),
            Err(e) => return Outcome::Refused(e, Some(FieldId::NewPin)),
        }
    };
    // Re-activation with the pre-filled name untouched keeps the token's current name
    // (as `import --replace` without --name does), instead of renaming it to its serial.
    let name = form
        .text(FieldId::Name)
        .filter(|n| !(replace && Some(n.as_str()) == default_name));
    let otp_pin = form
        .secret(FieldId::OtpPinToStore)
        .filter(|p| !p.is_empty());
    state.busy = Some("Importing… (sealing the token with the PIN)".into());
    Outcome::Stay(vec![Effect::CommitImport {
        name,
        otp_pin,
        pin: pin.unwrap_or_else(|| SecretString::from("")),
        replace,
    }])
}

fn change_pin(state: &mut State, form: &mut Form, serial: &str, policy: PinPolicy) -> Outcome {
    let new = match new_pin(form, policy) {
        Ok(pin) => pin,
        Err(e) => return Outcome::Refused(e, Some(FieldId::NewPin)),
    };
    let old = form
        .secret(FieldId::OldPin)
        .unwrap_or_else(|| SecretString::from(""));
    state.busy = Some("Changing the PIN…".into());
    Outcome::Stay(vec![Effect::ChangePin {
        serial: serial.to_owned(),
        old,
        new,
    }])
}

fn rename(form: &mut Form, serial: &str, name: &str) -> Outcome {
    let new_name = form.text(FieldId::NewName).unwrap_or_default();
    if new_name == name {
        return Outcome::Close(vec![]);
    }
    Outcome::Stay(vec![Effect::Rename {
        serial: serial.to_owned(),
        new_name,
    }])
}

fn trimmed_secret(s: Option<SecretString>) -> SecretString {
    SecretString::from(s.as_ref().map(|s| s.expose().trim()).unwrap_or(""))
}

/// The new PIN typed twice: equal and within the policy (messages never echo the PIN).
fn new_pin(form: &mut Form, policy: PinPolicy) -> Result<SecretString, String> {
    let new = form
        .secret(FieldId::NewPin)
        .unwrap_or_else(|| SecretString::from(""));
    let repeat = form
        .secret(FieldId::RepeatPin)
        .unwrap_or_else(|| SecretString::from(""));
    if !new.ct_eq(repeat.expose()) {
        return Err("the two new PINs differ".into());
    }
    policy.check(new.expose())?;
    Ok(new)
}

/// A path dropped from a file manager arrives quoted ('...' or "..."): the quotes are not part of it.
fn unquote(path: &str) -> String {
    let p = path.trim();
    for q in ['\'', '"'] {
        if let Some(inner) = p.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner.to_owned();
        }
    }
    p.to_owned()
}
