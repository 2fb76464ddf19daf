//! OSC 52 inside tmux (`set -g set-clipboard on`), with no display: the copy lands in a tmux
//! paste buffer (`tmux show-buffer`), and is cleared at the clear time only while the buffer
//! still holds it, from the CLI (`softpass clipboard-helper`, the `code --copy` path) and from
//! the TUI's `Clipboard`.
use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::tmux::Tmux;
use crate::support::*;

/// In a new window: `printf VALUE | softpass clipboard-helper --clear-after SECS > out`; returns
/// what it printed (the route) once it has finished.
fn cli_copy(tmux: &Tmux, dir: &Path, value: &str, clear_after: u64) -> String {
    let out = dir.join(format!("out-{value}"));
    tmux.new_window(&format!(
        "sh -c \"printf '%s\\n' {value} | '{BIN}' clipboard-helper --clear-after {clear_after} \
         >'{}' 2>&1\"",
        out.display()
    ));
    assert!(
        wait_for(Duration::from_secs(20), || std::fs::read_to_string(&out)
            .is_ok_and(|s| s.ends_with('\n'))),
        "the copy in the pane did not finish"
    );
    std::fs::read_to_string(&out).expect("pane output")
}

/// A sandbox and a tmux server whose first window only keeps it alive; `None` without tmux.
fn server() -> Option<(Sandbox, Tmux)> {
    require(&["tmux"]).then(|| {
        let sb = Sandbox::new();
        let tmux = Tmux::start(&sb, "sleep 120");
        (sb, tmux)
    })
}

/// Waits (10 s) until the newest paste buffer is `want`.
fn buffer_becomes(tmux: &Tmux, want: &str) -> bool {
    wait_for(Duration::from_secs(10), || {
        tmux.buffer().as_deref() == Some(want)
    })
}

#[test]
fn cli_osc52_reaches_the_tmux_paste_buffer() {
    let Some((sb, tmux)) = server() else {
        return;
    };
    assert_eq!(cli_copy(&tmux, sb.dir.path(), "5550123", 0), "osc52\n");
    assert!(
        buffer_becomes(&tmux, "5550123"),
        "tmux show-buffer gave {:?}",
        tmux.buffer()
    );
}

#[test]
fn cli_osc52_buffer_is_deleted_when_due_unless_replaced() {
    let Some((sb, tmux)) = server() else {
        return;
    };

    // Ours, untouched: gone after the clear time.
    assert_eq!(cli_copy(&tmux, sb.dir.path(), "5550124", 2), "osc52\n");
    assert!(buffer_becomes(&tmux, "5550124"));
    assert!(
        wait_for(Duration::from_secs(15), || tmux.buffer().is_none()),
        "the paste buffer was not deleted"
    );

    // Replaced before the clear time: the newer buffer stays.
    assert_eq!(cli_copy(&tmux, sb.dir.path(), "5550125", 2), "osc52\n");
    let due = Instant::now() + Duration::from_secs(2);
    assert!(buffer_becomes(&tmux, "5550125"));
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
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return eprintln!("run by its parent test only");
    };
    let dir = std::path::PathBuf::from(dir);
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
    let Some((sb, tmux)) = server() else {
        return;
    };
    let d = sb.dir.path();
    let me = std::env::current_exe().expect("test binary");
    tmux.new_window(&format!(
        "{CHILD_DIR}='{}' '{}' --exact osc52::tui_clipboard_in_pane --ignored --nocapture >'{}' 2>&1",
        d.display(),
        me.display(),
        d.join("log").display()
    ));
    let log = || std::fs::read_to_string(d.join("log")).unwrap_or_default();

    // Round 1: our value arrives, and at the clear time its buffer is deleted.
    assert!(wait_file(d, "copied1"), "pane: {}", log());
    assert!(buffer_becomes(&tmux, "4711 000111"));
    signal(d, "go1");
    assert!(wait_file(d, "cleared1"), "pane: {}", log());
    assert_eq!(tmux.buffer(), None, "our buffer was not deleted");
    signal(d, "checked1");

    // Round 2: another buffer is added before the clear time; it is left alone.
    assert!(wait_file(d, "copied2"), "pane: {}", log());
    assert!(buffer_becomes(&tmux, "4711 000222"));
    assert!(tmux.run(&["set-buffer", "someone else's"]).status.success());
    signal(d, "go2");
    assert!(wait_file(d, "cleared2"), "pane: {}", log());
    assert_eq!(tmux.buffer().as_deref(), Some("someone else's"));
    signal(d, "checked2");
}
