//! Contract acceptance: the TUI keys of cli-contract.md pressed through tmux (Enter + PIN,
//! j/k, l, r, d, /, ?, Esc, q), results checked on screen and through the CLI.
mod contract_support;

use std::process::Command;
use std::time::{Duration, Instant};

use contract_support::*;

const ALICE: &str = "otpauth://hotp/alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0";
/// 32-byte secret "12345678901234567890123456789012", HMAC-SHA-1; codes from oathtool.
const BOB: &str =
    "otpauth://hotp/bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&counter=5";
const BOB_HEX: &str = "3132333435363738393031323334353637383930313233343536373839303132";

/// A private tmux server running the TUI on the sandbox vault; killed on drop.
struct Tui {
    sock: String,
}

impl Tui {
    fn start(sb: &Sb) -> Option<Self> {
        let vault = format!("--vault '{}'", sb.vault().display());
        let t = Self::run(sb, &vault)?;
        t.wait_for("alice");
        Some(t)
    }

    /// `softpass ARGS` (ARGS already shell-quoted) in a new tmux server.
    fn run(sb: &Sb, args: &str) -> Option<Self> {
        if Command::new("tmux").arg("-V").output().is_err() {
            assert!(std::env::var_os("CI").is_none(), "tmux missing under CI");
            eprintln!("SKIPPED: tmux not installed");
            return None;
        }
        let sock = format!(
            "contract-{}-{}",
            std::process::id(),
            sb.dir.path().display()
        )
        .replace(['/', '.'], "-");
        let cmd = format!("'{}' {args}; sleep 5", env!("CARGO_BIN_EXE_softpass"));
        let st = Command::new("tmux")
            .args([
                "-L",
                &sock,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "100",
                "-y",
                "30",
            ])
            .arg(&cmd)
            .env("HOME", sb.path("home"))
            .env("XDG_CONFIG_HOME", sb.path("config"))
            .env("XDG_DATA_HOME", sb.path("data"))
            .env("SOFTPASS_CONFIG", sb.path("config/none.toml"))
            .env_remove("SOFTPASS_PIN")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("TMUX")
            .status()
            .expect("tmux");
        assert!(st.success());
        Some(Tui { sock })
    }

    fn keys(&self, keys: &[&str]) {
        let st = Command::new("tmux")
            .args(["-L", &self.sock, "send-keys"])
            .args(keys)
            .status()
            .expect("send-keys");
        assert!(st.success());
    }

    fn screen(&self) -> String {
        let o = Command::new("tmux")
            .args(["-L", &self.sock, "capture-pane", "-p"])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    fn wait(&self, what: &str, cond: impl Fn(&str) -> bool) -> String {
        // Generous: the demo seals its vault at full KDF cost, slow in debug builds on CI.
        let deadline = Instant::now() + Duration::from_secs(90);
        loop {
            let s = self.screen();
            if cond(&s) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "waiting for {what}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_for(&self, text: &str) -> String {
        self.wait(text, |s| s.contains(text))
    }

    fn wait_gone(&self, text: &str) -> String {
        self.wait(&format!("{text} to go"), |s| !s.contains(text))
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.sock, "kill-server"])
            .stderr(std::process::Stdio::null())
            .status();
    }
}

fn two_tokens() -> Sb {
    let sb = Sb::new();
    sb.import_uri(ALICE, &[]);
    sb.import_uri(BOB, &[]);
    sb
}

#[test]
fn enter_asks_the_pin_then_shows_the_etoken_and_l_locks_all() {
    let sb = two_tokens();
    let Some(t) = Tui::start(&sb) else { return };
    t.keys(&["Enter"]);
    t.wait_for("PIN");
    t.keys(&["1234", "Enter"]);
    t.wait_for(RFC4226[0]);
    // Unlocked in this session: the next Enter needs no PIN.
    t.keys(&["Enter"]);
    t.wait_for(RFC4226[1]);
    // j selects bob (counter 5); k goes back to alice.
    t.keys(&["j", "Enter"]);
    t.wait_for("PIN");
    t.keys(&["1234", "Enter"]);
    let bob5 = oathtool(&["--hotp", "-c", "5", BOB_HEX]);
    t.wait_for(&bob5[0]);
    t.keys(&["k", "Enter"]);
    t.wait_for(RFC4226[2]);
    // l locks all and wipes the code from the screen; Enter asks the PIN again.
    t.keys(&["l"]);
    t.wait_gone(RFC4226[2]);
    t.keys(&["Enter"]);
    t.wait_for("PIN");
    t.keys(&["Escape"]);
    // The counters the TUI used were saved.
    let l = sb.list();
    assert_eq!(l["tokens"][0]["counter"], 3);
    assert_eq!(l["tokens"][1]["counter"], 6);
    t.keys(&["q"]);
    t.wait_gone("alice");
}

#[test]
fn r_renames_d_deletes_slash_filters_question_mark_helps() {
    let sb = two_tokens();
    let Some(t) = Tui::start(&sb) else { return };
    // ? shows help, Esc closes it.
    t.keys(&["?"]);
    t.wait_for("rename");
    t.keys(&["Escape"]);
    t.wait_gone("rename");
    // / filters by name.
    t.keys(&["/", "b", "o"]);
    t.wait("only bob listed", |s| {
        s.contains("bob") && !s.contains("alice")
    });
    t.keys(&["Escape"]);
    t.wait_for("alice");
    // r renames the selected token (alice).
    t.keys(&["r"]);
    t.wait_for("New name");
    t.keys(&["C-u"]);
    for _ in 0..8 {
        t.keys(&["BSpace"]);
    }
    t.keys(&["carol", "Enter"]);
    // "carol" is on screen as soon as it is typed; the rename is done when the dialog is gone.
    t.wait("rename saved", |s| {
        s.contains("carol") && !s.contains("New name")
    });
    assert_eq!(sb.list()["tokens"][0]["name"], "carol");
    // d deletes after confirmation and the PIN.
    t.keys(&["d"]);
    t.wait_for("Delete");
    t.keys(&["Enter"]);
    t.wait_for("PIN");
    t.keys(&["1234", "Enter"]);
    t.wait_gone("carol");
    let l = sb.list();
    assert_eq!(l["tokens"].as_array().unwrap().len(), 1);
    assert_eq!(l["tokens"][0]["name"], "bob");
    t.keys(&["q"]);
}

#[test]
fn p_changes_the_pin() {
    let sb = two_tokens();
    let Some(t) = Tui::start(&sb) else { return };
    t.keys(&["p"]);
    t.wait_for("Current PIN");
    t.keys(&["1234", "Tab", "86420", "Tab", "86420", "Enter"]);
    t.wait_gone("Current PIN");
    t.keys(&["q"]);
    t.wait_gone("alice");
    fails(sb.pin(PIN, &["code", "alice"]), 3, &[PIN]);
    assert_eq!(
        ok(sb.pin("86420", &["code", "alice"])),
        format!("{}\n", RFC4226[0])
    );
}

#[test]
fn demo_shows_key_and_pin_and_leaves_no_vault_behind() {
    // The sample token of seeds/README.md: key YZQHoczZWw3cBCNo, PIN 4089, first eToken
    // 033529 (computed there with oathtool).
    let sb = Sb::new();
    let Some(t) = Tui::run(&sb, "demo") else {
        return;
    };
    t.wait_for("YZQHoczZWw3cBCNo");
    t.wait_for("4089");
    t.wait("the demo token row", |s| {
        s.contains("4F214C507612A26A") && s.contains("hotp")
    });
    t.keys(&["Enter"]);
    t.wait_for("PIN");
    t.keys(&["4089", "Enter"]);
    t.wait_for("033529");
    t.keys(&["q"]);
    t.wait_gone("033529");
    assert!(
        !sb.path("data/softpass").exists(),
        "demo must not touch the real vault"
    );
}
