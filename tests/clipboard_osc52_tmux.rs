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
