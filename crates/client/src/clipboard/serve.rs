//! The detached clipboard helper: on X11 the owning process serves the content, so `code --copy`
//! hands the value to a re-executed `softpass clipboard-helper --serve` that outlives it.
use super::system::{self, System};
use crate::AppError;
use softpass_core::secret::SecretString;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use zeroize::Zeroizing;

/// The hidden subcommand the helper runs as (the CLI definition uses this constant).
pub const HELPER_COMMAND: &str = "clipboard-helper";
/// Longest value accepted on stdin; eTokens with an OTP PIN are a few dozen bytes.
const MAX_VALUE: u64 = 64 * 1024;
/// How long the parent waits for the helper to confirm it owns the clipboard.
const CONFIRM_TIMEOUT: Duration = Duration::from_secs(10);
/// How often the helper checks that the clipboard still holds its value (Wayland).
const POLL: Duration = Duration::from_millis(250);
/// Longest single wait for the X server's "selection taken" event.
const SLICE: Duration = Duration::from_secs(60);

/// Reads a value from `input` (to end of file, at most 64 KiB, UTF-8). With `trim_newline`, one
/// trailing `\n` or `\r\n` is dropped, so `echo VALUE | ...` copies VALUE.
pub fn read_value(input: impl Read, trim_newline: bool) -> Result<SecretString, AppError> {
    let mut buf = Zeroizing::new(Vec::new());
    input
        .take(MAX_VALUE + 1)
        .read_to_end(&mut buf)
        .map_err(|e| AppError::Clipboard(format!("reading the value from stdin: {e}")))?;
    if buf.len() as u64 > MAX_VALUE {
        return Err(AppError::Clipboard(format!(
            "the value on stdin is longer than {MAX_VALUE} bytes"
        )));
    }
    let mut text = std::str::from_utf8(&buf)
        .map_err(|e| AppError::Clipboard(format!("the value on stdin is not UTF-8 ({e})")))?;
    if trim_newline {
        text = text.strip_suffix('\n').unwrap_or(text);
        text = text.strip_suffix('\r').unwrap_or(text);
    }
    Ok(SecretString::new(text.to_owned()))
}

/// What the detached helper looks after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// Owns and serves the system clipboard.
    System,
    /// Waits, then deletes the tmux paste buffer an OSC 52 copy created (by name, when the copy
    /// saw it appear), if it is still ours.
    Tmux(Option<String>),
}

/// Parent side: starts the helper, passes the value on its stdin (never argv or the
/// environment) and returns once the helper reports that it has taken over.
pub(crate) fn spawn(
    value: &SecretString,
    clear_after: Duration,
    target: Target,
) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find own executable: {e}"))?;
    let mut cmd = Command::new(exe);
    cmd.args([
        HELPER_COMMAND,
        "--serve",
        "--clear-after",
        &clear_after.as_secs().to_string(),
    ]);
    if let Target::Tmux(buffer) = &target {
        cmd.arg("--tmux");
        if let Some(name) = buffer {
            cmd.args(["--buffer", name]);
        }
    }
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        // Not our stderr: `$(softpass code --copy)` must not wait for the helper to exit.
        .stderr(Stdio::null())
        .current_dir("/");
    // The helper outlives us: it must not carry a PIN in its environment (/proc/PID/environ).
    for var in crate::pin::SECRET_ENV {
        cmd.env_remove(var);
    }
    // Its own process group: Ctrl-C in the shell and the terminal's hang-up spare it.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start the clipboard helper: {e}"))?;
    let sent = match child.stdin.take() {
        Some(mut stdin) => stdin.write_all(value.expose().as_bytes()),
        None => Err(std::io::ErrorKind::BrokenPipe.into()),
    };
    let Some(stdout) = child.stdout.take() else {
        let _ = child.kill();
        return Err("clipboard helper has no status pipe".into());
    };
    if let Err(e) = sent {
        let _ = child.kill();
        let _ = child.wait();
        return Err(format!(
            "cannot pass the value to the clipboard helper: {e}"
        ));
    }
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout.take(1024)).read_line(&mut line);
        let _ = tx.send(line);
    });
    match rx.recv_timeout(CONFIRM_TIMEOUT) {
        // Not waited for: it lives on until the clear time; init reaps it.
        Ok(line) if line.trim_end() == "ok" => Ok(()),
        Ok(line) => {
            // It has given up already; kill in case it was not our helper at all.
            let _ = child.kill();
            let _ = child.wait();
            let reason = line.trim().strip_prefix("error: ").unwrap_or(line.trim());
            Err(if reason.is_empty() {
                "clipboard helper exited without copying".to_owned()
            } else {
                reason.to_owned()
            })
        }
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            Err("clipboard helper did not answer in time".into())
        }
    }
}

/// Helper side (`softpass clipboard-helper --serve`): reads the value from `input`, sets the
/// system clipboard, writes `ok` (or `error: reason`) to `status`, then keeps serving until the
/// clipboard holds something else, or until `clear_after` (0 = never) when it clears it if it is
/// still ours.
pub fn serve(
    input: impl Read,
    mut status: impl Write,
    clear_after: Duration,
) -> Result<(), AppError> {
    let value = read_value(input, false)?;
    let mut system = match System::connect().and_then(|mut s| s.set(&value).map(|()| s)) {
        Ok(system) => system,
        Err(reason) => {
            let _ = writeln!(status, "error: {reason}").and_then(|()| status.flush());
            return Err(AppError::Clipboard(reason));
        }
    };
    writeln!(status, "ok")
        .and_then(|()| status.flush())
        .map_err(|e| AppError::Clipboard(format!("status pipe: {e}")))?;
    drop(status);
    let deadline = (!clear_after.is_zero()).then(|| Instant::now() + clear_after);
    if system::x11_only() {
        serve_x11(&mut system, &value, deadline)
    } else {
        serve_polling(&mut system, &value, deadline)
    }
}

/// X11: block until another program takes the selection (the server tells us) or the deadline.
/// Unlike reading back, this also notices a newer copy of the same value (a TOTP code copied
/// twice), whose own helper then owns the clearing. Waits in slices of a minute so a vanished
/// X server is noticed even without a clear time.
fn serve_x11(
    system: &mut System,
    value: &SecretString,
    deadline: Option<Instant>,
) -> Result<(), AppError> {
    loop {
        let slice_end = Instant::now() + SLICE;
        let until = deadline.map_or(slice_end, |d| d.min(slice_end));
        if system
            .serve_until(value, until)
            .map_err(AppError::Clipboard)?
        {
            return Ok(()); // taken by someone else
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            if system.holds(value) {
                system.clear().map_err(AppError::Clipboard)?;
            }
            return Ok(());
        }
        if !system.holds(value) {
            return Ok(());
        }
    }
}

/// Wayland (or unknown): arboard serves from a background thread, so poll by reading back.
fn serve_polling(
    system: &mut System,
    value: &SecretString,
    deadline: Option<Instant>,
) -> Result<(), AppError> {
    loop {
        let wait = match deadline {
            Some(d) => d.saturating_duration_since(Instant::now()).min(POLL),
            None => POLL,
        };
        if wait.is_zero() {
            if system.holds(value) {
                system.clear().map_err(AppError::Clipboard)?;
            }
            return Ok(());
        }
        std::thread::sleep(wait);
        if !system.holds(value) {
            return Ok(());
        }
    }
}

/// Helper side of `--serve --tmux`: reads the value, writes `ok`, then waits until the clear
/// time and deletes the paste buffer `buffer` (the one the copy created; `None`: the newest) if
/// it still holds the value. Leaves early when that buffer holds something else or is gone
/// (checked once a second).
pub fn serve_tmux(
    input: impl Read,
    mut status: impl Write,
    clear_after: Duration,
    buffer: Option<&str>,
) -> Result<(), AppError> {
    let value = read_value(input, false)?;
    writeln!(status, "ok")
        .and_then(|()| status.flush())
        .map_err(|e| AppError::Clipboard(format!("status pipe: {e}")))?;
    drop(status);
    let deadline = Instant::now() + clear_after;
    // tmux stores the buffer once it has read the escape sequence: give it a moment before
    // treating "not ours" as "replaced".
    let mut seen = false;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            let named: Vec<String> = buffer.into_iter().map(str::to_owned).collect();
            super::osc52::tmux_clear_if_holds(&value, &named);
            return Ok(());
        }
        std::thread::sleep(left.min(Duration::from_secs(1)));
        let holds = match buffer {
            Some(name) => super::osc52::buffer_holds(name, &value),
            None => super::osc52::tmux_holds(&value),
        };
        if seen && !holds {
            return Ok(());
        }
        seen |= holds;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_value_trims_one_newline_only_when_asked() {
        let v = read_value(&b"123456\n"[..], true).expect("value");
        assert_eq!(v.expose(), "123456");
        let v = read_value(&b"1234 56\r\n"[..], true).expect("value");
        assert_eq!(v.expose(), "1234 56");
        let v = read_value(&b"12\n\n"[..], true).expect("value");
        assert_eq!(v.expose(), "12\n");
        let v = read_value(&b"123456\n"[..], false).expect("value");
        assert_eq!(v.expose(), "123456\n");
    }

    #[test]
    fn read_value_refuses_huge_or_binary_input_without_echoing_it() {
        let big = vec![b'7'; 64 * 1024 + 1];
        let err = read_value(&big[..], true)
            .err()
            .expect("too long")
            .to_string();
        assert!(!err.contains("7777"), "{err}");
        let err = read_value(&b"\xff\xfe"[..], true).err().expect("not utf-8");
        assert!(err.to_string().contains("UTF-8"));
    }
}
