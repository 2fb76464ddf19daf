//! The binary (or a shell line) on a pseudo-terminal (util-linux `script`), for the prompts and
//! notes that only appear when there is a terminal: the transcript is what the user would see.
use std::io::{Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::sandbox::{BIN, Sandbox, sh_quote};

/// What the terminal has shown so far, filled by a reader thread.
struct Transcript {
    buf: Arc<Mutex<Vec<u8>>>,
    reader: JoinHandle<()>,
}

impl Transcript {
    fn follow(mut from: impl Read + Send + 'static) -> Self {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&buf);
        let reader = std::thread::spawn(move || {
            let mut chunk = [0u8; 512];
            while let Ok(n) = from.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                sink.lock().expect("lock").extend_from_slice(&chunk[..n]);
            }
        });
        Transcript { buf, reader }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.buf.lock().expect("lock")).into_owned()
    }

    /// Prompts shown so far: lines mentioning `marker` that end in ": ".
    fn prompts(&self, marker: &str) -> usize {
        self.text()
            .split('\n')
            .filter(|l| l.contains(marker) && l.trim_end_matches('\r').ends_with(": "))
            .count()
    }

    /// The exit code the shell line echoes as `RC=n`, once it is complete.
    fn exit_code(&self) -> Option<i32> {
        let t = self.text();
        let rest = t.rsplit_once("RC=")?.1;
        if !rest.contains('\n') {
            return None;
        }
        rest.trim().parse().ok()
    }
}

/// Polls `cond` every 20 ms; panics with the transcript after the deadline.
fn until(deadline: Instant, what: &str, t: &Transcript, cond: impl Fn(&Transcript) -> bool) {
    while !cond(t) {
        assert!(Instant::now() < deadline, "{what}: {:?}", t.text());
        std::thread::sleep(Duration::from_millis(20));
    }
}

impl Sandbox {
    /// `script` running the shell line `line; echo RC=$?` with the sandbox environment plus
    /// `env`.
    fn script(&self, line: &str, env: &[(&str, &str)]) -> Command {
        let line = format!("{line}; echo \"RC=$?\"");
        let mut s = Command::new("script");
        self.scrub(&mut s);
        s.args(["-qec", &line, "/dev/null"])
            .env("SHELL", "/bin/sh")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (k, v) in env {
            s.env(k, v);
        }
        s
    }

    /// Runs `softpass --vault V ARGS` on a pseudo-terminal, typing each of `answers` (+ Enter)
    /// when the next prompt mentioning "PIN" appears. Returns the transcript and the exit code.
    pub fn pty(&self, args: &[&str], env: &[(&str, &str)], answers: &[&str]) -> (String, i32) {
        self.pty_answering(args, env, "PIN", answers)
    }

    /// Like `pty`, answering the prompts that mention `marker` (e.g. "Activation key").
    pub fn pty_answering(
        &self,
        args: &[&str],
        env: &[(&str, &str)],
        marker: &str,
        answers: &[&str],
    ) -> (String, i32) {
        let mut line = format!(
            "{} --vault {}",
            sh_quote(BIN),
            sh_quote(self.vault().to_str().unwrap())
        );
        for a in args {
            line.push(' ');
            line.push_str(&sh_quote(a));
        }
        self.pty_line(&line, env, marker, answers)
    }

    /// Runs the shell line `line` on a pseudo-terminal, answering nothing: the transcript and the
    /// line's exit code.
    pub fn pty_shell(&self, line: &str, env: &[(&str, &str)]) -> (String, i32) {
        self.pty_line(line, env, "", &[])
    }

    fn pty_line(
        &self,
        line: &str,
        env: &[(&str, &str)],
        marker: &str,
        answers: &[&str],
    ) -> (String, i32) {
        let mut child: Child = self
            .script(line, env)
            .spawn()
            .expect("util-linux `script` must be installed");
        let mut stdin: ChildStdin = child.stdin.take().expect("stdin");
        let t = Transcript::follow(child.stdout.take().expect("stdout"));
        let deadline = Instant::now() + Duration::from_secs(30);
        for (i, a) in answers.iter().enumerate() {
            until(deadline, &format!("no prompt #{}", i + 1), &t, |t| {
                t.prompts(marker) > i
            });
            // Type like a person, a moment after the prompt shows: rpassword prints the prompt
            // and only then switches echo off, so input sent in between would be echoed by the
            // terminal (typeahead, not a softpass echo) and break the prompt count above.
            std::thread::sleep(Duration::from_millis(200));
            stdin.write_all(format!("{a}\r").as_bytes()).expect("type");
            stdin.flush().expect("flush");
        }
        until(deadline, "no exit", &t, |t| t.exit_code().is_some());
        drop(stdin);
        let _ = child.wait();
        let rc = t.exit_code().expect("exit code in transcript");
        let text = t.text();
        let _ = t.reader.join();
        (text, rc)
    }
}
