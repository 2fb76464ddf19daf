//! OSC 52 inside tmux (`set -g set-clipboard on`), with no display: the copy lands in a tmux
//! paste buffer (`tmux show-buffer`), and its buffer is deleted at the clear time, while a buffer
//! added meanwhile stays, from the CLI (`softpass clipboard-helper`, the `code --copy` path) and
//! from the TUI's `Clipboard`.
use std::time::{Duration, Instant};

use crate::support::tmux::Tmux;
use crate::support::*;
use crate::{child_in_pane, helper_copy, pane_dir, signal, tmux_server, wait_file};

/// Waits (10 s) until the newest paste buffer is `want`.
fn buffer_becomes(tmux: &Tmux, want: &str) -> bool {
    wait_for(Duration::from_secs(10), || {
        tmux.buffer().as_deref() == Some(want)
    })
}

#[test]
fn cli_osc52_reaches_the_tmux_paste_buffer() {
    let Some((sb, tmux)) = tmux_server() else {
        return;
    };
    assert_eq!(
        helper_copy(&tmux, sb.dir.path(), "5550123", 0),
        "osc52\nrc=0\n"
    );
    assert!(
        buffer_becomes(&tmux, "5550123"),
        "tmux show-buffer gave {:?}",
        tmux.buffer()
    );
}

#[test]
fn cli_osc52_buffer_is_deleted_when_due_even_when_a_newer_one_came_meanwhile() {
    let Some((sb, tmux)) = tmux_server() else {
        return;
    };

    // Ours, untouched: gone after the clear time.
    assert_eq!(
        helper_copy(&tmux, sb.dir.path(), "5550124", 2),
        "osc52\nrc=0\n"
    );
    assert!(buffer_becomes(&tmux, "5550124"));
    assert!(
        wait_for(Duration::from_secs(15), || tmux.buffer().is_none()),
        "the paste buffer was not deleted"
    );

    // Another buffer added before the clear time: it stays, and ours, no longer the newest, is
    // deleted all the same.
    assert_eq!(
        helper_copy(&tmux, sb.dir.path(), "5550125", 3),
        "osc52\nrc=0\n"
    );
    let due = Instant::now() + Duration::from_secs(3);
    assert!(buffer_becomes(&tmux, "5550125"));
    assert_eq!(tmux.buffers(), ["5550125"], "confirmed by its one buffer");
    assert!(tmux.run(&["set-buffer", "someone else's"]).status.success());
    assert!(
        wait_for(Duration::from_secs(15), || tmux.buffers()
            == ["someone else's"]),
        "buffers: {:?}",
        tmux.buffers()
    );
    std::thread::sleep(due.saturating_duration_since(Instant::now()) + Duration::from_millis(1500));
    assert_eq!(tmux.buffer().as_deref(), Some("someone else's"));
}

/// Env var that turns `tui_clipboard_in_pane` into the pane side of the test below.
const CHILD_DIR: &str = "SOFTPASS_TEST_TMUX_CHILD_DIR";

/// The pane side, run by the test below inside tmux (ignored in a normal run): the TUI's
/// `Clipboard` copies by OSC 52 (no display), then clears when due.
#[test]
#[ignore = "run inside tmux by tui_clipboard_osc52_clears_only_its_own_tmux_buffer"]
fn tui_clipboard_in_pane() {
    use softpass_client::clipboard::{Backend, Clipboard};
    use softpass_core::secret::SecretString;
    let Some(dir) = pane_dir(CHILD_DIR) else {
        return;
    };
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
    let Some((sb, tmux)) = tmux_server() else {
        return;
    };
    let d = sb.dir.path();
    let log = child_in_pane(&tmux, "osc52::tui_clipboard_in_pane", CHILD_DIR, d);

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
