//! The exit-code table (../shared/cli-contract.md) and the one mapping from errors to codes.
use crate::app::AppError;
use crate::domain::DomainError;
use crate::domain::pskc::PskcError;
use crate::domain::vault::VaultError;
use std::process::ExitCode;

/// Every exit code softpass uses. Documented in docs/cli.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    Success = 0,
    /// I/O, clipboard unavailable when `--copy` was required, anything not below.
    Failure = 1,
    /// Usage error, or a required input is missing and there is no terminal to ask.
    Usage = 2,
    /// Wrong application PIN, or wrong activation key / password for a seed file.
    WrongSecret = 3,
    /// Token locked (too many wrong PINs).
    Locked = 4,
    /// Invalid input: activation code, seed file, URI, secret, PIN against the policy.
    Invalid = 5,
    /// Vault unreadable: corrupt, not a vault, or newer version (file left untouched).
    VaultUnreadable = 6,
    /// No such token.
    NoSuchToken = 7,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

fn of_pskc(e: &PskcError) -> Exit {
    match e {
        PskcError::WrongKey(_) => Exit::WrongSecret,
        _ => Exit::Invalid,
    }
}

fn of_domain(e: &DomainError) -> Exit {
    match e {
        DomainError::Pskc(p) => of_pskc(p),
        DomainError::Vault(VaultError::WrongPin) => Exit::WrongSecret,
        DomainError::Vault(VaultError::TooLong(_)) => Exit::Invalid,
        DomainError::Vault(_) => Exit::VaultUnreadable,
        _ => Exit::Invalid,
    }
}

fn of_app(e: &AppError) -> Exit {
    match e {
        AppError::Io { .. } | AppError::Clipboard(_) | AppError::Config { .. } => Exit::Failure,
        AppError::WrongPin { .. } | AppError::SeedPinMismatch { .. } => Exit::WrongSecret,
        AppError::Locked { .. } | AppError::TooSoon { .. } => Exit::Locked,
        AppError::NoSuchToken(_) | AppError::EmptyVault(_) => Exit::NoSuchToken,
        AppError::SerialExists { .. } => Exit::Invalid,
        AppError::Exists(_) | AppError::PinPolicy(_) | AppError::Invalid(_) => Exit::Invalid,
        AppError::Usage(_) | AppError::MissingInput(..) => Exit::Usage,
        AppError::Vault { .. } => Exit::VaultUnreadable,
        AppError::SeedFile { source, .. } => of_pskc(source),
        AppError::Domain(d) => of_domain(d),
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
            return of_app(e);
        }
        if let Some(e) = cause.downcast_ref::<DomainError>() {
            return of_domain(e);
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
        Err(e) => {
            eprintln!("softpass: {}", one_line(&e));
            classify(&e).into()
        }
    }
}

/// The error and its causes on one line. Typed errors often print their source in their own
/// message (`{path}: {source}`), so a cause already contained in the line is not repeated.
pub fn one_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
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

/// clap's usage error as the one `softpass: ` line the contract asks for: its first line without
/// the `error: ` prefix, plus where to find help.
pub fn usage_line(err: &clap::Error) -> String {
    let rendered = err.render().to_string();
    // The message is the first paragraph (it may list the missing arguments on more lines);
    // the usage and tip paragraphs after it are replaced by the pointer to --help.
    let message: Vec<&str> = rendered
        .lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty())
        .take_while(|l| !l.is_empty() && !l.starts_with("Usage:"))
        .collect();
    let message = message.join(" ");
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    let message = if message.is_empty() {
        "invalid usage"
    } else {
        message
    };
    format!("softpass: {message} (see softpass --help)")
}

#[cfg(test)]
mod tests {
    use super::*;

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
