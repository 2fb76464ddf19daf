//! OSC 52: ask the terminal (local, over SSH, or tmux) to set its clipboard; write-only.
use base64::Engine as _;
use softpass_core::secret::SecretString;
use std::io::Write;
use std::process::{Command, Stdio};
use zeroize::Zeroizing;

/// The controlling terminal, even when stdout is redirected or owned by a full-screen UI.
const TTY: &str = "/dev/tty";

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

fn write_tty(bytes: &[u8]) -> Result<(), String> {
    let mut tty = std::fs::OpenOptions::new()
        .write(true)
        .open(TTY)
        .map_err(|e| format!("OSC 52: no terminal ({TTY}: {e})"))?;
    tty.write_all(bytes)
        .and_then(|()| tty.flush())
        .map_err(|e| format!("OSC 52: {TTY}: {e}"))
}

/// Sends the value to the terminal's clipboard.
pub(crate) fn copy(value: &SecretString) -> Result<(), String> {
    write_tty(&sequence(value.expose().as_bytes()))
}

/// Best effort: an empty OSC 52 empties the clipboard of xterm-like terminals. Inside tmux,
/// which ignores an empty OSC 52, the paste buffer is deleted if it still holds our value.
pub(crate) fn clear_if_holds(value: &SecretString) {
    let _ = write_tty(&sequence(b""));
    tmux_clear_if_holds(value);
}

/// True inside a tmux pane (env `TMUX`), where the paste buffer can be read back.
pub(crate) fn in_tmux() -> bool {
    std::env::var_os("TMUX").is_some_and(|v| !v.is_empty())
}

/// Inside tmux: deletes the newest paste buffer if it holds exactly `value`.
pub(crate) fn tmux_clear_if_holds(value: &SecretString) {
    if in_tmux() && tmux_holds(value) {
        let _ = tmux(&["delete-buffer"]).status();
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

/// tmux is the one OSC 52 target we can read back: its newest paste buffer.
pub(crate) fn tmux_holds(value: &SecretString) -> bool {
    match tmux(&["show-buffer"]).stdout(Stdio::piped()).output() {
        Ok(out) if out.status.success() => {
            let out = Zeroizing::new(out.stdout);
            std::str::from_utf8(&out).is_ok_and(|s| value.ct_eq(s))
        }
        _ => false,
    }
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
