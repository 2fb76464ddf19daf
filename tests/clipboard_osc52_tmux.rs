//! OSC 52 inside tmux (`set -g set-clipboard on`), with no display: the copy lands in a tmux
//! paste buffer (`tmux show-buffer`), and is cleared at the clear time only while the buffer
//! still holds it, from the CLI (`softpass clipboard-helper`, the `code --copy` path) and from
//! the TUI's `Clipboard`. Needs tmux (skipped locally when missing, a failure under CI).
mod clipboard_support;

use clipboard_support::{tools_or_skip, wait_for};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// A tmux server on a private socket with `set-clipboard on`, killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(tag: &str) -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let tmux = Tmux {
            socket: format!("softpass-{tag}-{}-{nanos}", std::process::id()),
        };
        // A first window keeps the server alive; the option is set before any pane copies.
        let started = tmux.run(&[
            "new-session",
            "-d",
            "-x",
            "80",
            "-y",
            "24",
            "sleep 120",
            ";",
            "set-option",
            "-g",
            "set-clipboard",
            "on",
        ]);
        assert!(
            started.status.success(),
            "tmux: {}",
            String::from_utf8_lossy(&started.stderr)
        );
        tmux
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .env_remove("TMUX")
            .stdin(Stdio::null())
            .output()
            .expect("run tmux")
    }

    /// Runs a shell command in a new pane (no display: OSC 52 is the only route).
    fn pane(&self, cmd: &str) {
        let cmd = format!("env -u DISPLAY -u WAYLAND_DISPLAY {cmd}");
        assert!(self.run(&["new-window", "-d", &cmd]).status.success());
    }

    /// The newest paste buffer, `None` when there is none.
    fn buffer(&self) -> Option<String> {
        let shown = self.run(&["show-buffer"]);
        shown
            .status
            .success()
            .then(|| String::from_utf8_lossy(&shown.stdout).into_owned())
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

/// In a pane: `printf VALUE | softpass clipboard-helper --clear-after SECS > out`; returns
/// what it printed (the route) once it has finished.
fn cli_copy(tmux: &Tmux, dir: &Path, value: &str, clear_after: u64) -> String {
    let out = dir.join(format!("out-{value}"));
    let bin = assert_cmd::cargo::cargo_bin("softpass");
    tmux.pane(&format!(
        "sh -c \"printf '%s\\n' {value} | '{}' clipboard-helper --clear-after {clear_after} \
         >'{}' 2>&1\"",
        bin.display(),
        out.display()
    ));
    assert!(
        wait_for(Duration::from_secs(20), || std::fs::read_to_string(&out)
            .is_ok_and(|s| s.ends_with('\n'))),
        "the copy in the pane did not finish"
    );
    std::fs::read_to_string(&out).expect("pane output")
}

#[test]
fn cli_osc52_reaches_the_tmux_paste_buffer() {
    if !tools_or_skip(&["tmux"]) {
        return;
    }
    let tmux = Tmux::start("osc52");
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(cli_copy(&tmux, dir.path(), "5550123", 0), "osc52\n");
    let mut seen = None;
    assert!(
        wait_for(Duration::from_secs(10), || {
            seen = tmux.buffer();
            seen.as_deref() == Some("5550123")
        }),
        "tmux show-buffer gave {seen:?}"
    );
}

#[test]
fn cli_osc52_buffer_is_deleted_when_due_unless_replaced() {
    if !tools_or_skip(&["tmux"]) {
        return;
    }
    let tmux = Tmux::start("osc52-clear");
    let dir = tempfile::tempdir().expect("tempdir");

    // Ours, untouched: gone after the clear time.
    assert_eq!(cli_copy(&tmux, dir.path(), "5550124", 2), "osc52\n");
    assert!(wait_for(Duration::from_secs(10), || tmux
        .buffer()
        .as_deref()
        == Some("5550124")));
    assert!(
        wait_for(Duration::from_secs(15), || tmux.buffer().is_none()),
        "the paste buffer was not deleted"
    );

    // Replaced before the clear time: the newer buffer stays.
    assert_eq!(cli_copy(&tmux, dir.path(), "5550125", 2), "osc52\n");
    let due = Instant::now() + Duration::from_secs(2);
    assert!(wait_for(Duration::from_secs(10), || tmux
        .buffer()
        .as_deref()
        == Some("5550125")));
    assert!(tmux.run(&["set-buffer", "someone else's"]).status.success());
    std::thread::sleep(due.saturating_duration_since(Instant::now()) + Duration::from_millis(1500));
    assert_eq!(tmux.buffer().as_deref(), Some("someone else's"));
}

/// Env var that turns `tui_clipboard_in_pane` into the pane side of the test below.
const CHILD_DIR: &str = "SOFTPASS_TEST_TMUX_CHILD_DIR";

/// Waits for `dir/name` to exist (the two sides signal each other with empty files).
fn wait_file(dir: &Path, name: &str) -> bool {
    wait_for(Duration::from_secs(20), || dir.join(name).exists())
}

fn signal(dir: &Path, name: &str) {
    std::fs::write(dir.join(name), b"").expect("signal");
}

/// The pane side, run by the test below inside tmux (ignored in a normal run): the TUI's
/// `Clipboard` copies by OSC 52 (no display), then clears when due.
#[test]
#[ignore = "run inside tmux by tui_clipboard_osc52_clears_only_its_own_tmux_buffer"]
fn tui_clipboard_in_pane() {
    use softpass_client::clipboard::{Backend, Clipboard};
    use softpass_core::secret::SecretString;
    let dir = std::path::PathBuf::from(std::env::var_os(CHILD_DIR).expect(CHILD_DIR));
    let mut cb = Clipboard::new();
    for (round, value) in [(1, "4711 000111"), (2, "4711 000222")] {
        let backend = cb.copy(&SecretString::from(value), Duration::from_secs(1));
        assert_eq!(backend.expect("copy"), Backend::Osc52);
        signal(&dir, &format!("copied{round}"));
        assert!(wait_file(&dir, &format!("go{round}")));
        assert!(wait_for(Duration::from_secs(10), || {
            cb.tick();
            cb.clear_at().is_none()
        }));
        signal(&dir, &format!("cleared{round}"));
        assert!(wait_file(&dir, &format!("checked{round}")));
    }
}

#[test]
fn tui_clipboard_osc52_clears_only_its_own_tmux_buffer() {
    if !tools_or_skip(&["tmux"]) {
        return;
    }
    let tmux = Tmux::start("osc52-tui");
    let dir = tempfile::tempdir().expect("tempdir");
    let me = std::env::current_exe().expect("test binary");
    tmux.pane(&format!(
        "{CHILD_DIR}='{}' '{}' --exact tui_clipboard_in_pane --ignored --nocapture >'{}' 2>&1",
        dir.path().display(),
        me.display(),
        dir.path().join("log").display()
    ));
    let log = || std::fs::read_to_string(dir.path().join("log")).unwrap_or_default();
    let d = dir.path();

    // Round 1: our value arrives, and at the clear time its buffer is deleted.
    assert!(wait_file(d, "copied1"), "pane: {}", log());
    assert!(wait_for(Duration::from_secs(10), || tmux
        .buffer()
        .as_deref()
        == Some("4711 000111")));
    signal(d, "go1");
    assert!(wait_file(d, "cleared1"), "pane: {}", log());
    assert_eq!(tmux.buffer(), None, "our buffer was not deleted");
    signal(d, "checked1");

    // Round 2: another buffer is added before the clear time; it is left alone.
    assert!(wait_file(d, "copied2"), "pane: {}", log());
    assert!(wait_for(Duration::from_secs(10), || tmux
        .buffer()
        .as_deref()
        == Some("4711 000222")));
    assert!(tmux.run(&["set-buffer", "someone else's"]).status.success());
    signal(d, "go2");
    assert!(wait_file(d, "cleared2"), "pane: {}", log());
    assert_eq!(tmux.buffer().as_deref(), Some("someone else's"));
    signal(d, "checked2");
}
