//! Reading PINs: `--pin-stdin`, environment, or a no-echo prompt, straight into zeroizing strings.
use crate::AppError;
use crate::error::Input;
use softpass_core::secret::SecretString;
use std::io::{BufRead, IsTerminal, Read};
use std::mem::ManuallyDrop;
use std::os::fd::FromRawFd;
use zeroize::Zeroizing;

/// Longest line `--pin-stdin` reads (PIN policies allow up to 1024 characters).
const MAX_PIN_LINE: usize = 4096;

/// Environment variable holding the application PIN.
pub(crate) const PIN_ENV: &str = "SOFTPASS_PIN";
/// Variables that may hold secrets: never passed on to child processes (clipboard helper, tmux).
pub(crate) const SECRET_ENV: [&str; 3] = [PIN_ENV, NEW_PIN_ENV, "SOFTPASS_ACTIVATION_KEY"];
/// Environment variable holding a new application PIN.
pub(crate) const NEW_PIN_ENV: &str = "SOFTPASS_NEW_PIN";

fn trim_line(mut s: Zeroizing<String>) -> SecretString {
    while s.ends_with('\n') || s.ends_with('\r') {
        s.pop();
    }
    SecretString::new(std::mem::take(&mut *s))
}

fn env_secret(var: &str) -> Option<SecretString> {
    // A trailing newline (`SOFTPASS_PIN=$(cat pinfile)` keeps none, but other tools do) is not
    // part of the PIN, as with --pin-stdin.
    std::env::var(var)
        .ok()
        .map(|v| trim_line(Zeroizing::new(v)))
}

fn has_terminal() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

fn prompt(text: &str) -> Result<SecretString, AppError> {
    let pin = rpassword::prompt_password(text).map_err(|e| AppError::io("/dev/tty", e))?;
    Ok(trim_line(Zeroizing::new(pin)))
}

/// The first line of stdin, read byte by byte straight from fd 0: nothing after the newline is
/// consumed (the rest stays for whoever reads next), and no copy of the PIN is left in std's
/// stdin buffer, which is never wiped. The bytes go into one zeroizing buffer, allocated once.
fn read_stdin_line() -> Result<Zeroizing<String>, AppError> {
    // SAFETY: fd 0 is open for the life of the process; ManuallyDrop keeps it open after this
    // function (the File is borrowed, never closed).
    let mut fd0 = ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(0) });
    let mut line = Zeroizing::new(Vec::with_capacity(MAX_PIN_LINE));
    let mut byte = Zeroizing::new([0u8; 1]);
    loop {
        match fd0.read(&mut byte[..]) {
            Ok(0) => break,
            Ok(_) if byte[0] == b'\n' => {
                line.push(b'\n');
                break;
            }
            Ok(_) if line.len() == MAX_PIN_LINE => {
                return Err(AppError::Invalid(format!(
                    "the PIN line on stdin is longer than {MAX_PIN_LINE} bytes"
                )));
            }
            Ok(_) => line.push(byte[0]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(AppError::io("<stdin>", e)),
        }
    }
    match String::from_utf8(std::mem::take(&mut *line)) {
        Ok(text) => Ok(Zeroizing::new(text)),
        Err(e) => {
            drop(Zeroizing::new(e.into_bytes()));
            Err(AppError::Invalid(
                "the PIN line on stdin is not UTF-8".into(),
            ))
        }
    }
}

/// The application PIN: first line of stdin with `--pin-stdin`, else `SOFTPASS_PIN`, else a
/// no-echo prompt on the terminal. None of these: [`AppError::MissingInput`] (exit 2).
pub fn read_pin(pin_stdin: bool, what: &str) -> Result<SecretString, AppError> {
    if pin_stdin {
        let line = read_stdin_line()?;
        if line.is_empty() {
            return Err(AppError::MissingInput(Input::PinLine));
        }
        return Ok(trim_line(line));
    }
    if let Some(pin) = env_secret(PIN_ENV) {
        return Ok(pin);
    }
    if has_terminal() {
        return prompt(&format!("Application PIN for {what}: "));
    }
    Err(AppError::MissingInput(Input::Pin))
}

/// A new application PIN: `SOFTPASS_NEW_PIN`, else asked twice on the terminal.
pub fn read_new_pin(what: &str) -> Result<SecretString, AppError> {
    if let Some(pin) = env_secret(NEW_PIN_ENV) {
        return Ok(pin);
    }
    read_new_pin_prompt(what)
}

/// Asks for a new PIN twice on the terminal (no environment lookup).
pub(crate) fn read_new_pin_prompt(what: &str) -> Result<SecretString, AppError> {
    if !has_terminal() {
        return Err(AppError::MissingInput(Input::NewPin));
    }
    let first = prompt(&format!("New application PIN for {what}: "))?;
    let second = prompt("Repeat the new PIN: ")?;
    if !first.ct_eq(second.expose()) {
        return Err(AppError::Invalid("the two PINs differ".into()));
    }
    Ok(first)
}

/// Whether a terminal is there to ask the user (confirmations).
pub fn interactive() -> bool {
    has_terminal()
}

/// Another secret (e.g. a seed file's activation key): asked without echo on the terminal.
/// `what` names it for the error when there is no terminal to ask.
pub fn ask_secret(label: &str, what: Input) -> Result<SecretString, AppError> {
    if !has_terminal() {
        return Err(AppError::MissingInput(what));
    }
    prompt(&format!("{label}: "))
}

/// The new PIN for an import whose source carries none: `SOFTPASS_NEW_PIN`, else the application
/// PIN by the usual rules (`--pin-stdin`, `SOFTPASS_PIN`), else asked twice.
pub fn read_import_pin(pin_stdin: bool, what: &str) -> Result<SecretString, AppError> {
    if let Some(pin) = env_secret(NEW_PIN_ENV) {
        return Ok(pin);
    }
    if pin_stdin || std::env::var_os(PIN_ENV).is_some() {
        return read_pin(pin_stdin, what);
    }
    read_new_pin_prompt(what)
}

/// [`read_pin`], with `given` (a PIN the source itself supplies: the Application PIN of an
/// activation e-mail) in place of the prompt: `--pin-stdin` and `SOFTPASS_PIN` still come first.
pub fn read_pin_or(
    pin_stdin: bool,
    what: &str,
    given: Option<SecretString>,
) -> Result<SecretString, AppError> {
    match given {
        Some(pin) if !pin_stdin && std::env::var_os(PIN_ENV).is_none() => Ok(pin),
        _ => read_pin(pin_stdin, what),
    }
}

/// [`read_import_pin`], with `given` in place of the two prompts: `SOFTPASS_NEW_PIN`,
/// `--pin-stdin` and `SOFTPASS_PIN` still come first.
pub fn read_import_pin_or(
    pin_stdin: bool,
    what: &str,
    given: Option<SecretString>,
) -> Result<SecretString, AppError> {
    let told =
        pin_stdin || std::env::var_os(NEW_PIN_ENV).is_some() || std::env::var_os(PIN_ENV).is_some();
    match given {
        Some(pin) if !told => Ok(pin),
        _ => read_import_pin(pin_stdin, what),
    }
}

/// Asks a yes/no question on the terminal; `false` unless the answer starts with y/Y.
pub fn confirm(question: &str) -> Result<bool, AppError> {
    eprint!("{question} [y/N] ");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| AppError::io("<stdin>", e))?;
    Ok(line.trim_start().starts_with(['y', 'Y']))
}
