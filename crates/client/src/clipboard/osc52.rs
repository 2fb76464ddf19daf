//! OSC 52: ask the terminal (local, over SSH, or tmux) to set its clipboard. A terminal never
//! answers, so a copy is unconfirmed; inside tmux the paste buffer it creates confirms it, names
//! it for clearing later, and tmux's `set-clipboard` option tells when it is ignored.
use base64::Engine as _;
use softpass_core::secret::SecretString;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use zeroize::Zeroizing;

/// The controlling terminal, even when stdout is redirected or owned by a full-screen UI.
const TTY: &str = "/dev/tty";
/// How long tmux may take to turn the escape sequence into a paste buffer.
const CONFIRM_WITHIN: Duration = Duration::from_secs(2);

/// Where an OSC 52 copy is known to have gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Landed {
    /// Inside tmux: the paste buffer it created (by name), which holds the value.
    TmuxBuffer(String),
    /// Sent to a terminal that cannot be asked whether it took it.
    Unconfirmed,
}

/// `ESC ] 52 ; c ; <base64> BEL`. Sent as is inside tmux too: with `set -g set-clipboard on`
/// tmux takes it into a paste buffer and forwards it to the outer terminal (docs/clipboard.md).
pub(crate) fn sequence(value: &[u8]) -> Zeroizing<Vec<u8>> {
    let encoded = Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(value));
    let mut seq = Zeroizing::new(Vec::with_capacity(encoded.len() + 8));
    seq.extend_from_slice(b"\x1b]52;c;");
    seq.extend_from_slice(encoded.as_bytes());
    seq.push(0x07);
    seq
}

fn open_tty() -> Result<std::fs::File, String> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(TTY)
        .map_err(|e| format!("OSC 52: no terminal ({TTY}: {e})"))
}

fn write_tty(bytes: &[u8]) -> Result<(), String> {
    let mut tty = open_tty()?;
    tty.write_all(bytes)
        .and_then(|()| tty.flush())
        .map_err(|e| format!("OSC 52: {TTY}: {e}"))
}

/// Whether an OSC 52 copy can go anywhere: a terminal to write to and, inside tmux, tmux
/// accepting it. Writes nothing.
pub(crate) fn usable() -> Result<(), String> {
    open_tty()?;
    tmux_accepts()
}

/// Inside tmux: refuses when its `set-clipboard` option makes it ignore OSC 52 from programs
/// (`external`, tmux's default, or `off`). An unreadable option is no reason to refuse.
fn tmux_accepts() -> Result<(), String> {
    if !in_tmux() {
        return Ok(());
    }
    match tmux_output(&["show-options", "-gv", "set-clipboard"]) {
        Some(v) if v.trim() != "on" => Err(format!(
            "OSC 52: tmux ignores it from programs (its set-clipboard option is '{}'; `set -g set-clipboard on` in ~/.tmux.conf makes it accept the copy)",
            v.trim()
        )),
        _ => Ok(()),
    }
}

/// Sends the value to the terminal's clipboard. Inside tmux, waits for the paste buffer that
/// confirms it.
pub(crate) fn copy(value: &SecretString) -> Result<Landed, String> {
    tmux_accepts()?;
    let before = in_tmux().then(buffer_names);
    write_tty(&sequence(value.expose().as_bytes()))?;
    let Some(before) = before else {
        return Ok(Landed::Unconfirmed);
    };
    let deadline = Instant::now() + CONFIRM_WITHIN;
    loop {
        let new = buffer_names().into_iter().filter(|n| !before.contains(n));
        if let Some(name) = new.into_iter().find(|n| buffer_holds(n, value)) {
            return Ok(Landed::TmuxBuffer(name));
        }
        if Instant::now() >= deadline {
            return Ok(Landed::Unconfirmed);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Best effort: an empty OSC 52 empties the clipboard of xterm-like terminals. Inside tmux,
/// which ignores an empty OSC 52, the paste buffers are deleted that still hold our value: the
/// ones named (those the copies created), else the newest.
pub(crate) fn clear_if_holds(value: &SecretString, buffers: &[String]) {
    let _ = write_tty(&sequence(b""));
    tmux_clear_if_holds(value, buffers);
}

/// True inside a tmux pane (env `TMUX`), where the paste buffer can be read back.
pub(crate) fn in_tmux() -> bool {
    std::env::var_os("TMUX").is_some_and(|v| !v.is_empty())
}

/// Inside tmux: deletes each buffer in `buffers` that still holds exactly `value` (none named:
/// the newest buffer, if it does).
pub(crate) fn tmux_clear_if_holds(value: &SecretString, buffers: &[String]) {
    if !in_tmux() {
        return;
    }
    if buffers.is_empty() && tmux_holds(value) {
        let _ = tmux(&["delete-buffer"]).status();
    }
    for name in buffers {
        if buffer_holds(name, value) {
            let _ = tmux(&["delete-buffer", "-b", name]).status();
        }
    }
}

fn tmux(args: &[&str]) -> Command {
    let mut cmd = Command::new("tmux");
    cmd.args(args).stdin(Stdio::null()).stderr(Stdio::null());
    for var in crate::pin::SECRET_ENV {
        cmd.env_remove(var);
    }
    cmd
}

/// Stdout of a successful tmux command (not secret: options, buffer names).
fn tmux_output(args: &[&str]) -> Option<String> {
    match tmux(args).stdout(Stdio::piped()).output() {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        _ => None,
    }
}

fn buffer_names() -> Vec<String> {
    tmux_output(&["list-buffers", "-F", "#{buffer_name}"])
        .map(|s| s.lines().map(str::to_owned).collect())
        .unwrap_or_default()
}

/// Whether tmux's paste buffer `args` names (`-b NAME`, or the newest) holds exactly `value`.
fn shown_holds(args: &[&str], value: &SecretString) -> bool {
    match tmux(args).stdout(Stdio::piped()).output() {
        Ok(out) if out.status.success() => {
            let out = Zeroizing::new(out.stdout);
            std::str::from_utf8(&out).is_ok_and(|s| value.ct_eq(s))
        }
        _ => false,
    }
}

/// Whether the paste buffer called `name` holds exactly `value`.
pub(crate) fn buffer_holds(name: &str, value: &SecretString) -> bool {
    shown_holds(&["show-buffer", "-b", name], value)
}

/// tmux is the one OSC 52 target we can read back: its newest paste buffer.
pub(crate) fn tmux_holds(value: &SecretString) -> bool {
    shown_holds(&["show-buffer"], value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequence_is_osc52_with_standard_base64() {
        // "hello" in base64 is "aGVsbG8=" (RFC 4648 alphabet with padding).
        assert_eq!(&sequence(b"hello")[..], b"\x1b]52;c;aGVsbG8=\x07");
        assert_eq!(&sequence(b"")[..], b"\x1b]52;c;\x07");
    }
}
