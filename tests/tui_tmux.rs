//! The real terminal: tmux runs the binary on a temp vault, `send-keys` types the PIN,
//! `capture-pane` shows the eToken, and it must equal `softpass calc` for that counter.
//! Skips (with a message) only when tmux is missing and `CI` is unset; fails under CI.
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_softpass");
// RFC 4226 Appendix D secret ("12345678901234567890"), starting at counter 5.
const SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const PIN: &str = "4089";

fn tmux_available() -> bool {
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
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(name: &str, command: &str) -> Self {
        let socket = format!("softpass-test-{}-{name}", std::process::id());
        let t = Tmux { socket };
        // set-clipboard on: the server must accept OSC 52 before the app starts.
        #[rustfmt::skip]
        let out = t.run(&[
            "-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "100", "-y", "32", command,
            ";", "set", "-g", "set-clipboard", "on",
        ]);
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        t
    }
    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux")
    }
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success());
    }
    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }
    /// Wait until the screen satisfies `want`; panics with the last screen after 20 s.
    fn wait_for(&self, what: &str, want: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if want(&s) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "timed out waiting for {what}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    fn alive(&self) -> bool {
        self.run(&["has-session", "-t", "t"]).status.success()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn softpass(vault: &Path, args: &[&str]) -> Output {
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
fn shown_code(screen: &str, counter: u64) -> Option<String> {
    let tail = format!(" · counter {counter}");
    screen.lines().find_map(|l| {
        let l = l.trim().trim_matches('│').trim();
        let rest = l.strip_prefix("eToken ")?.strip_suffix(&tail)?;
        rest.chars()
            .all(|c| c.is_ascii_digit())
            .then(|| rest.to_owned())
    })
}

fn calc(uri: &str, counter: u64) -> String {
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

fn shell_quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', r"'\''"))
}

/// A temp vault holding the RFC 4226 token `alice` at counter 5, and the TUI command line for it
/// (no desktop clipboard: copies go to tmux by OSC 52).
fn setup(extra_import_args: &[&str]) -> (tempfile::TempDir, PathBuf, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let vault: PathBuf = dir.path().join("vault.json");
    let uri = format!("otpauth://hotp/Test:alice?secret={SECRET}&counter=5");
    let mut args = vec![
        "import",
        "--uri",
        &uri,
        "--name",
        "alice",
        "--kdf-memory-kib",
        "64",
        "--kdf-iterations",
        "1",
    ];
    args.extend_from_slice(extra_import_args);
    let out = softpass(&vault, &args);
    assert!(
        out.status.success(),
        "import: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let command = format!(
        "env -u SOFTPASS_PIN -u DISPLAY -u WAYLAND_DISPLAY HOME={home} {bin} --vault {vault} --config {config}",
        home = shell_quote(dir.path()),
        bin = shell_quote(Path::new(BIN)),
        vault = shell_quote(&vault),
        config = shell_quote(&dir.path().join("config.toml")),
    );
    (dir, vault, uri, command)
}

#[test]
fn pin_enter_shows_the_etoken_calc_computes() {
    if !tmux_available() {
        return;
    }
    let (_dir, vault, uri, command) = setup(&[]);
    let tmux = Tmux::start("etoken", &command);
    tmux.wait_for("the token list", |s| {
        s.contains("alice") && s.contains("PIN needed")
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the PIN dialog", |s| {
        s.contains("Application PIN for 'alice'")
    });
    tmux.keys(&["-l", PIN]);
    let masked = tmux.wait_for("the masked PIN", |s| s.contains("[••••"));
    assert!(
        !masked.contains(PIN),
        "the PIN is never on screen:\n{masked}"
    );
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the eToken for counter 5", |s| shown_code(s, 5).is_some());
    assert_eq!(shown_code(&screen, 5).unwrap(), calc(&uri, 5));
    // RFC 4226 Appendix D, count 5: the outside vector, not only our own calc.
    assert_eq!(shown_code(&screen, 5).unwrap(), "254676");

    // Unlocked now: Enter gives the next counter without asking again.
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the eToken for counter 6", |s| shown_code(s, 6).is_some());
    assert_eq!(shown_code(&screen, 6).unwrap(), calc(&uri, 6));

    // `l` wipes the code from the screen; `q` quits and hands the terminal back.
    tmux.keys(&["l"]);
    tmux.wait_for("the lock", |s| {
        s.contains("Locked all tokens") && !s.contains("eToken 287922")
    });
    tmux.keys(&["q"]);
    let start = Instant::now();
    while tmux.alive() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!tmux.alive(), "q must quit");

    // Both counters were saved: the vault's next counter is 7.
    let out = softpass(&vault, &["--json", "list"]);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("list --json");
    assert_eq!(list["tokens"][0]["counter"], 7);
}

#[test]
fn c_copies_otp_pin_and_etoken_through_osc52() {
    if !tmux_available() {
        return;
    }
    let (_dir, _vault, uri, command) = setup(&["--otp-pin", "77"]);
    let tmux = Tmux::start("copy", &command);
    tmux.wait_for("the token list", |s| s.contains("alice"));
    tmux.keys(&["c"]);
    tmux.wait_for("the PIN dialog", |s| {
        s.contains("Application PIN for 'alice'")
    });
    tmux.keys(&["-l", PIN]);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the copy", |s| s.contains("Copied OTP PIN + eToken"));
    let code = shown_code(&screen, 5).expect("the copied eToken stays on screen");
    assert_eq!(code, calc(&uri, 5));
    assert!(
        !screen.contains(&format!("77{code}")),
        "the OTP PIN is never drawn"
    );
    let buffer = tmux.run(&["show-buffer"]);
    assert_eq!(String::from_utf8_lossy(&buffer.stdout), format!("77{code}"));
}
