//! Copying to a clipboard, never the user's: the client's `Clipboard` and `code --copy` on a
//! private Xvfb (read with xclip), the detached `clipboard-helper`, OSC 52 into tmux paste
//! buffers, and the TUI's `c` against X11. Needs Xvfb, xclip and tmux: skipped with a message
//! when missing, a failure under CI.
#[path = "../support/mod.rs"]
mod support;

mod copy;
mod helper;
mod osc52;
mod tui_x11;
mod x11;

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
