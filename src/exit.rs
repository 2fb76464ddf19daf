//! The exit-code table (the one copy: the man page renders it, docs/cli.md is tested against it)
//! and the one mapping from error kinds to codes, with the CLI's wording of each error's hint.
use softpass_client::{AppError, Hint, Input};
use softpass_core::{DomainError, ErrorKind};
use std::process::ExitCode;

/// Every exit code softpass uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    Success = 0,
    Failure = 1,
    Usage = 2,
    WrongSecret = 3,
    Locked = 4,
    Invalid = 5,
    VaultUnreadable = 6,
    NoSuchToken = 7,
    Rejected = 8,
    Pending = 9,
}

/// The table as documented: code and meaning, in order.
pub const TABLE: [(Exit, &str); 10] = [
    (
        Exit::Success,
        "success (also when the reader of stdout went away)",
    ),
    (
        Exit::Failure,
        "other failure (I/O, clipboard unavailable when `--copy` was required, ...)",
    ),
    (
        Exit::Usage,
        "usage error, or a required input (PIN, name) is missing and there is no terminal to ask",
    ),
    (
        Exit::WrongSecret,
        "wrong application PIN, or wrong activation key / password for a seed file",
    ),
    (
        Exit::Locked,
        "token locked (too many wrong PINs), or a wrong-PIN back-off delay is still running",
    ),
    (
        Exit::Invalid,
        "invalid input: activation code, seed file, URI, secret, PIN that violates the PIN policy",
    ),
    (
        Exit::VaultUnreadable,
        "vault unreadable: corrupt, not a vault, or written by a newer version (the file is left untouched)",
    ),
    (Exit::NoSuchToken, "no such token"),
    (
        Exit::Rejected,
        "`login`: the server rejected the login (wrong OTP PIN or eToken, locked, unknown user, ...)",
    ),
    (
        Exit::Pending,
        "`login`: the server wants more: enrolment (an activation e-mail) or a challenge is pending",
    ),
];

/// A command's answer that is not success but needs no error line (it printed its result):
/// `report` turns it into its exit code silently.
#[derive(Debug)]
pub struct Quiet(pub Exit);

impl std::fmt::Display for Quiet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit {}", self.0 as u8)
    }
}

impl std::error::Error for Quiet {}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

impl From<ErrorKind> for Exit {
    fn from(kind: ErrorKind) -> Self {
        match kind {
            ErrorKind::Usage => Exit::Usage,
            ErrorKind::WrongSecret => Exit::WrongSecret,
            ErrorKind::Locked => Exit::Locked,
            ErrorKind::Invalid => Exit::Invalid,
            ErrorKind::VaultUnreadable => Exit::VaultUnreadable,
            ErrorKind::NoSuchToken => Exit::NoSuchToken,
            _ => Exit::Failure,
        }
    }
}

/// A broken pipe (`softpass calc ... | head`) is a normal way for a reader to stop: success.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The exit code for an error: the first typed error found in the chain decides.
pub fn classify(err: &anyhow::Error) -> Exit {
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<AppError>() {
            return e.kind().into();
        }
        if let Some(e) = cause.downcast_ref::<DomainError>() {
            return e.kind().into();
        }
        if let Some(e) = cause.downcast_ref::<softpass_server::client::ClientError>() {
            return e.kind().into();
        }
        if let Some(e) = cause.downcast_ref::<softpass_server::error::ServerError>() {
            return e.kind().into();
        }
        if let Some(e) = cause.downcast_ref::<clap::Error>() {
            return if e.use_stderr() {
                Exit::Usage
            } else {
                Exit::Success
            };
        }
    }
    Exit::Failure
}

/// Print the one-line error (`softpass: ...`) and return its exit code.
pub fn report(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => Exit::Success.into(),
        Err(e) if is_broken_pipe(&e) => Exit::Success.into(),
        Err(e) if e.downcast_ref::<Quiet>().is_some() => e
            .downcast_ref::<Quiet>()
            .map_or(Exit::Failure, |q| q.0)
            .into(),
        Err(e) => {
            eprintln!("softpass: {}", one_line(&e));
            classify(&e).into()
        }
    }
}

/// How to give a missing input on the command line.
fn how_to_supply(input: Input) -> &'static str {
    match input {
        Input::Pin => "--pin-stdin or SOFTPASS_PIN",
        Input::PinLine => "a first line on stdin (--pin-stdin)",
        Input::NewPin => "SOFTPASS_NEW_PIN",
        Input::ActivationKey => "--activation-key or SOFTPASS_ACTIVATION_KEY",
        Input::Confirmation => "--yes",
        _ => "an option (see softpass --help)",
    }
}

/// The CLI's words for the way out of an error (the library's message names no flag).
pub fn hint_text(hint: Hint) -> String {
    match hint {
        Hint::Reactivate => "; re-activate it with `softpass import --replace`".into(),
        Hint::ReplaceExisting => ": re-activate it with --replace".into(),
        Hint::ImportOne => " (add one with `softpass import`)".into(),
        Hint::NameOne => " (see `softpass list`)".into(),
        Hint::VaultPath => ": pass --vault PATH".into(),
        Hint::PickOne => ": pick one with --serial".into(),
        Hint::OmitOtpPin => {
            ": leave out --otp-pin to store none (`softpass otp-pin NAME --clear` removes one)"
                .into()
        }
        Hint::Supply(input) => format!(
            ": pass it with {}, or run in a terminal to be asked",
            how_to_supply(input)
        ),
        _ => String::new(),
    }
}

/// The error and its causes on one line. Typed errors often print their source in their own
/// message (`{path}: {source}`), so a cause already contained in the line is not repeated.
pub fn one_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let mut text = cause.to_string();
        if let Some(hint) = cause.downcast_ref::<AppError>().and_then(AppError::hint) {
            text.push_str(&hint_text(hint));
        }
        if text.is_empty() || line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line.replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use softpass_core::pskc::PskcError;
    use softpass_core::vault::VaultError;

    #[test]
    fn typed_errors_map_to_the_table() {
        let e = anyhow::Error::from(AppError::NoSuchToken("x".into()));
        assert_eq!(classify(&e), Exit::NoSuchToken);
        let e = anyhow::Error::from(AppError::Domain(VaultError::Newer(9).into()));
        assert_eq!(classify(&e), Exit::VaultUnreadable);
        let e =
            anyhow::Error::from(AppError::Locked { name: "t".into() }).context("while unlocking");
        assert_eq!(classify(&e), Exit::Locked);
        let e = anyhow::Error::from(DomainError::Pskc(PskcError::WrongKey("f".into())));
        assert_eq!(classify(&e), Exit::WrongSecret);
        assert_eq!(classify(&anyhow::anyhow!("plain")), Exit::Failure);
        let bp = anyhow::Error::from(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert!(is_broken_pipe(&bp));
    }

    #[test]
    fn the_table_lists_every_code_once_in_order() {
        for (i, (exit, _)) in TABLE.iter().enumerate() {
            assert_eq!(*exit as usize, i);
        }
    }

    #[test]
    fn the_cli_adds_its_hint_to_the_library_message() {
        let e = anyhow::Error::from(AppError::Locked { name: "t".into() });
        assert_eq!(
            one_line(&e),
            "token 't' is locked after too many wrong PINs; re-activate it with `softpass import --replace`"
        );
        let e = anyhow::Error::from(AppError::MissingInput(Input::Pin));
        assert_eq!(
            one_line(&e),
            "the application PIN is required: pass it with --pin-stdin or SOFTPASS_PIN, or run in a terminal to be asked"
        );
    }

    #[test]
    fn one_line_does_not_repeat_a_cause_the_message_already_holds() {
        let e = anyhow::Error::from(AppError::Vault {
            path: "v.json".into(),
            source: VaultError::Corrupt("not UTF-8 at byte 0".into()),
        });
        assert_eq!(
            one_line(&e),
            "v.json: vault is corrupt: not UTF-8 at byte 0"
        );
        let e = anyhow::anyhow!("inner\nsecond").context("outer");
        assert_eq!(one_line(&e), "outer: inner second");
    }
}
