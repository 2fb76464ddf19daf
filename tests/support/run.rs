//! Running a command and asserting on its outcome the way docs/cli.md promises: exit codes, one
//! `softpass: ` error line, empty stdout on error, and no secret in any output.
use std::io::Write;
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Runs and returns the output whatever the exit code.
pub fn out(mut c: Command) -> Output {
    c.output().expect("spawn the command")
}

/// Runs, asserts the exit code, returns the output.
pub fn code(c: Command, want: i32) -> Output {
    let o = out(c);
    assert_eq!(
        o.status.code(),
        Some(want),
        "exit code; stdout: {}; stderr: {}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Runs, asserts exit 0, returns stdout.
pub fn ok(c: Command) -> String {
    String::from_utf8(code(c, 0).stdout).expect("utf-8 stdout")
}

/// Runs, asserts exit 0 and an empty stderr, returns stdout.
pub fn quiet(c: Command) -> String {
    let o = code(c, 0);
    assert_eq!(String::from_utf8_lossy(&o.stderr), "", "stderr on success");
    String::from_utf8(o.stdout).expect("utf-8 stdout")
}

/// The lines of a successful run.
pub fn lines(c: Command) -> Vec<String> {
    ok(c).lines().map(str::to_owned).collect()
}

pub fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not one JSON document ({e}): {s:?}"))
}

/// Asserts the error shape (exit `want`, nothing on stdout, with or without `--json`, one stderr
/// line starting `softpass: `) and that none of `secrets` appears anywhere. Returns that line.
pub fn fails(c: Command, want: i32, secrets: &[&str]) -> String {
    let o = code(c, want);
    let err = String::from_utf8(o.stderr).expect("utf-8 stderr");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.is_empty(),
        "stdout must be empty on error: {stdout:?}"
    );
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "error must be one line: {err:?}");
    assert!(lines[0].starts_with("softpass: "), "error prefix: {err:?}");
    for s in secrets {
        assert!(!err.contains(s), "secret {s:?} leaked in stderr: {err:?}");
    }
    lines[0].to_owned()
}

/// Runs `c` with `input` on stdin (the binary may exit before reading it: EPIPE is ignored);
/// kills it and fails if it has not finished within 60 s.
pub fn with_stdin(mut c: Command, input: &str) -> Output {
    c.stdin(Stdio::piped());
    let mut child = spawn_piped(&mut c);
    let mut w = child.stdin.take().expect("stdin");
    let _ = w.write_all(input.as_bytes());
    drop(w);
    finish_within(child, Duration::from_secs(60), &c)
}

/// Runs `c` (stdin as set on it); kills it and fails if it has not finished within `limit`, so
/// a command that hangs fails its test instead of stalling the run.
pub fn within(mut c: Command, limit: Duration) -> Output {
    let child = spawn_piped(&mut c);
    finish_within(child, limit, &c)
}

fn spawn_piped(c: &mut Command) -> Child {
    c.stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn")
}

/// Collects the output of `child`, killing it (and failing) once `limit` has passed. A watchdog
/// thread kills, so the output pipes are drained meanwhile however much is written.
fn finish_within(child: Child, limit: Duration, c: &Command) -> Output {
    let done = Arc::new(AtomicBool::new(false));
    let (flag, pid) = (Arc::clone(&done), child.id().to_string());
    let watchdog = std::thread::spawn(move || {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if flag.load(Ordering::SeqCst) {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = Command::new("kill").args(["-KILL", &pid]).status();
        true
    });
    let o = child.wait_with_output().expect("wait");
    done.store(true, Ordering::SeqCst);
    assert!(
        !watchdog.join().unwrap(),
        "not finished within {limit:?}: {c:?}"
    );
    o
}

/// `with_stdin`, asserting exit 0; returns stdout.
pub fn ok_with_stdin(c: Command, input: &str) -> String {
    let o = with_stdin(c, input);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("utf-8 stdout")
}

/// Splits a command line written as one string into its words (no quoting: for arguments
/// without spaces, which keeps long argument lists readable).
pub fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

/// The output of a command that prints `codes`, one a line.
pub fn one_a_line(codes: &[&str]) -> String {
    codes.iter().map(|c| format!("{c}\n")).collect()
}
