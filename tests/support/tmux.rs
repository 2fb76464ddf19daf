//! The tmux driver for real-terminal tests: a private server per test (own socket, no user
//! config, the sandbox environment) running the binary; send keys, read the screen and the
//! paste buffers.
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use super::sandbox::{BIN, Sandbox, sh_quote};

/// Servers started by this process (each test gets its own socket).
static STARTED: AtomicU32 = AtomicU32::new(0);

/// One private tmux server with session `t`, killed on drop.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// Starts a server whose first window runs `command` (a shell line) in a 100x32 terminal,
    /// with the sandbox environment: panes see no display, no PIN and no real home.
    pub fn start(sb: &Sandbox, command: &str) -> Self {
        let n = STARTED.fetch_add(1, Ordering::SeqCst);
        let t = Tmux {
            socket: format!("softpass-test-{}-{n}", std::process::id()),
        };
        let mut c = t.command();
        sb.scrub(&mut c);
        // set-clipboard on: the server must accept OSC 52 before the app copies; exit-empty off
        // keeps the server (and its paste buffers) after the app quits.
        #[rustfmt::skip]
        c.args([
            "new-session", "-d", "-s", "t", "-x", "100", "-y", "32", command,
            ";", "set", "-g", "set-clipboard", "on",
            ";", "set", "-s", "exit-empty", "off",
        ]);
        let out = c.output().expect("run tmux");
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        t
    }

    /// The TUI on the sandbox vault (`display`: the X server to copy to; none: OSC 52 only).
    pub fn tui(sb: &Sandbox, display: Option<&str>) -> Self {
        let vault = sb.vault();
        Self::start(
            sb,
            &shell_line(display, &["--vault", vault.to_str().unwrap()]),
        )
    }

    fn command(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket, "-f", "/dev/null"])
            .env_remove("TMUX")
            .stdin(Stdio::null());
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().expect("run tmux")
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success(), "send-keys {keys:?}");
    }

    /// Types `text` literally.
    pub fn type_text(&self, text: &str) {
        self.keys(&["-l", text]);
    }

    /// Types `fields` into a dialog, a Tab between each two ("" leaves a field as it is), then
    /// Enter.
    pub fn fill(&self, fields: &[&str]) {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.keys(&["Tab"]);
            }
            if !f.is_empty() {
                self.type_text(f);
            }
        }
        self.keys(&["Enter"]);
    }

    /// The visible screen of window 0 ("" once the app has gone).
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t:0"]).stdout).into_owned()
    }

    /// Waits until the screen satisfies `want`; panics with the last screen after 90 s
    /// (generous: unoptimised key derivations on a loaded CI machine).
    pub fn wait_for(&self, what: &str, want: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if want(&s) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(90),
                "timed out waiting for {what}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn wait_text(&self, text: &str) -> String {
        self.wait_for(text, |s| s.contains(text))
    }

    pub fn wait_gone(&self, text: &str) -> String {
        self.wait_for(&format!("{text} to go"), |s| !s.contains(text))
    }

    /// Waits (up to 30 s) for the app in window 0 to exit; true when it did.
    pub fn wait_exit(&self) -> bool {
        let start = Instant::now();
        while self.alive() && start.elapsed() < Duration::from_secs(30) {
            std::thread::sleep(Duration::from_millis(50));
        }
        !self.alive()
    }

    pub fn alive(&self) -> bool {
        self.run(&["has-session", "-t", "t"]).status.success()
    }

    /// Runs a shell line in a new background window of the same server.
    pub fn new_window(&self, command: &str) {
        assert!(self.run(&["new-window", "-d", command]).status.success());
    }

    /// Runs the shell line `line` in a new window, its output and then its exit code (`rc=N`)
    /// into the file `out`; returns that file's text once the line has finished (30 s).
    pub fn shell(&self, line: &str, out: &Path) -> String {
        let o = sh_quote(out.to_str().expect("utf-8 path"));
        let script = format!("{line} >{o} 2>&1; echo rc=$? >>{o}");
        self.new_window(&format!("sh -c {}", sh_quote(&script)));
        wait_rc(out, Duration::from_secs(30))
    }

    /// The newest paste buffer, `None` when there is none (a dead server is a failure).
    pub fn buffer(&self) -> Option<String> {
        let shown = self.run(&["show-buffer"]);
        if shown.status.success() {
            return Some(String::from_utf8_lossy(&shown.stdout).into_owned());
        }
        let err = String::from_utf8_lossy(&shown.stderr);
        assert!(err.contains("no buffers"), "tmux show-buffer: {err}");
        None
    }

    /// Every paste buffer, newest first.
    pub fn buffers(&self) -> Vec<String> {
        let names = self.run(&["list-buffers", "-F", "#{buffer_name}"]);
        String::from_utf8_lossy(&names.stdout)
            .lines()
            .map(|n| {
                let out = self.run(&["show-buffer", "-b", n]);
                String::from_utf8_lossy(&out.stdout).into_owned()
            })
            .collect()
    }
}

/// Waits (up to `limit`) until the file `path` holds a finished `rc=` line (written last by a
/// shell line run in a pane); returns the file's text.
pub fn wait_rc(path: &Path, limit: Duration) -> String {
    let start = Instant::now();
    loop {
        if let Ok(s) = std::fs::read_to_string(path)
            && s.rsplit_once("rc=")
                .is_some_and(|(_, rest)| rest.contains('\n'))
        {
            return s;
        }
        assert!(start.elapsed() < limit, "{path:?} never finished");
        std::thread::sleep(Duration::from_millis(50));
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self
            .command()
            .arg("kill-server")
            .stderr(Stdio::null())
            .status();
    }
}

/// The shell line that runs `softpass ARGS`, with `DISPLAY` when given.
pub fn shell_line(display: Option<&str>, args: &[&str]) -> String {
    let mut line = match display {
        Some(d) => format!("env DISPLAY={d} "),
        None => String::new(),
    };
    line.push_str(&sh_quote(BIN));
    for a in args {
        line.push(' ');
        line.push_str(&sh_quote(a));
    }
    line
}

/// The eToken of the plain-digits line of the code view (`eToken 123456 · counter 5`).
pub fn shown_code(screen: &str, counter: u64) -> Option<String> {
    let tail = format!(" · counter {counter}");
    screen.lines().find_map(|l| {
        let l = l.trim().trim_matches('│').trim();
        let rest = l.strip_prefix("eToken ")?.strip_suffix(&tail)?;
        rest.chars()
            .all(|c| c.is_ascii_digit())
            .then(|| rest.to_owned())
    })
}

/// The counter of the eToken line on screen.
pub fn shown_counter(screen: &str) -> Option<u64> {
    screen.lines().find_map(|l| {
        let l = l.trim().trim_matches('│').trim();
        let rest = l.strip_prefix("eToken ")?;
        let (_, counter) = rest.split_once(" · counter ")?;
        counter.trim().parse().ok()
    })
}

/// The token most TUI tests start from: the RFC 4226 secret at counter 5, named `alice`.
pub const ALICE_URI: &str =
    "otpauth://hotp/Test:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=5";

/// Imports [`ALICE_URI`] as `alice` with the sandbox PIN (and `extra` options).
pub fn import_alice(sb: &Sandbox, extra: &[&str]) {
    let mut args = vec!["--name", "alice"];
    args.extend_from_slice(extra);
    sb.import_uri(ALICE_URI, &args);
}

/// The TUI (with `display`, if any) on a sandbox vault holding [`ALICE_URI`] imported with
/// `extra`, with settings `config` (empty: defaults), once its list shows `alice`.
pub fn alice_tui(extra: &[&str], config: &str, display: Option<&str>) -> (Sandbox, Tmux) {
    let sb = Sandbox::new();
    import_alice(&sb, extra);
    if !config.is_empty() {
        sb.write_config(config);
    }
    let tmux = Tmux::tui(&sb, display);
    tmux.wait_for("the token list", |s| s.contains("alice"));
    (sb, tmux)
}

/// `softpass calc --uri URI --counter N`: the code the TUI must show for that counter.
pub fn calc_at(uri: &str, counter: u64) -> String {
    let out = super::sandbox::calc(&["--uri", uri, "--counter", &counter.to_string()]);
    out.trim().to_owned()
}
