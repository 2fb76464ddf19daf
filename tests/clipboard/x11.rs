//! The client library's `Clipboard` on a private Xvfb: copy, clear when due, leave someone
//! else's value. arboard reads DISPLAY from the process environment, so the checks run in a
//! child process of this test binary that has it set from the start.
use softpass_client::clipboard::{Backend, Clipboard};
use softpass_core::secret::SecretString;
use std::time::{Duration, Instant};

use crate::support::xvfb::{XClip, private_display};
use crate::support::*;

/// Set by the parent test: the child runs only then (never against a real desktop).
const CHILD: &str = "SOFTPASS_TEST_X11_CHILD";

#[test]
fn tui_clipboard_copies_clears_when_due_and_leaves_other_values_alone() {
    let Some(x) = private_display() else {
        return;
    };
    crate::run_child_test(
        "x11::clipboard_in_child",
        &[("DISPLAY", &x.display), (CHILD, "1")],
    );
}

#[test]
#[ignore = "run with its own DISPLAY by tui_clipboard_copies_clears_when_due_and_leaves_other_values_alone"]
fn clipboard_in_child() {
    if std::env::var_os(CHILD).is_none() {
        return eprintln!("run by its parent test only");
    }
    let x = XClip::from_env();
    let mut cb = Clipboard::new();
    let one_sec = Duration::from_secs(1);

    // (a) The value lands in CLIPBOARD, marked for history managers to skip.
    let value = SecretString::from("4711 123456");
    assert_eq!(cb.copy(&value, one_sec).expect("copy"), Backend::System);
    assert_eq!(x.clipboard().as_deref(), Some("4711 123456"));
    assert!(
        x.targets().contains("x-kde-passwordManagerHint"),
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
    assert!(x.wait_holds(None));

    // (e) Quitting (drop) does the same.
    cb.copy(&SecretString::from("555666"), Duration::ZERO)
        .expect("copy");
    assert_eq!(x.clipboard().as_deref(), Some("555666"));
    drop(cb);
    assert!(x.wait_holds(None));
}
