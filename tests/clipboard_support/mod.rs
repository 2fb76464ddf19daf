//! Shared by the clipboard tests: tool check (skip locally, fail under CI), a private Xvfb,
//! xclip helpers and polling. Not every test file uses every item.
#![allow(dead_code)]
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Tools a test needs; `true` when present, else skip (or fail under CI).
pub fn tools_or_skip(tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools
        .iter()
        .copied()
        .filter(|t| {
            !Command::new("sh")
                .args(["-c", &format!("command -v {t}")])
                .stdout(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but {missing:?} is missing: apt-get install -y xvfb xclip tmux"
    );
    eprintln!("SKIPPED: {missing:?} not installed (apt-get install -y xvfb xclip tmux)");
    false
}

/// A private X server on a free display (Xvfb picks it: -displayfd), killed on drop.
pub struct Xvfb {
    child: Child,
    pub display: String,
}

impl Xvfb {
    pub fn start() -> Self {
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-nolisten",
                "tcp",
                "-screen",
                "0",
                "640x480x24",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb");
        let stdout = child.stdout.take().expect("Xvfb stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx.recv_timeout(Duration::from_secs(20));
        let mut xvfb = Self {
            child,
            display: String::new(),
        };
        match line {
            Ok(n) if !n.trim().is_empty() => xvfb.display = format!(":{}", n.trim()),
            _ => panic!("Xvfb did not report a display within 20 s"),
        }
        xvfb
    }

    /// `xclip -o -selection clipboard`: `None` when the selection is empty.
    pub fn clipboard(&self) -> Option<String> {
        let mut child = Command::new("xclip")
            .args(["-o", "-selection", "clipboard"])
            .env("DISPLAY", &self.display)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("run xclip -o");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = child.try_wait().expect("xclip -o") {
                let mut out = String::new();
                std::io::Read::read_to_string(&mut child.stdout.take().expect("out"), &mut out)
                    .expect("xclip output");
                return status.success().then_some(out);
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("xclip -o hung");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Another program copies `text` (xclip keeps serving it in the background).
    pub fn copy_other(&self, text: &str) {
        let mut child = Command::new("xclip")
            .args(["-selection", "clipboard"])
            .env("DISPLAY", &self.display)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("run xclip");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("feed xclip");
        assert!(child.wait().expect("xclip").success());
        assert!(
            wait_for(Duration::from_secs(10), || self.clipboard().as_deref()
                == Some(text)),
            "xclip did not take the clipboard"
        );
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `cond` every 50 ms until it holds or `timeout` passes.
pub fn wait_for(timeout: Duration, mut cond: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if cond() {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
