//! Shared by the clipboard tests: tool check (skip locally, fail under CI), a private Xvfb,
//! xclip helpers and polling. Not every test file uses every item.
#![allow(dead_code)]
use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

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

/// A private X server, killed on drop.
pub struct Xvfb {
    child: Child,
    pub display: String,
}

/// Display numbers tried by this process so far (spreads parallel tests apart).
static TRIED: AtomicU32 = AtomicU32::new(0);

impl Xvfb {
    /// Starts Xvfb on a free display `:N`. An explicit display makes Xvfb take the lock file
    /// `/tmp/.XN-lock` atomically, so parallel tests (and other programs) never share one;
    /// `-displayfd` alone was seen handing two simultaneous servers the same number.
    pub fn start() -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let base = 200 + (std::process::id().wrapping_mul(131) ^ (nanos / 1000)) % 20_000;
        for _ in 0..50 {
            let n = base + TRIED.fetch_add(1, Ordering::SeqCst) * 7;
            if std::path::Path::new(&format!("/tmp/.X{n}-lock")).exists() {
                continue;
            }
            if let Some(xvfb) = Self::try_display(n) {
                return xvfb;
            }
        }
        panic!("no free X display for Xvfb after 50 tries");
    }

    /// `None` if Xvfb exits (display taken); ready once it has written its lock file (our pid)
    /// and created its socket.
    fn try_display(n: u32) -> Option<Self> {
        let child = Command::new("Xvfb")
            .args([
                &format!(":{n}"),
                "-nolisten",
                "tcp",
                "-screen",
                "0",
                "640x480x24",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb");
        let mut xvfb = Self {
            display: format!(":{n}"),
            child,
        };
        let pid = xvfb.child.id().to_string();
        let lock = format!("/tmp/.X{n}-lock");
        let socket = format!("/tmp/.X11-unix/X{n}");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if xvfb.child.try_wait().ok().flatten().is_some() {
                return None;
            }
            let locked = std::fs::read_to_string(&lock).is_ok_and(|s| s.trim() == pid);
            if locked && std::path::Path::new(&socket).exists() {
                return Some(xvfb);
            }
            assert!(Instant::now() < deadline, "Xvfb :{n} not ready within 20 s");
            std::thread::sleep(Duration::from_millis(20));
        }
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
    /// SIGTERM first so Xvfb removes its lock file and socket; SIGKILL if it lingers.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if self.child.try_wait().ok().flatten().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
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
