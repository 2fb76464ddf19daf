//! OSC 52 inside tmux: with no display, `softpass clipboard-helper` (the `code --copy` path)
//! writes OSC 52 to the pane's terminal and tmux (`set -g set-clipboard on`) stores it in a paste
//! buffer. Needs tmux (skipped locally when missing, a failure under CI).
mod clipboard_support;

use clipboard_support::{tools_or_skip, wait_for};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A tmux server on a private socket, killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .env_remove("TMUX")
            .stdin(Stdio::null())
            .output()
            .expect("run tmux")
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

#[test]
fn osc52_reaches_the_tmux_paste_buffer() {
    if !tools_or_skip(&["tmux"]) {
        return;
    }
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let tmux = Tmux {
        socket: format!("softpass-osc52-{}-{nanos}", std::process::id()),
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let bin = assert_cmd::cargo::cargo_bin("softpass");
    let pane_cmd = format!(
        "printf '%s\\n' 5550123 | env -u DISPLAY -u WAYLAND_DISPLAY '{}' clipboard-helper \
         --clear-after 0 >'{}' 2>&1",
        bin.display(),
        out.display()
    );
    // A first window keeps the server alive; the option is set before the copying pane starts.
    let started = tmux.run(&[
        "new-session",
        "-d",
        "-x",
        "80",
        "-y",
        "24",
        "sleep 60",
        ";",
        "set-option",
        "-g",
        "set-clipboard",
        "on",
        ";",
        "new-window",
        "-d",
        &pane_cmd,
    ]);
    assert!(
        started.status.success(),
        "tmux: {}",
        String::from_utf8_lossy(&started.stderr)
    );
    assert!(
        wait_for(Duration::from_secs(20), || std::fs::read_to_string(&out)
            .is_ok_and(|s| s.ends_with('\n'))),
        "the copy in the pane did not finish"
    );
    assert_eq!(
        std::fs::read_to_string(&out).expect("pane output"),
        "osc52\n"
    );
    let mut buffer = String::new();
    assert!(
        wait_for(Duration::from_secs(10), || {
            let shown = tmux.run(&["show-buffer"]);
            buffer = String::from_utf8_lossy(&shown.stdout).into_owned();
            shown.status.success() && buffer == "5550123"
        }),
        "tmux show-buffer gave {buffer:?}"
    );
}

/// Env var that turns `tui_clipboard_in_pane` into the pane side of the test below.
const CHILD_DIR: &str = "SOFTPASS_TEST_TMUX_CHILD_DIR";

/// Waits for `dir/name` to exist (the two sides signal each other with empty files).
fn wait_file(dir: &std::path::Path, name: &str) -> bool {
    wait_for(Duration::from_secs(20), || dir.join(name).exists())
}

/// The pane side, run by the test below inside tmux (ignored in a normal run): the TUI's
/// `Clipboard` copies by OSC 52 (no display), then clears when due.
#[test]
#[ignore = "run inside tmux by tui_clipboard_osc52_clears_only_its_own_tmux_buffer"]
fn tui_clipboard_in_pane() {
    use softpass::app::clipboard::{Backend, Clipboard};
    use softpass::domain::secret::SecretString;
    let dir = std::path::PathBuf::from(std::env::var_os(CHILD_DIR).expect(CHILD_DIR));
    let signal = |name: &str| std::fs::write(dir.join(name), b"").expect("signal");
    let mut cb = Clipboard::new();
    for (round, value) in [(1, "4711 000111"), (2, "4711 000222")] {
        let backend = cb.copy(&SecretString::from(value), Duration::from_secs(1));
        assert_eq!(backend.expect("copy"), Backend::Osc52);
        signal(&format!("copied{round}"));
        assert!(wait_file(&dir, &format!("go{round}")));
        assert!(wait_for(Duration::from_secs(10), || {
            cb.tick();
            cb.clear_at().is_none()
        }));
        signal(&format!("cleared{round}"));
        assert!(wait_file(&dir, &format!("checked{round}")));
    }
}

#[test]
fn tui_clipboard_osc52_clears_only_its_own_tmux_buffer() {
    if !tools_or_skip(&["tmux"]) {
        return;
    }
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let tmux = Tmux {
        socket: format!("softpass-osc52-tui-{}-{nanos}", std::process::id()),
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let me = std::env::current_exe().expect("test binary");
    let pane_cmd = format!(
        "env -u DISPLAY -u WAYLAND_DISPLAY {CHILD_DIR}='{}' '{}' --exact tui_clipboard_in_pane \
         --ignored --nocapture >'{}' 2>&1",
        dir.path().display(),
        me.display(),
        dir.path().join("log").display()
    );
    let started = tmux.run(&[
        "new-session",
        "-d",
        "-x",
        "80",
        "-y",
        "24",
        "sleep 60",
        ";",
        "set-option",
        "-g",
        "set-clipboard",
        "on",
        ";",
        "new-window",
        "-d",
        &pane_cmd,
    ]);
    assert!(started.status.success());
    let log = || std::fs::read_to_string(dir.path().join("log")).unwrap_or_default();
    let buffer = || {
        let shown = tmux.run(&["show-buffer"]);
        shown
            .status
            .success()
            .then(|| String::from_utf8_lossy(&shown.stdout).into_owned())
    };
    let go = |round: u32| std::fs::write(dir.path().join(format!("go{round}")), b"").expect("go");

    // Round 1: our value arrives, and at the clear time its buffer is deleted.
    assert!(wait_file(dir.path(), "copied1"), "pane: {}", log());
    assert!(wait_for(Duration::from_secs(10), || buffer().as_deref()
        == Some("4711 000111")));
    go(1);
    assert!(wait_file(dir.path(), "cleared1"), "pane: {}", log());
    assert_eq!(buffer(), None, "our buffer was not deleted");
    std::fs::write(dir.path().join("checked1"), b"").expect("checked");

    // Round 2: another buffer is added before the clear time; it is left alone.
    assert!(wait_file(dir.path(), "copied2"), "pane: {}", log());
    assert!(wait_for(Duration::from_secs(10), || buffer().as_deref()
        == Some("4711 000222")));
    assert!(tmux.run(&["set-buffer", "someone else's"]).status.success());
    go(2);
    assert!(wait_file(dir.path(), "cleared2"), "pane: {}", log());
    assert_eq!(buffer().as_deref(), Some("someone else's"));
    std::fs::write(dir.path().join("checked2"), b"").expect("checked");
}
