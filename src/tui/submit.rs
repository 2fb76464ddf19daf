//! Submitting a dialog (`Enter`): check what was typed, then the effect to run (part of
//! `update`; pure). Secret fields are taken (and wiped) only once the checks pass.
use crate::tui::dialogs::{
    ACTIVATION_KEY, MP_CODE, MP_COUNTER, MP_DIGITS, MP_POLICY, NAME, NEW_NAME, NEW_PIN, OLD_PIN,
    OTP_PIN, OTP_PIN_OPT, PIN, REPEAT_PIN, REPLACE, SEED_PATH, SEED_PIN, URI, pin_dialog,
    start_generate,
};
use crate::tui::msg::Effect;
use crate::tui::state::{DialogKind, Field, Form, PinPurpose, SourceKind, State};
use softpass_client::client::ImportSource;
use softpass_core::secret::SecretString;
use softpass_core::token::PinPolicy;
use std::path::PathBuf;

pub(crate) fn submit(state: &mut State) -> Vec<Effect> {
    let Some(dialog) = state.dialog.as_mut() else {
        return vec![];
    };
    if let Some(i) = dialog
        .form
        .fields
        .iter()
        .position(|f| !f.optional && f.trimmed().is_empty())
    {
        dialog.error = Some(format!("{} is required", dialog.form.fields[i].label));
        dialog.form.focus = i;
        return vec![];
    }
    dialog.error = None;
    let form = &mut dialog.form;
    let take = |form: &mut Form, label: &str| form.field_mut(label).map(Field::take_secret);
    let text = |form: &Form, label: &str| {
        form.field(label)
            .map(|f| f.trimmed().to_owned())
            .filter(|s| !s.is_empty())
    };
    match &dialog.kind {
        DialogKind::Pin {
            serial, purpose, ..
        } => {
            let pin = take(form, PIN).unwrap_or_else(|| SecretString::from(""));
            let serial = serial.clone();
            match purpose {
                PinPurpose::Generate { copy, otp_pin } => {
                    let (copy, otp_pin) = (*copy, otp_pin.as_ref().map(SecretString::duplicate));
                    state.busy = Some("Unlocking…".into());
                    vec![Effect::Generate {
                        serial,
                        pin: Some(pin),
                        copy,
                        otp_pin,
                    }]
                }
                PinPurpose::Remove => {
                    state.busy = Some("Checking the PIN and removing…".into());
                    vec![Effect::Remove { serial, pin }]
                }
            }
        }
        DialogKind::OtpPin { serial, name } => {
            let (serial, name) = (serial.clone(), name.clone());
            // Empty stays `Some("")`: "copy the eToken alone", not "ask again".
            let otp_pin = take(form, OTP_PIN);
            let shown = state.code.as_ref().filter(|c| c.serial == serial);
            if let Some(c) = shown {
                let code = SecretString::from(c.code.as_str());
                state.dialog = None;
                return vec![Effect::CopyShown {
                    serial,
                    code,
                    otp_pin,
                }];
            }
            start_generate(state, serial, name, true, otp_pin)
        }
        DialogKind::ImportSource { source } => {
            // Checked before any secret field is taken, so a typo costs no retyping.
            let counter = match text(form, MP_COUNTER).map(|c| c.parse::<u64>()) {
                None => 0,
                Some(Ok(c)) => c,
                Some(Err(_)) => {
                    dialog.error = Some("the first counter must be a whole number".into());
                    return vec![];
                }
            };
            let digits = match text(form, MP_DIGITS).as_deref() {
                None | Some("6") => 6,
                Some("8") => 8,
                Some(_) => {
                    dialog.error = Some("digits must be 6 or 8".into());
                    return vec![];
                }
            };
            let source = match source {
                SourceKind::SeedFile => ImportSource::SeedFile {
                    path: PathBuf::from(unquote(&text(form, SEED_PATH).unwrap_or_default())),
                    activation_key: trimmed_secret(take(form, ACTIVATION_KEY)),
                    serial: None,
                },
                SourceKind::MobilePass => ImportSource::MobilePass {
                    code: trimmed_secret(take(form, MP_CODE)),
                    policy: text(form, MP_POLICY).unwrap_or_default(),
                    counter,
                    digits,
                },
                SourceKind::Uri => ImportSource::Uri(trimmed_secret(take(form, URI))),
            };
            state.busy = Some("Reading the token…".into());
            vec![Effect::PrepareImport(source)]
        }
        DialogKind::ImportPin {
            carries_pin,
            policy,
            default_name,
            ..
        } => {
            let (carries_pin, policy) = (*carries_pin, *policy);
            let default_name = default_name.clone();
            // Checked before any secret field is taken, so a typo costs no retyping.
            let replace = match text(form, REPLACE).map(|s| s.to_lowercase()).as_deref() {
                None | Some("no" | "n") => false,
                Some("yes" | "y") => true,
                Some(_) => {
                    dialog.error = Some("re-activate: answer yes or no".into());
                    return vec![];
                }
            };
            let pin = if carries_pin {
                take(form, SEED_PIN)
            } else {
                match new_pin(form, policy) {
                    Ok(pin) => Some(pin),
                    Err(e) => {
                        dialog.error = Some(e);
                        return vec![];
                    }
                }
            };
            // Re-activation with the pre-filled name untouched keeps the token's current name
            // (as `import --replace` without --name does), instead of renaming it to its serial.
            let name = text(form, NAME).filter(|n| !(replace && Some(n) == default_name.as_ref()));
            let otp_pin = take(form, OTP_PIN_OPT).filter(|p| !p.is_empty());
            state.busy = Some("Importing… (sealing the token with the PIN)".into());
            vec![Effect::CommitImport {
                name,
                otp_pin,
                pin: pin.unwrap_or_else(|| SecretString::from("")),
                replace,
            }]
        }
        DialogKind::ChangePin { serial, policy, .. } => {
            let (serial, policy) = (serial.clone(), *policy);
            let new = match new_pin(form, policy) {
                Ok(pin) => pin,
                Err(e) => {
                    dialog.error = Some(e);
                    return vec![];
                }
            };
            let old = take(form, OLD_PIN).unwrap_or_else(|| SecretString::from(""));
            state.busy = Some("Changing the PIN…".into());
            vec![Effect::ChangePin { serial, old, new }]
        }
        DialogKind::Rename { serial, name } => {
            let new_name = text(form, NEW_NAME).unwrap_or_default();
            if &new_name == name {
                state.dialog = None;
                return vec![];
            }
            vec![Effect::Rename {
                serial: serial.clone(),
                new_name,
            }]
        }
        DialogKind::ConfirmDelete { serial, name } => {
            let d = pin_dialog(serial.clone(), name.clone(), PinPurpose::Remove);
            state.dialog = Some(d);
            vec![]
        }
    }
}

fn trimmed_secret(s: Option<SecretString>) -> SecretString {
    SecretString::from(s.as_ref().map(|s| s.expose().trim()).unwrap_or(""))
}

/// The new PIN typed twice: equal and within the policy (messages never echo the PIN).
fn new_pin(form: &mut Form, policy: PinPolicy) -> Result<SecretString, String> {
    let new = form
        .field_mut(NEW_PIN)
        .map(Field::take_secret)
        .unwrap_or_else(|| SecretString::from(""));
    let repeat = form
        .field_mut(REPEAT_PIN)
        .map(Field::take_secret)
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
