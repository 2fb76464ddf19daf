//! `softpass code --copy` end to end on a private Xvfb: the code itself, or the combined value
//! (OTP PIN + eToken) when an OTP PIN is known, is what xclip reads; the clear time comes from
//! the settings file. Codes: RFC 4226 Appendix D for the RFC's secret.
use std::time::Duration;

use crate::support::xvfb::{Xvfb, private_display};
use crate::support::*;

const URI_HOTP: &str = "otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0";

/// `code ARGS` with DISPLAY: prints `want_stdout`, and the clipboard holds `want_clip` at once
/// (`code --copy` waits for the helper's confirmation).
fn copy(sb: &Sandbox, x: &Xvfb, args: &[&str], want_stdout: &str, want_clip: &str) {
    let mut c = sb.pin(PIN, args);
    c.env("DISPLAY", &x.display);
    assert_eq!(ok(c), want_stdout);
    assert_eq!(x.clipboard().as_deref(), Some(want_clip), "{args:?}");
}

#[test]
fn code_copy_puts_the_printed_code_or_the_combined_value_on_the_clipboard() {
    let Some(x) = private_display() else {
        return;
    };
    let sb = Sandbox::new();
    sb.write_config("clipboard_clear_secs = 2\n");
    sb.import_uri(URI_HOTP, &[]);
    // No OTP PIN known: the code itself.
    let (c0, c1) = (RFC4226[0], RFC4226[1]);
    copy(&sb, &x, &["code", "--copy"], &format!("{c0}\n"), c0);
    assert!(
        wait_for(Duration::from_secs(15), || x.clipboard().is_none()),
        "not cleared after clipboard_clear_secs = 2"
    );
    // An OTP PIN for this call: the combined value, even without --combined.
    let args = ["code", "--copy", "--otp-pin", "4711"];
    copy(&sb, &x, &args, &format!("{c1}\n"), &format!("4711{c1}"));
    // A stored OTP PIN with --combined: printed and copied combined.
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &["--otp-pin", "0815"]);
    let args = ["code", "--copy", "--combined"];
    copy(&sb, &x, &args, &format!("0815{c0}\n"), &format!("0815{c0}"));
    // A stored OTP PIN without --combined: the code printed, the combined value copied.
    copy(
        &sb,
        &x,
        &["code", "--copy"],
        &format!("{c1}\n"),
        &format!("0815{c1}"),
    );
}
