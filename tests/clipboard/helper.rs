//! `softpass clipboard-helper` (the path `code --copy` takes) on a private Xvfb: the value
//! outlives the copying process, is cleared when due, someone else's value is left alone, and
//! with no display and no terminal it fails without showing the value.
use std::time::{Duration, Instant};

use crate::support::xvfb::{Xvfb, private_display};
use crate::support::*;

/// Runs `softpass clipboard-helper --clear-after SECS` with `value` on stdin; returns stdout.
fn copy(x: &Xvfb, value: &str, clear_after: u64) -> String {
    let sb = Sandbox::new();
    let secs = clear_after.to_string();
    let mut c = sb.novault(&["clipboard-helper", "--clear-after", &secs]);
    c.env("DISPLAY", &x.display);
    let out = with_stdin(c, &format!("{value}\n"));
    assert!(
        out.status.success(),
        "copy failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Live `clipboard-helper --serve` processes talking to this test's display.
fn helpers_on(display: &str) -> usize {
    let want = format!("DISPLAY={display}");
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| {
            let dir = e.path();
            let cmdline = std::fs::read(dir.join("cmdline")).unwrap_or_default();
            let environ = std::fs::read(dir.join("environ")).unwrap_or_default();
            let has = |hay: &[u8], needle: &[u8]| hay.split(|b| *b == 0).any(|w| w == needle);
            let status = std::fs::read_to_string(dir.join("status")).unwrap_or_default();
            has(&cmdline, b"clipboard-helper")
                && has(&cmdline, b"--serve")
                && has(&environ, want.as_bytes())
                && !status.contains("State:\tZ")
        })
        .count()
}

#[test]
fn detached_copy_survives_the_process_and_is_cleared_when_due() {
    let Some(x) = private_display() else {
        return;
    };

    // (a)+(d) The copying process has exited; the value is there right away (it waited for the
    // helper's confirmation), served by the helper.
    assert_eq!(copy(&x, "246810", 2), "system\n");
    assert_eq!(x.clipboard().as_deref(), Some("246810"));
    assert_eq!(helpers_on(&x.display), 1);

    // (b) After the clear time it is gone, and so is the helper.
    assert!(
        wait_for(Duration::from_secs(15), || x.clipboard().is_none()),
        "not cleared after 2 s"
    );
    assert!(wait_for(Duration::from_secs(10), || helpers_on(&x.display) == 0));
}

#[test]
fn detached_copy_leaves_a_newer_value_alone_and_the_helper_quits() {
    let Some(x) = private_display() else {
        return;
    };
    assert_eq!(copy(&x, "135790", 4), "system\n");
    let due = Instant::now() + Duration::from_secs(4);
    x.copy_other("someone else's");
    // Losing the clipboard ends the helper before its clear time.
    assert!(wait_for(Duration::from_secs(10), || helpers_on(&x.display) == 0));
    assert!(Instant::now() < due, "helper only quit at its clear time");
    // Past the clear time the other value is still there.
    std::thread::sleep(due.saturating_duration_since(Instant::now()) + Duration::from_millis(500));
    assert_eq!(x.clipboard().as_deref(), Some("someone else's"));
}

#[test]
fn a_second_copy_of_the_same_value_takes_over_from_the_first_helper() {
    let Some(x) = private_display() else {
        return;
    };
    // The same TOTP code copied twice: the first helper must not clear it at its earlier time.
    assert_eq!(copy(&x, "777000", 5), "system\n");
    let first_due = Instant::now() + Duration::from_secs(5);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(copy(&x, "777000", 5), "system\n");
    let second_due = Instant::now() + Duration::from_secs(5);
    assert!(
        wait_for(Duration::from_millis(2500), || helpers_on(&x.display) == 1),
        "the first helper kept running after losing the clipboard"
    );
    // Past the first helper's clear time the value is still there; then it goes.
    std::thread::sleep(
        first_due.saturating_duration_since(Instant::now()) + Duration::from_millis(500),
    );
    assert!(Instant::now() < second_due);
    assert_eq!(x.clipboard().as_deref(), Some("777000"));
    assert!(wait_for(Duration::from_secs(15), || x
        .clipboard()
        .is_none()));
}

#[test]
fn no_display_and_no_terminal_is_exit_1_without_the_value() {
    if !require(&["setsid"]) {
        return;
    }
    // The sandbox runs the binary under setsid (no controlling terminal, so OSC 52 has nowhere
    // to go either) and without DISPLAY.
    let sb = Sandbox::new();
    let c = sb.novault(&["clipboard-helper", "--clear-after", "1"]);
    let out = with_stdin(c, "8675309\n");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("softpass: clipboard: "), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        !stderr.contains("8675309"),
        "the value leaked into the error"
    );
    assert!(out.stdout.is_empty());
}
