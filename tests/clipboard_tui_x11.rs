//! The terminal UI's `c` with a desktop clipboard: tmux runs `softpass` against a private Xvfb;
//! after `c` + PIN, `xclip -o -selection clipboard` returns OTP PIN + eToken (RFC 4226 codes);
//! after `clipboard_clear_secs` it no longer does; a value copied meanwhile is left alone; `q`
//! clears our value. Needs Xvfb, xclip and tmux (skipped locally when missing, fails under CI).
mod clipboard_support;

use clipboard_support::{Xvfb, tools_or_skip, wait_for};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_softpass");
const PIN: &str = "4089";
const OTP_PIN: &str = "77";
/// RFC 4226 Appendix D: HOTP-SHA1 of "12345678901234567890" for counters 0 to 9.
const RFC4226: [&str; 10] = [
    "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
    "520489",
];

/// A private tmux server running one command in session `t`, killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .env_remove("TMUX")
            .stdin(Stdio::null())
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
    fn alive(&self) -> bool {
        self.run(&["has-session", "-t", "t"]).status.success()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', r"'\''"))
}

/// The counter of the eToken line on screen (`eToken 254676 · counter 5`).
fn shown_counter(screen: &str) -> Option<usize> {
    screen.lines().find_map(|l| {
        let l = l.trim().trim_matches('│').trim();
        let rest = l.strip_prefix("eToken ")?;
        let (_, counter) = rest.split_once(" · counter ")?;
        counter.trim().parse().ok()
    })
}

/// Waits until the clipboard holds OTP PIN + the RFC 4226 code of the counter on screen.
fn wait_copied(tmux: &Tmux, x: &Xvfb) -> String {
    let mut last = (String::new(), None);
    let ok = wait_for(Duration::from_secs(20), || {
        let screen = tmux.screen();
        let clip = x.clipboard();
        let want = shown_counter(&screen)
            .and_then(|c| RFC4226.get(c))
            .map(|code| format!("{OTP_PIN}{code}"));
        let done = want.is_some() && clip == want;
        last = (screen, clip);
        done
    });
    assert!(ok, "clipboard {:?}; screen:\n{}", last.1, last.0);
    last.1.unwrap_or_default()
}

#[test]
fn c_in_the_tui_copies_to_the_x11_clipboard_and_clears_only_its_own_value() {
    if !tools_or_skip(&["Xvfb", "xclip", "tmux"]) {
        return;
    }
    let x = Xvfb::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let vault = dir.path().join("vault.json");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "clipboard_clear_secs = 2\n").expect("config");
    let uri = "otpauth://hotp/rfc?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=5";
    let out = Command::new(BIN)
        .args(["--vault", &vault.to_string_lossy(), "import", "--uri", uri])
        .args(["--name", "rfc", "--otp-pin", OTP_PIN])
        .args(["--kdf-memory-kib", "64", "--kdf-iterations", "1"])
        .env("SOFTPASS_PIN", PIN)
        .env_remove("SOFTPASS_NEW_PIN")
        .output()
        .expect("import");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let command = format!(
        "env -u SOFTPASS_PIN -u WAYLAND_DISPLAY DISPLAY={} HOME={} {} --vault {} --config {}",
        x.display,
        quote(dir.path()),
        quote(Path::new(BIN)),
        quote(&vault),
        quote(&config)
    );
    let tmux = Tmux {
        socket: format!("softpass-clip-tui-{}", std::process::id()),
    };
    #[rustfmt::skip]
    let started = tmux.run(&[
        "new-session", "-d", "-s", "t", "-x", "100", "-y", "32", &command,
    ]);
    assert!(started.status.success());
    assert!(wait_for(Duration::from_secs(20), || tmux
        .screen()
        .contains("rfc")));

    // `c` asks for the PIN, then copies OTP PIN + eToken to CLIPBOARD.
    tmux.keys(&["c"]);
    assert!(wait_for(Duration::from_secs(20), || tmux
        .screen()
        .contains("Application PIN")));
    tmux.keys(&["-l", PIN]);
    tmux.keys(&["Enter"]);
    let copied = wait_copied(&tmux, &x);
    assert!(!tmux.screen().contains(&copied), "OTP PIN + eToken drawn");

    // Cleared after clipboard_clear_secs = 2.
    assert!(
        wait_for(Duration::from_secs(15), || x.clipboard().is_none()),
        "not cleared after 2 s"
    );

    // Copied again, then someone else copies: theirs survives our clear time.
    tmux.keys(&["c"]);
    wait_copied(&tmux, &x);
    let due = Instant::now() + Duration::from_secs(2);
    x.copy_other("not softpass");
    std::thread::sleep(due.saturating_duration_since(Instant::now()) + Duration::from_millis(1500));
    assert_eq!(x.clipboard().as_deref(), Some("not softpass"));

    // Quitting clears our value.
    tmux.keys(&["c"]);
    wait_copied(&tmux, &x);
    tmux.keys(&["q"]);
    assert!(
        wait_for(Duration::from_secs(10), || !tmux.alive()),
        "q must quit"
    );
    assert!(
        wait_for(Duration::from_secs(10), || x.clipboard().is_none()),
        "quitting left our value on the clipboard"
    );
}
