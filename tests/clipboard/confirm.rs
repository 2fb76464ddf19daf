//! Copies that say what they know: inside tmux every paste buffer softpass created is deleted
//! when the value is cleared; tmux with `set-clipboard external` refuses the copy; a bare OSC 52
//! terminal is "unconfirmed", never claimed as done. Needs tmux and util-linux `script` (skipped
//! locally when missing, a failure under CI). (Without any clipboard, `code --copy --json`
//! spends no counter: cli::exit::exit_1_copy_required_with_json_spends_no_counter.)
use std::time::Duration;

use crate::support::*;
use crate::{child_in_pane, helper_copy, pane_dir, signal, tmux_server, wait_file};

const URI_HOTP: &str = "otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0";

#[test]
fn tmux_ignoring_osc52_is_a_failed_copy_not_a_silent_one() {
    let Some((sb, tmux)) = tmux_server() else {
        return;
    };
    let set = tmux.run(&["set-option", "-g", "set-clipboard", "external"]);
    assert!(set.status.success(), "{set:?}");
    let out = helper_copy(&tmux, sb.dir.path(), "5550199", 0);
    assert!(out.contains("rc=1"), "{out}");
    assert!(out.contains("set-clipboard option is 'external'"), "{out}");
    assert!(!out.contains("5550199"), "{out}");
    // `code --copy --json` fails before spending a counter, like without any clipboard.
    sb.import_uri(URI_HOTP, &[]);
    let line = format!(
        "SOFTPASS_PIN={PIN} {} --vault {} --json code --copy",
        sh_quote(BIN),
        sh_quote(sb.vault().to_str().unwrap())
    );
    let out = tmux.shell(&line, &sb.path("code-out"));
    assert!(
        out.contains("rc=1") && out.contains("set-clipboard"),
        "{out}"
    );
    assert_eq!(sb.token(0)["counter"], 0, "no counter spent");
}

#[test]
fn a_bare_osc52_terminal_is_reported_as_unconfirmed() {
    if !require(&["script"]) {
        return;
    }
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    // `script` gives a pseudo-terminal that is no tmux: OSC 52 goes there, unanswered.
    let helper = format!("printf '5550198\\n' | {} clipboard-helper", sh_quote(BIN));
    let (t, rc) = sb.pty_shell(&helper, &[]);
    assert!(t.contains("osc52 unconfirmed") && rc == 0, "{rc} {t:?}");
    let (t, _) = sb.pty(&["code", "--copy"], &[("SOFTPASS_PIN", PIN)], &[]);
    assert!(t.contains(RFC4226[0]), "{t:?}");
    assert!(
        t.contains("cannot tell whether the terminal put it on the clipboard"),
        "{t:?}"
    );
}

/// Env var that turns `tui_buffers_in_pane` into the pane side of the test below.
const CHILD_DIR: &str = "SOFTPASS_TEST_TMUX_BUFFERS_DIR";

/// The pane side (ignored in a normal run): the TUI's `Clipboard` copies A, then B twice, by
/// OSC 52 inside tmux, then clears when due.
#[test]
#[ignore = "run inside tmux by tui_clipboard_deletes_every_buffer_it_created"]
fn tui_buffers_in_pane() {
    use softpass_client::clipboard::Clipboard;
    use softpass_core::secret::SecretString;
    let Some(dir) = pane_dir(CHILD_DIR) else {
        return;
    };
    let mut cb = Clipboard::new();
    let long = Duration::from_secs(3);
    for (step, value) in [
        ("a", "4711 000333"),
        ("b1", "4711 000444"),
        ("b2", "4711 000444"),
    ] {
        let copied = cb
            .copy_report(&SecretString::from(value), long)
            .expect("copy");
        assert!(copied.confirmed, "tmux confirms by its paste buffer");
        signal(&dir, &format!("copied-{step}"));
        assert!(wait_file(&dir, &format!("go-{step}")));
    }
    assert!(wait_for(Duration::from_secs(10), || {
        cb.tick();
        cb.clear_at().is_none()
    }));
    signal(&dir, "cleared");
}

#[test]
fn tui_clipboard_deletes_every_buffer_it_created() {
    let Some((sb, tmux)) = tmux_server() else {
        return;
    };
    let d = sb.dir.path();
    let log = child_in_pane(&tmux, "confirm::tui_buffers_in_pane", CHILD_DIR, d);
    assert!(wait_file(d, "copied-a"), "pane: {}", log());
    assert_eq!(tmux.buffers(), ["4711 000333"]);
    tmux.run(&["set-buffer", "someone else's"]);
    signal(d, "go-a");
    // A newer value replaces A: A's buffer goes at once, someone else's stays.
    assert!(wait_file(d, "copied-b1"), "pane: {}", log());
    assert_eq!(tmux.buffers(), ["4711 000444", "someone else's"]);
    signal(d, "go-b1");
    // The same value copied again: a second buffer, both ours.
    assert!(wait_file(d, "copied-b2"), "pane: {}", log());
    assert_eq!(
        tmux.buffers(),
        ["4711 000444", "4711 000444", "someone else's"]
    );
    signal(d, "go-b2");
    assert!(wait_file(d, "cleared"), "pane: {}", log());
    assert_eq!(tmux.buffers(), ["someone else's"], "pane: {}", log());
}
