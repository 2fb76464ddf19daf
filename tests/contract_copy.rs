//! Contract acceptance: `code --copy` puts the code on the clipboard, or the combined value
//! (OTP PIN + eToken) when an OTP PIN is known; checked with xclip on a private Xvfb.
mod clipboard_support;
mod contract_support;

use std::time::Duration;

use clipboard_support::{Xvfb, tools_or_skip, wait_for};
use contract_support::*;

const URI_HOTP: &str = "otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0";

fn copy(sb: &Sb, x: &Xvfb, args: &[&str], want_stdout: &str, want_clip: &str) {
    let mut c = sb.pin(PIN, args);
    c.env("DISPLAY", &x.display);
    assert_eq!(ok(c), want_stdout);
    assert!(
        wait_for(Duration::from_secs(10), || x.clipboard().as_deref()
            == Some(want_clip)),
        "clipboard {:?}, want {want_clip:?}",
        x.clipboard()
    );
}

#[test]
fn copy_puts_the_code_or_the_combined_value_on_the_clipboard() {
    if !tools_or_skip(&["Xvfb", "xclip"]) {
        return;
    }
    let x = Xvfb::start();
    let sb = Sb::new();
    sb.import_uri(URI_HOTP, &[]);
    // No OTP PIN known: the code itself.
    let c0 = RFC4226[0];
    copy(&sb, &x, &["code", "--copy"], &format!("{c0}\n"), c0);
    // An OTP PIN for this call: the combined value, even without --combined.
    let c1 = RFC4226[1];
    copy(
        &sb,
        &x,
        &["code", "--copy", "--otp-pin", "4711"],
        &format!("{c1}\n"),
        &format!("4711{c1}"),
    );
    // A stored OTP PIN with --combined: printed and copied combined.
    let sb = Sb::new();
    sb.import_uri(URI_HOTP, &["--otp-pin", "0815"]);
    copy(
        &sb,
        &x,
        &["code", "--copy", "--combined"],
        &format!("0815{c0}\n"),
        &format!("0815{c0}"),
    );
    // A stored OTP PIN without --combined: the code printed, the combined value copied.
    copy(
        &sb,
        &x,
        &["code", "--copy"],
        &format!("{c1}\n"),
        &format!("0815{c1}"),
    );
}
