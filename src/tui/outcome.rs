//! How the runtime words results for the UI: failures (message, reaction, the field to blame)
//! and the routes of copies. The library's messages get the TUI's way out (keys, not flags).
use crate::tui::msg::{Culprit, FailKind, Failure, Msg, Route};
use softpass_client::clipboard::{Backend, Copied};
use softpass_client::{AppError, Hint};
use softpass_core::ErrorKind;

/// A failure with no field to blame (e.g. a stale handle).
pub(super) fn plain(message: String) -> Msg {
    Msg::Failed(Failure {
        message,
        kind: FailKind::Other,
        culprit: None,
    })
}

/// A failed vault operation, blaming the input the error is about.
pub(super) fn failure(e: &AppError) -> Msg {
    with_culprit(e, culprit(e))
}

/// A failed import step 1: unless the activation key is wrong, the source is what to correct
/// (a path that does not exist, a malformed file, code or URI).
pub(super) fn source_failure(e: &AppError) -> Msg {
    let culprit = match e {
        AppError::WrongActivationKey { .. } => Culprit::ActivationKey,
        AppError::Vault { .. } => return with_culprit(e, None),
        _ => Culprit::Source,
    };
    with_culprit(e, Some(culprit))
}

fn with_culprit(e: &AppError, culprit: Option<Culprit>) -> Msg {
    let kind = match (e.kind(), e.hint()) {
        // The wrong PIN that used up the last attempt has locked the token.
        (_, Some(Hint::Reactivate)) | (ErrorKind::Locked, _) => FailKind::Locked,
        (ErrorKind::WrongSecret, _) => FailKind::WrongSecret,
        _ => FailKind::Other,
    };
    Msg::Failed(Failure {
        message: message(e),
        kind,
        culprit,
    })
}

/// The input an error is about, as far as the error tells.
fn culprit(e: &AppError) -> Option<Culprit> {
    Some(match e {
        AppError::WrongPin { .. } | AppError::SeedPinMismatch { .. } => Culprit::AppPin,
        // Unlocks refuse an application PIN the policy rules out; an import checks the new one.
        AppError::PinPolicy(_) => Culprit::AppPin,
        AppError::WrongActivationKey { .. } => Culprit::ActivationKey,
        AppError::SeedFile { .. } | AppError::Domain(_) => Culprit::Source,
        AppError::SerialExists { .. } => Culprit::Replace,
        AppError::Exists(_) | AppError::NameForMany | AppError::Invalid(_) => Culprit::Name,
        AppError::EmptyOtpPin => Culprit::OtpPin,
        _ => return None,
    })
}

/// The library's message with the TUI's way out (keys, not flags).
pub(super) fn message(e: &AppError) -> String {
    let hint = match e.hint() {
        Some(Hint::Reactivate) => "; re-activate it from its seed (i, Re-activate: yes)",
        Some(Hint::ReplaceExisting) => ": re-activate it (i, Re-activate: yes)",
        Some(Hint::ImportOne) => " (press i to import one)",
        _ => "",
    };
    format!("{e}{hint}")
}

/// Where a copy went, for the status line.
pub(super) fn route(c: Copied) -> Route {
    let name = match (c.backend, c.confirmed) {
        (Backend::System, _) => "system clipboard",
        (Backend::Osc52, true) => "tmux paste buffer, by OSC 52",
        (Backend::Osc52, false) => "OSC 52",
    };
    Route {
        name: name.into(),
        confirmed: c.confirmed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use softpass_core::pskc::PskcError;

    fn culprit_of(msg: Msg) -> Option<Culprit> {
        match msg {
            Msg::Failed(f) => f.culprit,
            _ => panic!("a failure"),
        }
    }

    #[test]
    fn failures_blame_the_input_they_are_about() {
        let wrong_pin = AppError::WrongPin {
            name: "t".into(),
            attempts_left: Some(3),
        };
        assert_eq!(culprit_of(failure(&wrong_pin)), Some(Culprit::AppPin));
        let seed_pin = AppError::SeedPinMismatch { serial: "S".into() };
        assert_eq!(culprit_of(failure(&seed_pin)), Some(Culprit::AppPin));
        let taken = AppError::Exists("work".into());
        assert_eq!(culprit_of(failure(&taken)), Some(Culprit::Name));
        let there = AppError::SerialExists {
            serial: "S".into(),
            name: "work".into(),
        };
        assert_eq!(culprit_of(failure(&there)), Some(Culprit::Replace));
        assert_eq!(
            culprit_of(failure(&AppError::EmptyOtpPin)),
            Some(Culprit::OtpPin)
        );
    }

    #[test]
    fn import_step_one_blames_the_key_or_else_the_source() {
        let key = AppError::WrongActivationKey {
            origin: "f.pskc".into(),
        };
        assert_eq!(
            culprit_of(source_failure(&key)),
            Some(Culprit::ActivationKey)
        );
        let bad = AppError::SeedFile {
            origin: "f.pskc".into(),
            source: PskcError::Invalid("no KeyContainer".into()),
        };
        assert_eq!(culprit_of(source_failure(&bad)), Some(Culprit::Source));
        let missing = AppError::io("f.pskc", std::io::ErrorKind::NotFound.into());
        assert_eq!(culprit_of(source_failure(&missing)), Some(Culprit::Source));
    }
}
