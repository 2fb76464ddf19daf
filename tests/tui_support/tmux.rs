//! Driving the real binary in a private tmux server: start, send keys, read the screen.
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_softpass");
// RFC 4226 Appendix D secret ("12345678901234567890"), starting at counter 5.
pub const SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
pub const PIN: &str = "4089";

pub fn tmux_available() -> bool {
    let found = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is required under CI (apt-get install -y tmux)"
        );
        eprintln!("SKIPPED: tmux is not installed (set CI=1 to make this a failure)");
    }
    found
}

/// One private tmux server (its own socket, no user config), killed on drop.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    pub fn start(name: &str, command: &str) -> Self {
        let socket = format!("softpass-test-{}-{name}", std::process::id());
        let t = Tmux { socket };
        // set-clipboard on: the server must accept OSC 52 before the app starts.
        #[rustfmt::skip]
        let out = t.run(&[
            "-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "100", "-y", "32", command,
            ";", "set", "-g", "set-clipboard", "on",
            // Keep the server (and its paste buffers) after the app quits.
            ";", "set", "-s", "exit-empty", "off",
        ]);
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        t
    }
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux")
    }
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success());
    }
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }
    /// Wait until the screen satisfies `want`; panics with the last screen after 90 s (generous:
    /// unoptimised key derivations on a loaded CI machine).
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
    /// Wait (up to 30 s) for the app to exit; true when it did.
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
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

pub fn softpass(vault: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--vault")
        .arg(vault)
        .args(args)
        .env("SOFTPASS_PIN", PIN)
        .env_remove("SOFTPASS_NEW_PIN")
        .output()
        .expect("run softpass")
}

/// The eToken in the plain-digits line of the code view (`eToken 123456 · counter 5`).
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

pub fn calc(uri: &str, counter: u64) -> String {
    let out = Command::new(BIN)
        .args(["calc", "--uri", uri, "--counter", &counter.to_string()])
        .output()
        .expect("run softpass calc");
    assert!(
        out.status.success(),
        "calc: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

pub fn shell_quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', r"'\''"))
}

/// A temp vault holding the RFC 4226 token `alice` at counter 5, a settings file, and the TUI
/// command line for them. Without `display` there is no desktop clipboard: copies go to tmux
/// by OSC 52.
pub struct Setup {
    pub dir: tempfile::TempDir,
    pub vault: PathBuf,
    pub uri: String,
    pub command: String,
}

pub fn setup(extra_import_args: &[&str], config: &str, display: Option<&str>) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let vault: PathBuf = dir.path().join("vault.json");
    let uri = format!("otpauth://hotp/Test:alice?secret={SECRET}&counter=5");
    #[rustfmt::skip]
    let mut args = vec![
        "import", "--uri", &uri, "--name", "alice", "--kdf-memory-kib", "64", "--kdf-iterations", "1",
    ];
    args.extend_from_slice(extra_import_args);
    let out = softpass(&vault, &args);
    assert!(
        out.status.success(),
        "import: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let config_path = dir.path().join("config.toml");
    std::fs::write(&config_path, config).unwrap();
    let display = match display {
        Some(d) => format!("DISPLAY={d}"),
        None => "-u DISPLAY".into(),
    };
    let command = format!(
        "env -u SOFTPASS_PIN -u WAYLAND_DISPLAY {display} HOME={home} {bin} --vault {vault} --config {config}",
        home = shell_quote(dir.path()),
        bin = shell_quote(Path::new(BIN)),
        vault = shell_quote(&vault),
        config = shell_quote(&config_path),
    );
    Setup {
        dir,
        vault,
        uri,
        command,
    }
}
