//! What the vault path may be: a symlink is followed (one vault, one lock, one counter), a
//! dangling symlink, a folder or a FIFO is refused (exit 6) without hanging or touching anything,
//! and temp files that killed saves left behind are removed by the next save.
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::*;

const TOTP_URI: &str = "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP";

/// `--json code` through the vault path `vault`: the counter it used.
fn counter_via(sb: &Sandbox, vault: &Path) -> u64 {
    let v = json(&ok(sb.pin_at(vault, PIN, &["--json", "code"])));
    v["counter"].as_u64().unwrap()
}

#[test]
fn a_symlinked_vault_never_hands_out_a_code_twice() {
    let sb = Sandbox::with_vault(PYTHON_VAULT);
    let link = sb.path("link.json");
    symlink(sb.vault(), &link).unwrap();
    let counters = [&link, &sb.vault(), &link, &sb.vault()].map(|p| counter_via(&sb, p));
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
    let sb = Sandbox::with_vault(PYTHON_VAULT);
    let alias = sb.path("alias");
    symlink(sb.vault().parent().unwrap(), &alias).unwrap();
    let (direct, aliased) = (sb.vault(), alias.join("vault.json"));
    let all = in_parallel(4, 10, |w| {
        counter_via(&sb, if w % 2 == 1 { &aliased } else { &direct })
    });
    assert_eq!(all, (5..45).collect::<Vec<u64>>());
}

#[test]
fn a_dangling_symlink_is_an_error_not_an_empty_vault() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.vault().parent().unwrap()).unwrap();
    let target = sb.path("unmounted/vault.json");
    symlink(&target, sb.vault()).unwrap();
    let err = fails(sb.sp(&["list"]), 6, &[]);
    assert!(err.contains("does not exist"), "{err}");
    let err = fails(sb.pin(PIN, &["import", "--uri", TOTP_URI]), 6, &[]);
    assert!(err.contains("symbolic link"), "{err}");
    assert!(!target.exists() && !target.parent().unwrap().exists());
    assert!(std::fs::symlink_metadata(sb.vault()).is_ok());
}

#[test]
fn a_fifo_or_a_folder_as_the_vault_is_exit_6_without_hanging() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.vault().parent().unwrap()).unwrap();
    let mut mkfifo = Command::new("mkfifo");
    mkfifo.arg(sb.vault());
    ok(mkfifo);
    let limit = Duration::from_secs(10);
    let refused = |args: &[&str], what: &str| {
        let out = within(sb.pin(PIN, args), limit);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(6), "{args:?}: {err}");
        assert!(err.contains(what), "{err}");
    };
    for args in [&["list"][..], &["code"], &["import", "--uri", TOTP_URI]] {
        refused(args, "FIFO");
    }
    std::fs::remove_file(sb.vault()).unwrap();
    std::fs::create_dir(sb.vault()).unwrap();
    for args in [&["list"][..], &["code", "x"], &["rename", "x", "y"]] {
        refused(args, "a directory");
    }
    assert!(sb.vault().is_dir());
}

#[test]
fn the_next_save_removes_what_killed_saves_left() {
    let sb = Sandbox::with_vault(PYTHON_VAULT);
    let folder = sb.vault().parent().unwrap().to_path_buf();
    // What SIGKILLed saves leave: full old copies of the vault under temp names.
    let mut killed = 0;
    for i in 0..400 {
        let mut child = sb
            .direct_pin(PIN, &["code"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(500 + (i * 37) % 4000));
        let _ = child.kill();
        let _ = child.wait();
        if !temp_files(&folder).is_empty() {
            killed += 1;
            if killed == 3 {
                break;
            }
        }
    }
    let planted = folder.join(".vault.json.Zz9Yy8.tmp");
    std::fs::write(&planted, PYTHON_VAULT).unwrap();
    assert!(!temp_files(&folder).is_empty());
    ok(sb.pin(PIN, &["code"]));
    assert_eq!(temp_files(&folder), Vec::<String>::new());
    // Only this vault's temp files: another file is left alone.
    let other = folder.join(".vault.json.notes.tmp");
    std::fs::write(&other, b"mine").unwrap();
    ok(sb.pin(PIN, &["code"]));
    assert!(other.exists());
}

/// The temp files a save of `vault.json` makes: `.vault.json.` + 6 characters + `.tmp`.
fn temp_files(folder: &Path) -> Vec<String> {
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
