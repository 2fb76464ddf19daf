//! Activation keys as people paste them: a key that does not open the seed file as given is
//! tried once more without white space and dashes; a wrong key says so in plain words (and what
//! a key looks like), exit 3; at the prompt a wrong key is asked for again.
mod contract_support;

use contract_support::*;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const KEY: &str = "YZQHoczZWw3cBCNo";
const APP_PIN: &str = "8642";

/// Issues one HOTP token with activation key `KEY` and application PIN `APP_PIN` (fast PBKDF2);
/// returns the seed file's path.
fn issue(sb: &Sb) -> String {
    let mut c = sb.novault(&["--json", "issue", "--out", "seeds", "--app-pin", APP_PIN]);
    c.args(["--activation-key", KEY]).args(FAST_ISSUE);
    let v = json(&ok(c));
    v["tokens"][0]["seed_file"].as_str().unwrap().to_owned()
}

fn import(sb: &Sb, seed: &str, key: &str) -> Command {
    let mut c = sb.pin(
        APP_PIN,
        &["import", "--seed-file", seed, "--activation-key", key],
    );
    c.args(KDF);
    c
}

#[test]
fn pasted_keys_with_stray_spaces_and_dashes_open_the_file() {
    for pasted in [
        "  YZQHoczZWw3cBCNo  ",
        "YZQH-oczZ-Ww3c-BCNo",
        "YZQH oczZ Ww3c BCNo",
        "\tYZQH - oczZ Ww3cBCNo\t",
    ] {
        let sb = Sb::new();
        let seed = issue(&sb);
        assert!(
            ok(import(&sb, &seed, pasted)).starts_with("imported "),
            "{pasted:?}"
        );
    }
}

#[test]
fn a_password_with_a_dash_is_tried_as_given_first() {
    // python-pskc wrote this file with the passphrase `interop-passphrase` (dash included).
    let sb = Sb::new();
    let f = fixture("pskc/python-pskc/hotp-sha1prf.xml");
    let f = f.to_str().unwrap();
    let mut c = sb.pin("5678", &["import", "--seed-file", f]);
    c.args(["--activation-key", "interop-passphrase"]).args(KDF);
    assert!(ok(c).starts_with("imported "));
}

#[test]
fn a_wrong_key_says_it_does_not_open_the_file_and_what_a_key_looks_like() {
    let sb = Sb::new();
    let seed = issue(&sb);
    let wrong = "YZQHoczZWw3cBCNO"; // the last letter in the wrong case
    let err = fails(import(&sb, &seed, wrong), 3, &[wrong, KEY, APP_PIN]);
    assert!(err.contains(&seed), "names the file: {err}");
    assert!(err.contains("does not open this seed file"), "{err}");
    assert!(
        err.contains("16 characters") && err.contains("upper and lower case differ"),
        "{err}"
    );
    assert!(sb.list()["tokens"].as_array().unwrap().is_empty());
}

/// Runs `softpass --vault V ARGS` on a pseudo-terminal (util-linux `script`) and answers each
/// `Activation key: ` prompt with the next of `keys`. Returns the transcript and exit code.
fn pty_import(sb: &Sb, seed: &str, keys: &[&str]) -> (String, i32) {
    let line = format!(
        "'{}' --vault '{}' import --seed-file '{seed}' --kdf-memory-kib 64 --kdf-iterations 1; echo \"RC=$?\"",
        env!("CARGO_BIN_EXE_softpass"),
        sb.vault().display()
    );
    let mut s = Command::new("script");
    s.args(["-qec", &line, "/dev/null"])
        .current_dir(sb.dir.path())
        .env("SHELL", "/bin/sh")
        .env("SOFTPASS_PIN", APP_PIN)
        .env_remove("SOFTPASS_ACTIVATION_KEY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = s.spawn().expect("util-linux `script` must be installed");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = child.stdout.take().expect("stdout");
    let buf = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&buf);
    let reader = std::thread::spawn(move || {
        let mut chunk = [0u8; 512];
        while let Ok(n) = stdout.read(&mut chunk) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&chunk[..n]);
        }
    });
    let text = || String::from_utf8_lossy(&buf.lock().unwrap()).into_owned();
    let deadline = Instant::now() + Duration::from_secs(60);
    for (i, key) in keys.iter().enumerate() {
        while text().matches("Activation key: ").count() <= i {
            assert!(
                Instant::now() < deadline,
                "no prompt #{}: {:?}",
                i + 1,
                text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        // rpassword turns echo off just after printing the prompt: type a moment later.
        std::thread::sleep(Duration::from_millis(200));
        stdin.write_all(format!("{key}\r").as_bytes()).unwrap();
        stdin.flush().unwrap();
    }
    let exited = |t: &str| t.rsplit("RC=").next().is_some_and(|r| r.contains('\n'));
    while !(text().contains("RC=") && exited(&text())) {
        assert!(Instant::now() < deadline, "no exit: {:?}", text());
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(stdin);
    let _ = child.wait();
    let _ = reader.join();
    let t = text();
    let rc = t
        .rsplit("RC=")
        .next()
        .and_then(|r| r.trim().parse().ok())
        .expect("exit code");
    (t, rc)
}

#[test]
fn the_prompt_asks_again_after_a_wrong_key() {
    let sb = Sb::new();
    let seed = issue(&sb);
    let (t, rc) = pty_import(&sb, &seed, &["AAAAAAAAAAAAAAAA", " YZQH-oczZ Ww3c-BCNo "]);
    assert_eq!(rc, 0, "{t}");
    assert!(t.contains("does not open this seed file"), "{t}");
    assert!(t.contains("try again"), "{t}");
    assert!(t.contains("imported "), "{t}");
    assert!(
        !t.contains(KEY) && !t.contains("AAAAAAAA"),
        "no key echoed: {t}"
    );
    // Three wrong keys: exit 3.
    let sb = Sb::new();
    let seed = issue(&sb);
    let (t, rc) = pty_import(&sb, &seed, &["AAAAAAAAAAAAAAAA"; 3]);
    assert_eq!(rc, 3, "{t}");
    assert_eq!(t.matches("Activation key: ").count(), 3, "{t}");
}
