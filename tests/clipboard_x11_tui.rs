//! The TUI's `Clipboard` on a private Xvfb: copy, clear when due, leave someone else's value.
//! Needs Xvfb and xclip: skipped with a message when missing, a failure when env CI is set.
//! One test only: it sets DISPLAY for this process, which arboard reads.
mod clipboard_support;

use clipboard_support::{Xvfb, tools_or_skip, wait_for};
use softpass_client::clipboard::{Backend, Clipboard};
use softpass_core::secret::SecretString;
use std::process::Command;
use std::time::{Duration, Instant};

#[test]
fn tui_clipboard_copies_clears_when_due_and_leaves_other_values_alone() {
    if !tools_or_skip(&["Xvfb", "xclip"]) {
        return;
    }
    let x = Xvfb::start();
    // SAFETY: the only test in this binary; set before any thread of ours reads the environment.
    unsafe {
        std::env::set_var("DISPLAY", &x.display);
        std::env::remove_var("WAYLAND_DISPLAY");
    }
    let mut cb = Clipboard::new();
    let one_sec = Duration::from_secs(1);

    // (a) The value lands in CLIPBOARD, marked for history managers to skip.
    let value = SecretString::from("4711 123456");
    assert_eq!(cb.copy(&value, one_sec).expect("copy"), Backend::System);
    assert_eq!(x.clipboard().as_deref(), Some("4711 123456"));
    let targets = Command::new("xclip")
        .args(["-o", "-selection", "clipboard", "-t", "TARGETS"])
        .env("DISPLAY", &x.display)
        .output()
        .expect("xclip TARGETS");
    assert!(
        String::from_utf8_lossy(&targets.stdout).contains("x-kde-passwordManagerHint"),
        "not marked as secret for clipboard managers"
    );
    assert!(
        !format!("{cb:?}").contains("123456"),
        "Debug shows the value"
    );

    // (b) tick() clears it once the time has come.
    assert!(cb.clear_at().is_some());
    assert!(
        wait_for(Duration::from_secs(10), || {
            cb.tick();
            x.clipboard().is_none()
        }),
        "not cleared after the clear time"
    );
    assert_eq!(cb.clear_at(), None);

    // (c) Someone else copied in the meantime: their value stays.
    cb.copy(&SecretString::from("222333"), one_sec)
        .expect("copy");
    x.copy_other("not yours");
    let due = Instant::now() + Duration::from_millis(1500);
    assert!(wait_for(Duration::from_secs(10), || {
        cb.tick();
        Instant::now() > due && cb.clear_at().is_none()
    }));
    assert_eq!(x.clipboard().as_deref(), Some("not yours"));

    // (d) clear_if_ours (lock, quit) clears at once; zero means never clear by time.
    cb.copy(&SecretString::from("999000"), Duration::ZERO)
        .expect("copy");
    assert_eq!(cb.clear_at(), None, "0 s = never clear");
    assert_eq!(x.clipboard().as_deref(), Some("999000"));
    cb.clear_if_ours();
    assert!(wait_for(Duration::from_secs(10), || x
        .clipboard()
        .is_none()));

    // (e) Quitting (drop) does the same.
    cb.copy(&SecretString::from("555666"), Duration::ZERO)
        .expect("copy");
    assert_eq!(x.clipboard().as_deref(), Some("555666"));
    drop(cb);
    assert!(wait_for(Duration::from_secs(10), || x
        .clipboard()
        .is_none()));
}
