//! `copy_detached` through the real binary (`softpass clipboard-helper`, the path `code --copy`
//! takes): the value outlives the copying process, is cleared when due, and someone else's value
//! is left alone. Needs Xvfb and xclip (skipped locally when missing, a failure under CI).
mod clipboard_support;

use assert_cmd::Command;
use clipboard_support::{Xvfb, tools_or_skip, wait_for};
use std::time::{Duration, Instant};

/// Runs `softpass clipboard-helper --clear-after SECS` with `value` on stdin; returns stdout.
fn copy(x: &Xvfb, value: &str, clear_after: u64) -> String {
    let out = Command::cargo_bin("softpass")
        .expect("binary")
        .args([
            "clipboard-helper",
            "--clear-after",
            &clear_after.to_string(),
        ])
        .env("DISPLAY", &x.display)
        .env_remove("WAYLAND_DISPLAY")
        .write_stdin(format!("{value}\n"))
        .timeout(Duration::from_secs(30))
        .output()
        .expect("run softpass");
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
    if !tools_or_skip(&["Xvfb", "xclip"]) {
        return;
    }
    let x = Xvfb::start();

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
    if !tools_or_skip(&["Xvfb", "xclip"]) {
        return;
    }
    let x = Xvfb::start();
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
    if !tools_or_skip(&["Xvfb", "xclip"]) {
        return;
    }
    let x = Xvfb::start();
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
    if !tools_or_skip(&["setsid"]) {
        return;
    }
    // setsid: no controlling terminal, so OSC 52 has nowhere to go either.
    let bin = assert_cmd::cargo::cargo_bin("softpass");
    let out = std::process::Command::new("setsid")
        .arg("-w")
        .arg(bin)
        .args(["clipboard-helper", "--clear-after", "1"])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().expect("stdin").write_all(b"8675309\n")?;
            child.wait_with_output()
        })
        .expect("run softpass");
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

/// `softpass code --copy` end to end: the copied value is the printed one, the RFC 4226
/// Appendix D codes for the RFC's secret ("12345678901234567890"), and with an OTP PIN the
/// combined value; the clear time comes from the settings file.
#[test]
fn code_copy_puts_the_printed_code_on_the_clipboard() {
    if !tools_or_skip(&["Xvfb", "xclip"]) {
        return;
    }
    let x = Xvfb::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let vault = dir.path().join("vault.json");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "clipboard_clear_secs = 2\n").expect("config");
    let softpass = |args: &[&str], stdin: &str| {
        Command::cargo_bin("softpass")
            .expect("binary")
            .args(["--vault", vault.to_str().expect("utf-8 path")])
            .args(["--config", config.to_str().expect("utf-8 path")])
            .args(args)
            .env("DISPLAY", &x.display)
            .env_remove("WAYLAND_DISPLAY")
            .write_stdin(stdin)
            .timeout(Duration::from_secs(60))
            .output()
            .expect("run softpass")
    };
    // RFC 4226 secret in base32.
    let uri = "otpauth://hotp/rfc?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0";
    let out = softpass(
        &[
            "--pin-stdin",
            "import",
            "--uri",
            uri,
            "--name",
            "rfc",
            "--kdf-memory-kib",
            "8",
            "--kdf-iterations",
            "1",
        ],
        "1234\n1234\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = softpass(&["--pin-stdin", "code", "rfc", "--copy"], "1234\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "755224\n");
    assert_eq!(x.clipboard().as_deref(), Some("755224"));
    assert!(
        wait_for(Duration::from_secs(15), || x.clipboard().is_none()),
        "not cleared after clipboard_clear_secs = 2"
    );

    let out = softpass(
        &["--pin-stdin", "code", "rfc", "--copy", "--otp-pin", "4711"],
        "1234\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(x.clipboard().as_deref(), Some("4711287082"));
}
