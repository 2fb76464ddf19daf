//! The real terminal UI in tmux: `o` stores an OTP PIN that `c` then puts in front of the eToken;
//! `c` without one asks for it and offers to store it; a wrong activation key in the import
//! dialog keeps the seed path and asks for the key again; the demo on a 40×12 terminal shows its
//! PIN whole and the eToken. Skips without tmux unless `CI` is set.
mod tui_support;

use std::path::Path;
use tui_support::tmux::*;

/// The newest tmux paste buffer (what `c` copied by OSC 52).
fn buffer(tmux: &Tmux) -> String {
    String::from_utf8_lossy(&tmux.run(&["show-buffer"]).stdout).into_owned()
}

fn unlock_with_pin(tmux: &Tmux) {
    tmux.wait_for("the PIN dialog", |s| {
        s.contains("Application PIN for 'alice'")
    });
    tmux.keys(&["-l", PIN]);
    tmux.keys(&["Enter"]);
}

#[test]
fn o_stores_the_otp_pin_and_c_copies_it_in_front_of_the_etoken() {
    if !tmux_available() {
        return;
    }
    let s = setup(&[], "", None);
    let tmux = Tmux::start("otp-pin", &s.command);
    tmux.wait_for("the token list", |s| s.contains("alice"));
    tmux.keys(&["o"]);
    tmux.wait_for("the OTP PIN dialog", |s| s.contains("New OTP PIN"));
    tmux.keys(&["-l", "4711"]);
    tmux.keys(&["Tab"]);
    tmux.keys(&["-l", PIN]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("stored", |s| {
        s.contains("OTP PIN stored (sealed) for 'alice'")
    });
    // The token is unlocked now: `c` generates and copies at once, with the stored OTP PIN.
    tmux.keys(&["c"]);
    let screen = tmux.wait_for("the copy", |s| s.contains("Copied OTP PIN + eToken"));
    let code = shown_code(&screen, 5).expect("the eToken on screen");
    assert_eq!(code, calc(&s.uri, 5));
    assert_eq!(buffer(&tmux), format!("4711{code}"));
    assert!(!screen.contains("4711"), "the OTP PIN is never drawn");
    // Also for the CLI: the OTP PIN is stored sealed with the token.
    let out = softpass(&s.vault, &["code", "--combined"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("4711{}", calc(&s.uri, 6))
    );
}

#[test]
fn c_asks_the_otp_pin_once_and_offers_to_store_it() {
    if !tmux_available() {
        return;
    }
    let s = setup(&[], "", None);
    let tmux = Tmux::start("offer", &s.command);
    tmux.wait_for("the token list", |s| s.contains("alice"));
    tmux.keys(&["c"]);
    unlock_with_pin(&tmux);
    tmux.wait_for("the OTP PIN question", |s| {
        s.contains("No OTP PIN is stored") && s.contains("to store it sealed")
    });
    tmux.keys(&["-l", "0815"]);
    tmux.keys(&["Tab"]);
    tmux.keys(&["-l", PIN]);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the copy", |s| s.contains("Copied OTP PIN + eToken"));
    let code = shown_code(&screen, 5).expect("the eToken on screen");
    assert_eq!(buffer(&tmux), format!("0815{code}"));
    // Stored: the next `c` asks nothing and copies the next eToken with it.
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the next eToken", |s| shown_code(s, 6).is_some());
    tmux.keys(&["c"]);
    tmux.wait_for("the second copy", |s| {
        s.contains("Copied OTP PIN + eToken") && !s.contains("No OTP PIN is stored")
    });
    let code = shown_code(&screen, 6).unwrap();
    assert_eq!(buffer(&tmux), format!("0815{code}"));
}

#[test]
fn a_wrong_activation_key_keeps_the_path_and_asks_again() {
    if !tmux_available() {
        return;
    }
    let s = setup(&[], "", None);
    // A seed file from `softpass issue` (fast PBKDF2), its key known.
    let out = std::process::Command::new(BIN)
        .args(["--json", "issue", "--out"])
        .arg(s.dir.path().join("seeds"))
        .args(["--activation-key", "YZQHoczZWw3cBCNo", "--app-pin", "8642"])
        .args(["--pbkdf2-iterations", "1000"])
        .output()
        .unwrap();
    let issued: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let seed = issued["tokens"][0]["seed_file"]
        .as_str()
        .unwrap()
        .to_owned();
    let tmux = Tmux::start("key", &s.command);
    tmux.wait_for("the token list", |s| s.contains("alice"));
    tmux.keys(&["i"]);
    tmux.wait_for("the import dialog", |s| s.contains("Seed file (path)"));
    tmux.keys(&["-l", &seed]);
    tmux.keys(&["Tab"]);
    tmux.keys(&["-l", "YZQHoczZWw3cBCNO"]);
    tmux.keys(&["Enter"]);
    let name = Path::new(&seed).file_name().unwrap().to_str().unwrap();
    tmux.wait_for("the refusal", |sc| {
        sc.contains("does not open this seed file") && sc.contains(name) && sc.contains("(1/2)")
    });
    // The cursor is on the (wiped) key; the path is still there. A pasted key with stray
    // spaces and dashes opens it.
    tmux.keys(&["-l", " YZQH-oczZ Ww3c-BCNo "]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("step 2", |s| s.contains("(2/2)"));
}

#[test]
fn the_demo_on_a_40x12_terminal_shows_its_pin_and_the_etoken() {
    if !tmux_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let command = format!(
        "env -u DISPLAY -u WAYLAND_DISPLAY HOME={home} XDG_CONFIG_HOME={home} TMPDIR={home} {bin} demo",
        home = shell_quote(home.path()),
        bin = shell_quote(Path::new(BIN)),
    );
    let tmux = Tmux::start("demo-small", &command);
    assert!(
        tmux.run(&["resize-window", "-t", "t", "-x", "40", "-y", "12"])
            .status
            .success()
    );
    let screen = tmux.wait_for("the demo token", |s| s.contains("Demo token ready"));
    assert!(
        screen.contains("YZQHoczZWw3cBCNo") && screen.contains("4089"),
        "{screen}"
    );
    tmux.keys(&["Enter"]);
    tmux.wait_for("the PIN dialog", |s| s.contains("'demo'"));
    tmux.keys(&["-l", "4089"]);
    tmux.keys(&["Enter"]);
    // seeds/README.md: the first eToken, computed with oathtool.
    let screen = tmux.wait_for("the first eToken", |s| shown_code(s, 0).is_some());
    assert_eq!(shown_code(&screen, 0).unwrap(), "033529");
    assert!(screen.contains("4089"), "the PIN stays visible: {screen}");
    tmux.keys(&["q"]);
    assert!(tmux.wait_exit());
}
