//! Copying to a clipboard, never the user's: the client's `Clipboard` and `code --copy` on a
//! private Xvfb (read with xclip), the detached `clipboard-helper`, OSC 52 into tmux paste
//! buffers, what a copy reports it knows (confirmed, refused, unconfirmed), and the TUI's `c`
//! against X11. Needs Xvfb, xclip and tmux: skipped with a message when missing, a failure
//! under CI.
#[path = "../support/mod.rs"]
mod support;

mod confirm;
mod copy;
mod helper;
mod osc52;
mod tui_x11;
mod x11;

use std::path::{Path, PathBuf};
use std::time::Duration;

use support::Sandbox;
use support::tmux::Tmux;

/// Runs one `#[ignore]`d test of this binary in a child process with `env` added (for tests
/// that must own a process-wide setting such as DISPLAY); fails with its output if it fails.
fn run_child_test(name: &str, env: &[(&str, &str)]) {
    let mut c = std::process::Command::new(std::env::current_exe().expect("test binary"));
    c.args(["--exact", name, "--ignored", "--nocapture"])
        .env_remove("WAYLAND_DISPLAY");
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().expect("run the child test");
    assert!(
        o.status.success() && String::from_utf8_lossy(&o.stdout).contains("1 passed"),
        "child test {name}:\n{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A sandbox and a tmux server whose first window only keeps it alive; `None` without tmux.
fn tmux_server() -> Option<(Sandbox, Tmux)> {
    support::require(&["tmux"]).then(|| {
        let sb = Sandbox::new();
        let tmux = Tmux::start(&sb, "sleep 300");
        (sb, tmux)
    })
}

/// In a new window: `printf VALUE | softpass clipboard-helper --clear-after SECS`; returns what
/// it printed (the route, or its error) and its `rc=` line once it has finished.
fn helper_copy(tmux: &Tmux, dir: &Path, value: &str, clear_after: u64) -> String {
    let line = format!(
        "printf '%s\\n' {value} | {} clipboard-helper --clear-after {clear_after}",
        support::sh_quote(support::BIN)
    );
    tmux.shell(&line, &dir.join(format!("out-{value}")))
}

/// Starts the `#[ignore]`d test `name` of this binary in a new window of `tmux` (the pane side
/// of a TUI clipboard test), with env `var` naming `dir`, where the two sides signal each other;
/// returns a reader of the pane's log.
fn child_in_pane<'d>(
    tmux: &Tmux,
    name: &str,
    var: &str,
    dir: &'d Path,
) -> impl Fn() -> String + 'd {
    let me = std::env::current_exe().expect("test binary");
    let log = dir.join("log");
    tmux.new_window(&format!(
        "{var}='{}' '{}' --exact {name} --ignored --nocapture >'{}' 2>&1",
        dir.display(),
        me.display(),
        log.display()
    ));
    move || std::fs::read_to_string(&log).unwrap_or_default()
}

/// The pane side's folder for the handshake, named by env `var`; `None` (with a message) when
/// the ignored test runs without its parent.
fn pane_dir(var: &str) -> Option<PathBuf> {
    let dir = std::env::var_os(var).map(PathBuf::from);
    if dir.is_none() {
        eprintln!("run by its parent test only");
    }
    dir
}

/// Tells the other side of a pane test that step `name` is done (an empty file in `dir`).
fn signal(dir: &Path, name: &str) {
    std::fs::write(dir.join(name), b"").expect("signal");
}

/// Waits (30 s) for the other side's `signal(dir, name)`.
fn wait_file(dir: &Path, name: &str) -> bool {
    support::wait_for(Duration::from_secs(30), || dir.join(name).exists())
}
