//! The TUI's `c` with a desktop clipboard: tmux runs the TUI against a private Xvfb; after `c` +
//! PIN, xclip reads OTP PIN + eToken (the RFC 4226 code `calc` agrees on); after
//! `clipboard_clear_secs` it is cleared, a value someone else copied is left alone, and `q`
//! clears ours.
use std::time::Duration;

use crate::support::tmux::*;
use crate::support::xvfb::Xvfb;
use crate::support::*;

const OTP_PIN: &str = "77";

/// `c` on `alice` (the first time with her PIN; then Enter for a new code first); returns the
/// eToken for `counter` once the TUI says it copied it.
fn copy_next(tmux: &Tmux, first: bool, counter: u64) -> String {
    tmux.keys(&["c"]);
    if first {
        tmux.wait_for("the PIN dialog", |s| {
            s.contains("Application PIN for 'alice'")
        });
        tmux.type_text(PIN);
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

/// Waits until the clipboard holds OTP PIN + the RFC 4226 code of the counter on screen.
fn wait_copied(tmux: &Tmux, x: &Xvfb) -> String {
    let mut last = (String::new(), None);
    let ok = wait_for(Duration::from_secs(20), || {
        let screen = tmux.screen();
        let clip = x.clipboard();
        let want = shown_counter(&screen)
            .and_then(|c| RFC4226.get(c as usize))
            .map(|code| format!("{OTP_PIN}{code}"));
        let done = want.is_some() && clip == want;
        last = (screen, clip);
        done
    });
    assert!(ok, "clipboard {:?}; screen:\n{}", last.1, last.0);
    last.1.unwrap_or_default()
}

#[test]
fn c_copies_to_the_x11_clipboard_and_clears_only_its_own_value() {
    if !require(&["tmux", "Xvfb", "xclip"]) {
        return;
    }
    let x = Xvfb::start();
    let settings = "clipboard_clear_secs = 2\n";
    let (_sb, tmux) = alice_tui(&["--otp-pin", OTP_PIN], settings, Some(&x.display));

    // `c` asks for the PIN, then copies OTP PIN + eToken to CLIPBOARD.
    let code = copy_next(&tmux, true, 5);
    assert_eq!(code, calc_at(ALICE_URI, 5));
    assert_eq!(code, RFC4226[5]);
    let copied = format!("{OTP_PIN}{code}");
    assert_eq!(x.clipboard().as_deref(), Some(copied.as_str()));
    assert!(!tmux.screen().contains(&copied), "OTP PIN + eToken drawn");
    assert!(
        wait_for(Duration::from_secs(15), || x.clipboard().is_none()),
        "our value is cleared after clipboard_clear_secs"
    );

    // Copied again, then someone else copies: theirs survives our clear time.
    let code = copy_next(&tmux, false, 6);
    assert_eq!(x.clipboard(), Some(format!("{OTP_PIN}{code}")));
    x.copy_other("someone else's text");
    std::thread::sleep(Duration::from_secs(4));
    assert_eq!(
        x.clipboard().as_deref(),
        Some("someone else's text"),
        "not ours: left alone"
    );

    // Quitting clears our value.
    tmux.keys(&["c"]);
    wait_copied(&tmux, &x);
    tmux.keys(&["q"]);
    assert!(tmux.wait_exit(), "q must quit");
    assert!(
        x.wait_holds(None),
        "quitting left our value on the clipboard"
    );
}
