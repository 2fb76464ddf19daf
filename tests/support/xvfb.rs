//! A private X server (Xvfb) per test, and the CLIPBOARD selection read and written with xclip,
//! so clipboard tests never touch the user's desktop.
use std::io::Write;
use std::ops::Deref;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::{require, wait_for};

/// A private X server for a clipboard test, or `None` (the test skips) when Xvfb or xclip is
/// missing outside CI.
pub fn private_display() -> Option<Xvfb> {
    require(&["Xvfb", "xclip"]).then(Xvfb::start)
}

/// The CLIPBOARD selection of one display, through xclip.
pub struct XClip {
    pub display: String,
}

impl XClip {
    /// The display this process was started with (a child test run by a parent that owns the
    /// server).
    pub fn from_env() -> Self {
        let display = std::env::var("DISPLAY").expect("DISPLAY set by the parent test");
        XClip { display }
    }

    fn xclip(&self, args: &[&str]) -> Command {
        let mut c = Command::new("xclip");
        c.args(args)
            .env("DISPLAY", &self.display)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    }

    /// `xclip -o -selection clipboard`: `None` when the selection is empty.
    pub fn clipboard(&self) -> Option<String> {
        let mut child = self
            .xclip(&["-o", "-selection", "clipboard"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
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

    /// The targets (formats) the current owner offers.
    pub fn targets(&self) -> String {
        let o = self
            .xclip(&["-o", "-selection", "clipboard", "-t", "TARGETS"])
            .stdout(Stdio::piped())
            .output()
            .expect("xclip TARGETS");
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    /// Another program copies `text` (xclip keeps serving it in the background).
    pub fn copy_other(&self, text: &str) {
        let mut child = self
            .xclip(&["-selection", "clipboard"])
            .stdin(Stdio::piped())
            .spawn()
            .expect("run xclip");
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(text.as_bytes()).expect("feed xclip");
        drop(stdin);
        assert!(child.wait().expect("xclip").success());
        assert!(
            wait_for(Duration::from_secs(10), || self.clipboard().as_deref()
                == Some(text)),
            "xclip did not take the clipboard"
        );
    }

    /// Waits (10 s) until the clipboard holds `want`; false if it never did.
    pub fn wait_holds(&self, want: Option<&str>) -> bool {
        wait_for(Duration::from_secs(10), || {
            self.clipboard().as_deref() == want
        })
    }
}

/// A private X server, killed on drop; derefs to its clipboard.
pub struct Xvfb {
    child: Child,
    clip: XClip,
}

impl Deref for Xvfb {
    type Target = XClip;
    fn deref(&self) -> &XClip {
        &self.clip
    }
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
            child,
            clip: XClip {
                display: format!(":{n}"),
            },
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
