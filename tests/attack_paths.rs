//! What the vault path may be: a symlink is followed (one vault, one lock, one counter), a
//! dangling symlink, a folder or a FIFO is refused (exit 6) without hanging or touching anything,
//! and temp files that killed saves left behind are removed by the next save.
mod vault_support;

use std::os::unix::fs::symlink;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use vault_support::*;

/// Runs `c` with a deadline, so that a command that hangs fails the test instead of stalling it.
fn within(mut c: Command, limit: Duration) -> Output {
    let mut child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + limit;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{c:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

fn counter_of(out: &str) -> u64 {
    let v: serde_json::Value = serde_json::from_str(out).unwrap();
    v["counter"].as_u64().unwrap()
}

#[test]
fn a_symlinked_vault_never_hands_out_a_code_twice() {
    let sb = Sandbox::with_fixture();
    let link = sb.dir.path().join("link.json");
    symlink(sb.vault(), &link).unwrap();
    let via = |path: &std::path::Path| {
        let mut c = sb.with_pin(FIXTURE_PIN, &["--json", "code"]);
        c.env("SOFTPASS_VAULT", path);
        counter_of(&run(c, 0))
    };
    let counters = [via(&link), via(&sb.vault()), via(&link), via(&sb.vault())];
    assert_eq!(counters, [5, 6, 7, 8]);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link was replaced by a file"
    );
}

#[test]
fn two_paths_to_one_vault_share_its_lock() {
    // Four processes, two through a symlinked folder: 40 distinct counters.
    let sb = std::sync::Arc::new(Sandbox::with_fixture());
    let alias = sb.dir.path().join("alias");
    symlink(sb.vault().parent().unwrap(), &alias).unwrap();
    let workers: Vec<_> = (0..4)
        .map(|w| {
            let (sb, alias) = (sb.clone(), alias.join("vault.json"));
            std::thread::spawn(move || {
                (0..10)
                    .map(|_| {
                        let mut c = sb.with_pin(FIXTURE_PIN, &["--json", "code"]);
                        if w % 2 == 1 {
                            c.env("SOFTPASS_VAULT", &alias);
                        }
                        counter_of(&run(c, 0))
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut all: Vec<u64> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    all.sort_unstable();
    assert_eq!(all, (5..45).collect::<Vec<u64>>());
}

#[test]
fn a_dangling_symlink_is_an_error_not_an_empty_vault() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.vault().parent().unwrap()).unwrap();
    let target = sb.dir.path().join("unmounted").join("vault.json");
    symlink(&target, sb.vault()).unwrap();
    let err = fails(sb.cmd().arg("list"), 6);
    assert!(err.contains("does not exist"), "{err}");
    let err = fails(
        sb.with_pin(
            PIN,
            &[
                "import",
                "--uri",
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
            ],
        ),
        6,
    );
    assert!(err.contains("symbolic link"), "{err}");
    assert!(!target.exists() && !target.parent().unwrap().exists());
    assert!(std::fs::symlink_metadata(sb.vault()).is_ok());
}

#[test]
fn a_fifo_or_a_folder_as_the_vault_is_exit_6_without_hanging() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.vault().parent().unwrap()).unwrap();
    run(Command::new("mkfifo").arg(sb.vault()), 0);
    let limit = Duration::from_secs(10);
    for args in [
        &["list"][..],
        &["code"],
        &[
            "import",
            "--uri",
            "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
        ],
    ] {
        let out = within(sb.with_pin(PIN, args), limit);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(6), "{args:?}: {err}");
        assert!(err.contains("FIFO"), "{err}");
    }
    std::fs::remove_file(sb.vault()).unwrap();
    std::fs::create_dir(sb.vault()).unwrap();
    for args in [&["list"][..], &["code", "x"], &["rename", "x", "y"]] {
        let out = within(sb.with_pin(PIN, args), limit);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(6), "{args:?}: {err}");
        assert!(err.contains("a directory"), "{err}");
    }
    assert!(sb.vault().is_dir());
}

#[test]
fn the_next_save_removes_what_killed_saves_left() {
    let sb = Sandbox::with_fixture();
    let folder = sb.vault().parent().unwrap().to_path_buf();
    // What SIGKILLed saves leave: full old copies of the vault under temp names.
    let mut killed = 0;
    for i in 0..400 {
        let mut child = sb
            .with_pin(FIXTURE_PIN, &["code"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(500 + (i * 37) % 4000));
        let _ = child.kill();
        let _ = child.wait();
        let temps = temp_files(&folder);
        if !temps.is_empty() {
            killed += 1;
            if killed == 3 {
                break;
            }
        }
    }
    let planted = folder.join(".vault.json.Zz9Yy8.tmp");
    std::fs::write(&planted, FIXTURE).unwrap();
    assert!(!temp_files(&folder).is_empty());
    run(sb.with_pin(FIXTURE_PIN, &["code"]), 0);
    assert_eq!(temp_files(&folder), Vec::<String>::new());
    // Only this vault's temp files: another file is left alone.
    let other = folder.join(".vault.json.notes.tmp");
    std::fs::write(&other, b"mine").unwrap();
    run(sb.with_pin(FIXTURE_PIN, &["code"]), 0);
    assert!(other.exists());
}

fn temp_files(folder: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(folder)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.starts_with(".vault.json.")
                && n.ends_with(".tmp")
                && n.len() == ".vault.json.".len() + 10
        })
        .collect()
}
