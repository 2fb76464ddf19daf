//! The real terminal: tmux runs the binary on a temp vault, `send-keys` types the PIN,
//! `capture-pane` shows the eToken, and it must equal `softpass calc` for that counter.
//! Skips (with a message) only when tmux is missing and `CI` is unset; fails under CI.
mod tui_support;

use tui_support::tmux::*;

#[test]
fn pin_enter_shows_the_etoken_calc_computes() {
    if !tmux_available() {
        return;
    }
    let Setup {
        dir: _dir,
        vault,
        uri,
        command,
    } = setup(&[], "", None);
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
    assert!(tmux.wait_exit(), "q must quit");

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
    let Setup {
        dir: _dir,
        uri,
        command,
        ..
    } = setup(&["--otp-pin", "77"], "", None);
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
    let buffer = || {
        let out = tmux.run(&["show-buffer"]);
        // "no buffers" is an answer too; a dead server is not.
        assert!(
            out.status.success() || String::from_utf8_lossy(&out.stderr).contains("no buffers")
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert_eq!(buffer(), format!("77{code}"));
    // Quitting clears our value (the default clear time, 30 s, is far away).
    tmux.keys(&["q"]);
    assert!(tmux.wait_exit(), "q quits");
    assert_ne!(
        buffer(),
        format!("77{code}"),
        "quitting clears the copied value"
    );
}

#[test]
fn demo_shows_the_key_and_pin_and_gives_the_published_etoken() {
    if !tmux_available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let tmp = home.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let command = format!(
        "env -u DISPLAY -u WAYLAND_DISPLAY HOME={home} XDG_CONFIG_HOME={home} TMPDIR={tmp} {bin} demo",
        home = shell_quote(home.path()),
        tmp = shell_quote(&tmp),
        bin = shell_quote(std::path::Path::new(BIN)),
    );
    let tmux = Tmux::start("demo", &command);
    let screen = tmux.wait_for("the demo token", |s| s.contains("Demo token ready"));
    assert!(screen.contains("YZQHoczZWw3cBCNo") && screen.contains("application PIN 4089"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the PIN dialog", |s| {
        s.contains("Application PIN for 'demo'")
    });
    tmux.keys(&["-l", "4089"]);
    tmux.keys(&["Enter"]);
    // seeds/README.md: eTokens computed with oathtool from the published secret.
    let screen = tmux.wait_for("the first eToken", |s| shown_code(s, 0).is_some());
    assert_eq!(shown_code(&screen, 0).unwrap(), "033529");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the second eToken", |s| shown_code(s, 1).is_some());
    assert_eq!(shown_code(&screen, 1).unwrap(), "413361");
    assert_eq!(
        std::fs::read_dir(&tmp).unwrap().count(),
        1,
        "the throw-away vault folder"
    );
    tmux.keys(&["q"]);
    assert!(tmux.wait_exit(), "q quits");
    assert_eq!(
        std::fs::read_dir(&tmp).unwrap().count(),
        0,
        "deleted on exit"
    );
}

#[test]
fn idle_lock_wipes_the_code_and_asks_the_pin_again() {
    if !tmux_available() {
        return;
    }
    let s = setup(&[], "idle_lock_secs = 2\n", None);
    let tmux = Tmux::start("idle", &s.command);
    tmux.wait_for("the token list", |s| s.contains("alice"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the PIN dialog", |s| {
        s.contains("Application PIN for 'alice'")
    });
    tmux.keys(&["-l", PIN]);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the eToken", |s| shown_code(s, 5).is_some());
    let code = shown_code(&screen, 5).unwrap();
    let screen = tmux.wait_for("the idle lock", |s| {
        s.contains("Locked all tokens after 2 s")
    });
    assert!(
        !screen.contains(&code),
        "the code is wiped from the screen:\n{screen}"
    );
    assert!(screen.contains("PIN needed"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the PIN dialog again", |s| {
        s.contains("Application PIN for 'alice'")
    });
}

#[test]
fn import_dialog_lets_the_second_step_be_corrected() {
    if !tmux_available() {
        return;
    }
    let s = setup(&[], "", None);
    let tmux = Tmux::start("import", &s.command);
    tmux.wait_for("the token list", |s| s.contains("alice"));
    tmux.keys(&["i", "Left"]);
    tmux.wait_for("the URI form", |s| {
        s.contains("otpauth URI") && s.contains("(1/2)")
    });
    tmux.keys(&["-l", "otpauth://totp/ACME:bob?secret=JBSWY3DPEHPK3PXP"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("step 2", |s| s.contains("(2/2)") && s.contains("[ACME:bob"));
    // A name that is taken: refused, the dialog stays for a correction.
    for _ in 0.."ACME:bob".len() {
        tmux.keys(&["BSpace"]);
    }
    tmux.keys(&["-l", "alice"]);
    tmux.keys(&["Tab", "Tab"]);
    tmux.keys(&["-l", "123456"]);
    tmux.keys(&["Tab"]);
    tmux.keys(&["-l", "123456"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the refusal", |s| {
        s.contains("already exists") && s.contains("(2/2)")
    });
    // The cursor is on the name, the field that was wrong; the PINs keep what was typed.
    for _ in 0.."alice".len() {
        tmux.keys(&["BSpace"]);
    }
    tmux.keys(&["-l", "bob"]);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the import", |s| s.contains("Imported bob"));
    assert!(screen.contains("2 token(s)") && screen.contains("totp"));
}

#[test]
fn an_unreadable_vault_is_reported_and_left_untouched() {
    if !tmux_available() {
        return;
    }
    let s = setup(&[], "", None);
    std::fs::write(&s.vault, b"{ this is not a softpass vault").unwrap();
    let tmux = Tmux::start("corrupt", &s.command);
    tmux.wait_for("the error", |s| {
        s.contains("The vault cannot be read") && s.contains("✗")
    });
    tmux.keys(&["q"]);
    assert!(tmux.wait_exit(), "q quits");
    assert_eq!(
        std::fs::read(&s.vault).unwrap(),
        b"{ this is not a softpass vault"
    );
}

#[test]
fn mobilepass_activation_through_the_dialog_gives_the_published_etoken() {
    if !tmux_available() {
        return;
    }
    let s = setup(&[], "", None);
    let tmux = Tmux::start("mobilepass", &s.command);
    tmux.wait_for("the token list", |s| s.contains("alice"));
    tmux.keys(&["i", "Right"]);
    tmux.wait_for("the MobilePASS form", |s| s.contains("Activation code"));
    tmux.keys(&["-l", "QVKYC-FM6KO-SY6F7-TR22W"]);
    tmux.keys(&["Tab"]);
    tmux.keys(&["-l", "18888710"]);
    tmux.keys(&["Tab"]);
    tmux.keys(&["-l", "10"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("step 2", |s| {
        s.contains("(2/2)") && s.contains("mobilepass")
    });
    for _ in 0..40 {
        tmux.keys(&["BSpace"]);
    }
    tmux.keys(&["-l", "mp"]);
    tmux.keys(&["Tab", "Tab"]);
    tmux.keys(&["-l", "123456"]);
    tmux.keys(&["Tab"]);
    tmux.keys(&["-l", "123456"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the import", |s| s.contains("Imported mp"));
    tmux.keys(&["/"]);
    tmux.keys(&["-l", "mp"]);
    tmux.keys(&["Enter", "Enter"]);
    tmux.wait_for("the PIN dialog", |s| s.contains("Application PIN for 'mp'"));
    tmux.keys(&["-l", "123456"]);
    tmux.keys(&["Enter"]);
    // The published MobilePASS vector (also in tests/vectors_mobilepass.rs): policy 18888710,
    // counter 10.
    let screen = tmux.wait_for("the eToken", |s| shown_code(s, 10).is_some());
    assert_eq!(shown_code(&screen, 10).unwrap(), "194672");
}

#[test]
fn a_locked_token_is_reactivated_from_its_seed_in_the_import_dialog() {
    if !tmux_available() {
        return;
    }
    let s = setup(&[], "", None);
    // The token server's side: a seed that locks after one wrong PIN.
    let out = std::process::Command::new(BIN)
        .args([
            "issue",
            "--json",
            "--app-pin",
            PIN,
            "--max-failed-attempts",
            "1",
            "--out",
        ])
        .arg(s.dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let issued: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let t = &issued["tokens"][0];
    let (serial, key, seed, otpauth) = (
        t["serial"].as_str().unwrap(),
        t["activation_key"].as_str().unwrap(),
        t["seed_file"].as_str().unwrap(),
        t["otpauth"].as_str().unwrap(),
    );
    #[rustfmt::skip]
    let out = softpass(&s.vault, &[
        "import", "--seed-file", seed, "--activation-key", key, "--kdf-memory-kib", "64", "--kdf-iterations", "1",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let tmux = Tmux::start("reactivate", &s.command);
    tmux.wait_for("the token list", |s| s.contains(serial));
    tmux.keys(&["/"]);
    tmux.keys(&["-l", serial]);
    tmux.keys(&["Enter", "Enter"]);
    tmux.wait_for("the PIN dialog", |s| s.contains("Application PIN for"));
    tmux.keys(&["-l", "0000"]);
    tmux.keys(&["Enter"]);
    // The wrong PIN that uses up the last attempt is answered "... now locked".
    tmux.wait_for("the lock", |s| {
        s.contains("LOCKED") && s.contains("now locked")
    });

    tmux.keys(&["i"]);
    tmux.keys(&["-l", seed]);
    tmux.keys(&["Tab"]);
    tmux.keys(&["-l", key]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("step 2", |s| {
        s.contains("(2/2)") && s.contains("Re-activate")
    });
    tmux.keys(&["Tab", "Tab"]);
    tmux.keys(&["-l", PIN]);
    tmux.keys(&["Tab"]);
    tmux.keys(&["-l", "yes"]);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the re-activation", |s| s.contains("Imported"));
    assert!(!screen.contains("LOCKED"), "re-activated:\n{screen}");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the PIN dialog", |s| s.contains("Application PIN for"));
    tmux.keys(&["-l", PIN]);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the eToken", |s| shown_code(s, 0).is_some());
    assert_eq!(shown_code(&screen, 0).unwrap(), calc(otpauth, 0));
}
