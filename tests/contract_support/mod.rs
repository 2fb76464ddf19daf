//! Shared sandbox for the `contract_*` acceptance tests: each test drives the built binary
//! black-box in its own temp dir, with no controlling terminal, no clipboard and no real home.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use tempfile::TempDir;

/// Tiny key-derivation cost for newly sealed tokens (the contract allows tests to pass these).
pub const KDF: [&str; 4] = ["--kdf-memory-kib", "64", "--kdf-iterations", "1"];
/// Fast PBKDF2 for `issue` (a hidden speed option: issued files are only used inside tests).
pub const FAST_ISSUE: [&str; 2] = ["--pbkdf2-iterations", "1000"];

/// RFC 4226 Appendix D / RFC 6238 Appendix B SHA-1 secret "12345678901234567890".
pub const RFC_SHA1_B32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
pub const RFC_SHA1_HEX: &str = "3132333435363738393031323334353637383930";
/// RFC 4226 Appendix D, counters 0..=9.
pub const RFC4226: [&str; 10] = [
    "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
    "520489",
];

/// MobilePASS published vector code (mobilepass-algorithm.md §4).
pub const MP_CODE: &str = "QVKYC-FM6KO-SY6F7-TR22W";
/// Empty policy, counters 0..=11. 0 and 10 are the published vectors; the others were computed
/// with Python's hashlib/hmac from the algorithm text: key = SHA-256(855582b3ca963c59c75a ||
/// policy || 00000000), HOTP dynamic truncation over HMAC-SHA-256.
pub const MP_EMPTY: [&str; 12] = [
    "374844", "124927", "048405", "555522", "888255", "869881", "033086", "583054", "898317",
    "219544", "690483", "880233",
];

pub const PIN: &str = "1234";

pub struct Sb {
    pub dir: TempDir,
}

impl Sb {
    pub fn new() -> Self {
        Sb {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The default vault every `sp` call points `--vault` at (its folder does not exist yet).
    pub fn vault(&self) -> PathBuf {
        self.path("vault/vault.json")
    }

    /// The binary with a scrubbed environment: home, data and config dirs inside the sandbox,
    /// no SOFTPASS_* variables, no display, and no controlling terminal (run via `setsid -w`,
    /// so "no terminal to ask" is real even when the test runner has one).
    pub fn bare(&self) -> Command {
        let mut c = Command::new("setsid");
        c.arg("-w").arg(env!("CARGO_BIN_EXE_softpass"));
        c.current_dir(self.dir.path())
            .env("HOME", self.path("home"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .env("XDG_RUNTIME_DIR", self.path("run"))
            .env("SOFTPASS_CONFIG", self.path("config/none.toml"))
            .env_remove("SOFTPASS_VAULT")
            .env_remove("SOFTPASS_PIN")
            .env_remove("SOFTPASS_NEW_PIN")
            .env_remove("SOFTPASS_ACTIVATION_KEY")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("TMUX")
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::null());
        c
    }

    /// `softpass ARGS...` without `--vault` (for `issue`, `calc`, `man`, ...).
    pub fn novault(&self, args: &[&str]) -> Command {
        let mut c = self.bare();
        c.args(args);
        c
    }

    /// `softpass --vault <sandbox vault> ARGS...`
    pub fn sp(&self, args: &[&str]) -> Command {
        let mut c = self.bare();
        c.arg("--vault").arg(self.vault()).args(args);
        c
    }

    /// Like `sp`, with `SOFTPASS_PIN` set.
    pub fn pin(&self, pin: &str, args: &[&str]) -> Command {
        let mut c = self.sp(args);
        c.env("SOFTPASS_PIN", pin);
        c
    }

    /// Imports a URI with PIN 1234 (the source carries no PIN) and returns the import JSON.
    pub fn import_uri(&self, uri: &str, extra: &[&str]) -> Value {
        let mut args = vec!["--json", "import", "--uri", uri];
        args.extend_from_slice(&KDF);
        args.extend_from_slice(extra);
        json(&ok(self.pin(PIN, &args)))
    }

    pub fn list(&self) -> Value {
        json(&ok(self.sp(&["--json", "list"])))
    }

    pub fn read_vault(&self) -> Vec<u8> {
        std::fs::read(self.vault()).expect("vault exists")
    }
}

/// Runs and returns the output whatever the exit code.
pub fn out(mut c: Command) -> Output {
    c.output().expect("spawn softpass")
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

pub fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not one JSON document ({e}): {s:?}"))
}

/// Asserts the contract's error shape (exit `want`, one stderr line starting `softpass: `) and
/// that none of `secrets` appears in stdout or stderr. Returns the error line.
pub fn fails(c: Command, want: i32, secrets: &[&str]) -> String {
    let o = code(c, want);
    let err = String::from_utf8(o.stderr).expect("utf-8 stderr");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "error must be one line: {err:?}");
    assert!(lines[0].starts_with("softpass: "), "error prefix: {err:?}");
    let stdout = String::from_utf8_lossy(&o.stdout);
    for s in secrets {
        assert!(!err.contains(s), "secret {s:?} leaked in stderr: {err:?}");
        assert!(
            !stdout.contains(s),
            "secret {s:?} leaked in stdout: {stdout:?}"
        );
    }
    lines[0].to_owned()
}

/// Like `fails`, for a `--json` call: stdout must also be empty.
pub fn fails_json(c: Command, want: i32, secrets: &[&str]) -> String {
    let o = out(c);
    assert!(
        o.stdout.is_empty(),
        "stdout must be empty on error with --json: {:?}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(
        o.status.code(),
        Some(want),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let err = String::from_utf8(o.stderr).expect("utf-8 stderr");
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    assert!(err.starts_with("softpass: "), "prefix: {err:?}");
    for s in secrets {
        assert!(!err.contains(s), "secret {s:?} leaked: {err:?}");
    }
    err
}

/// Expected codes from oathtool (an independent implementation; installed by .ci/run).
pub fn oathtool(args: &[&str]) -> Vec<String> {
    let o = Command::new("oathtool")
        .args(args)
        .output()
        .expect("oathtool must be installed (apt-get install oathtool)");
    assert!(o.status.success(), "oathtool {args:?} failed");
    String::from_utf8(o.stdout)
        .expect("utf-8")
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The `secret` query parameter of an otpauth URI.
pub fn uri_secret(uri: &str) -> String {
    uri.split(['?', '&'])
        .find_map(|kv| kv.strip_prefix("secret="))
        .expect("secret parameter")
        .to_owned()
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/testdata")
        .join(name)
}

#[cfg(unix)]
pub fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777
}

/// Single-quotes `s` for `sh -c`.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

impl Sb {
    /// Runs `softpass --vault V ARGS` on a pseudo-terminal (util-linux `script`), typing each of
    /// `answers` (+ Enter) when the next prompt mentioning "PIN" appears. Returns the terminal
    /// transcript (what the user would see) and the exit code.
    pub fn pty(&self, args: &[&str], env: &[(&str, &str)], answers: &[&str]) -> (String, i32) {
        use std::io::{Read, Write};
        use std::sync::{Arc, Mutex};
        use std::time::{Duration, Instant};

        let mut line = sh_quote(env!("CARGO_BIN_EXE_softpass"));
        line.push_str(" --vault ");
        line.push_str(&sh_quote(self.vault().to_str().expect("utf-8 path")));
        for a in args {
            line.push(' ');
            line.push_str(&sh_quote(a));
        }
        line.push_str("; echo \"RC=$?\"");
        let c = self.bare();
        // Replace `setsid -w softpass` by `script`, keeping the scrubbed environment.
        let mut s = Command::new("script");
        s.args(["-qec", &line, "/dev/null"])
            .current_dir(self.dir.path())
            .env("SHELL", "/bin/sh")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (k, v) in c.get_envs() {
            match v {
                Some(v) => s.env(k, v),
                None => s.env_remove(k),
            };
        }
        for (k, v) in env {
            s.env(k, v);
        }
        let mut child = s.spawn().expect("util-linux `script` must be installed");
        let mut stdin = child.stdin.take().expect("stdin");
        let mut stdout = child.stdout.take().expect("stdout");
        let buf = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&buf);
        let reader = std::thread::spawn(move || {
            let mut chunk = [0u8; 512];
            while let Ok(n) = stdout.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                sink.lock().expect("lock").extend_from_slice(&chunk[..n]);
            }
        });
        let text = |b: &Arc<Mutex<Vec<u8>>>| {
            String::from_utf8_lossy(&b.lock().expect("lock")).into_owned()
        };
        let prompts = |t: &str| {
            t.split('\n')
                .filter(|l| l.contains("PIN") && l.trim_end_matches('\r').ends_with(": "))
                .count()
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        for (i, a) in answers.iter().enumerate() {
            while prompts(&text(&buf)) <= i {
                assert!(
                    Instant::now() < deadline,
                    "no prompt #{}: {:?}",
                    i + 1,
                    text(&buf)
                );
                std::thread::sleep(Duration::from_millis(20));
            }
            // Type like a person, a moment after the prompt shows: rpassword prints the prompt
            // and only then switches echo off, so input sent in between would be echoed by the
            // terminal (typeahead, not a softpass echo) and break the prompt count above.
            std::thread::sleep(Duration::from_millis(200));
            stdin.write_all(format!("{a}\r").as_bytes()).expect("type");
            stdin.flush().expect("flush");
        }
        let exited =
            |t: &str| t.contains("RC=") && t.rsplit("RC=").next().is_some_and(|r| r.contains('\n'));
        while !exited(&text(&buf)) {
            assert!(Instant::now() < deadline, "no exit: {:?}", text(&buf));
            std::thread::sleep(Duration::from_millis(20));
        }
        drop(stdin);
        let _ = child.wait();
        let _ = reader.join();
        let t = text(&buf);
        let rc = t
            .rsplit("RC=")
            .next()
            .and_then(|r| r.trim().parse().ok())
            .expect("exit code in transcript");
        (t, rc)
    }
}
