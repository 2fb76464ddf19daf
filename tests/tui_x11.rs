//! `c` in the real TUI with a desktop clipboard (a private Xvfb): `xclip` reads OTP PIN + eToken;
//! after `clipboard_clear_secs` it is cleared, unless someone else copied meanwhile. Needs tmux, Xvfb and xclip: skipped with a message when missing and `CI`
//! is unset, a failure under CI.
#[path = "clipboard_support/mod.rs"]
mod clipboard_support;
mod tui_support;

use clipboard_support::{Xvfb, tools_or_skip, wait_for};
use std::time::Duration;
use tui_support::tmux::*;

/// Unlock `alice` with `c`: generates the eToken for counter `counter` and copies it.
fn copy_next(tmux: &Tmux, first: bool, counter: u64) -> String {
    tmux.keys(&["c"]);
    if first {
        tmux.wait_for("the PIN dialog", |s| {
            s.contains("Application PIN for 'alice'")
        });
        tmux.keys(&["-l", PIN]);
        tmux.keys(&["Enter"]);
    } else {
        tmux.keys(&["Enter"]); // a new code, then `c` copies the one shown
        tmux.wait_for("the next eToken", |s| shown_code(s, counter).is_some());
        tmux.keys(&["c"]);
    }
    let screen = tmux.wait_for("the copy", |s| {
        s.contains("Copied OTP PIN + eToken (system clipboard)") && shown_code(s, counter).is_some()
    });
    shown_code(&screen, counter).unwrap()
}

#[test]
fn c_copies_to_the_x11_clipboard_and_clears_only_our_value() {
    if !tools_or_skip(&["tmux", "Xvfb", "xclip"]) {
        return;
    }
    let x = Xvfb::start();
    let s = setup(
        &["--otp-pin", "77"],
        "clipboard_clear_secs = 2\n",
        Some(&x.display),
    );
    let tmux = Tmux::start("x11", &s.command);
    tmux.wait_for("the token list", |s| s.contains("alice"));

    let code = copy_next(&tmux, true, 5);
    assert_eq!(code, calc(&s.uri, 5));
    assert_eq!(x.clipboard().as_deref(), Some(format!("77{code}").as_str()));
    assert!(
        wait_for(Duration::from_secs(10), || x.clipboard().as_deref()
            != Some(&format!("77{code}"))),
        "our value is cleared after clipboard_clear_secs"
    );

    let code = copy_next(&tmux, false, 6);
    assert_eq!(x.clipboard().as_deref(), Some(format!("77{code}").as_str()));
    x.copy_other("someone else's text");
    std::thread::sleep(Duration::from_secs(4));
    assert_eq!(
        x.clipboard().as_deref(),
        Some("someone else's text"),
        "not ours: left alone"
    );
}
