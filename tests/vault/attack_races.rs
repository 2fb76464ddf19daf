//! Races between commands on one vault: a command resolves its token once (NAME, serial or the
//! only token) and acts on that token, whatever other commands rename meanwhile. The window is
//! held open deterministically: the command waits for its PIN on stdin (`--pin-stdin`), and the
//! test acts only once /proc shows it blocked in that read.
use std::io::Write;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

const URI_HOTP: &str =
    "otpauth://hotp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&counter=0";
const SECOND_B32: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// Blocks until `child` sits in read(0, ...): it has resolved its token and waits for the PIN.
fn wait_reading_stdin(child: &Child) {
    let path = format!("/proc/{}/syscall", child.id());
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let mut fields = text.split_whitespace();
        // "0 0x0 ...": syscall read (x86-64: 0; aarch64: 63) on fd 0.
        let nr = fields.next().unwrap_or("");
        if matches!(nr, "0" | "63") && fields.next() == Some("0x0") {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "never waited for its PIN: {text}"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Starts `args` with `--pin-stdin` (the binary itself, so /proc shows its own read), waits
/// until it asks for the PIN, runs `meanwhile`, then types the PIN; returns (exit code, stdout,
/// stderr).
fn with_window(sb: &Sandbox, args: &[&str], meanwhile: impl FnOnce()) -> (i32, String, String) {
    let mut all = vec!["--pin-stdin"];
    all.extend(args);
    let mut c = sb.direct_sp(&all);
    c.env("SOFTPASS_NEW_PIN", "8642")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    wait_reading_stdin(&child);
    meanwhile();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PIN}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn rename(sb: &Sandbox, from: &str, to: &str) {
    ok(sb.sp(&["rename", from, to]));
}

/// `a` (RFC 4226) and `c` (another TOTP secret): their serials.
fn two_tokens(sb: &Sandbox) -> (String, String) {
    sb.import_uri(URI_HOTP, &["--name", "a"]);
    sb.import_uri(
        &format!("otpauth://totp/c?secret={SECOND_B32}"),
        &["--name", "c"],
    );
    let serials = sb.serials();
    (serials[0].clone(), serials[1].clone())
}

fn names_by_serial(sb: &Sandbox) -> Vec<(String, String)> {
    let tokens = sb.list()["tokens"].as_array().unwrap().clone();
    tokens
        .iter()
        .map(|t| {
            (
                t["serial"].as_str().unwrap().to_owned(),
                t["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn remove_removes_the_token_it_resolved_although_two_renames_moved_its_name() {
    let sb = Sandbox::new();
    let (serial_a, serial_c) = two_tokens(&sb);
    let (code, _, err) = with_window(&sb, &["remove", "a", "--yes"], || {
        rename(&sb, "a", "b");
        rename(&sb, "c", "a");
    });
    assert_eq!(code, 0, "{err}");
    // The token first called a (now b) is gone; the other one, now called a, is kept.
    assert_eq!(names_by_serial(&sb), vec![(serial_c, "a".to_owned())]);
    assert!(!names_by_serial(&sb).iter().any(|(s, _)| *s == serial_a));
}

#[test]
fn a_serial_or_the_only_token_still_works_after_a_rename() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &["--name", "a"]);
    let serial = sb.serials()[0].clone();
    let (code, out, err) = with_window(&sb, &["code", &serial], || rename(&sb, "a", "z"));
    assert_eq!((code, out.trim()), (0, RFC4226[0]), "{err}");
    let (code, out, err) = with_window(&sb, &["code"], || rename(&sb, "z", "y"));
    assert_eq!((code, out.trim()), (0, RFC4226[1]), "{err}");
    let mut pin = vec!["pin"];
    pin.extend(KDF);
    let (code, _, err) = with_window(&sb, &pin, || rename(&sb, "y", "x"));
    assert_eq!(code, 0, "{err}");
    ok(sb.pin("8642", &["code", "x"]));
}

#[test]
fn a_token_removed_meanwhile_is_reported_and_nothing_else_is_touched() {
    let sb = Sandbox::new();
    let (serial_a, serial_c) = two_tokens(&sb);
    let (code, out, err) = with_window(&sb, &["code", "a"], || {
        ok(sb.pin(PIN, &["remove", "a", "--yes"]));
        rename(&sb, "c", "a");
    });
    assert_eq!(code, 7, "{err}");
    assert!(out.is_empty());
    assert!(err.contains(&serial_a) && err.contains("removed"), "{err}");
    // The token now called a was not used in its place.
    let t = sb.token(0);
    assert_eq!(
        (t["serial"].as_str(), t["failed_attempts"].as_u64()),
        (Some(serial_c.as_str()), Some(0))
    );
}
