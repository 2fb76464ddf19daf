//! Limits under attack: fields too long for the vault, a full disk (a 64 KiB tmpfs; needs root,
//! else skipped with a message), what `--pin-stdin` leaves on stdin, and `issue` on a full disk.
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::*;

const URI_HOTP: &str = "otpauth://hotp/h?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0";
const TOTP_URI: &str = "otpauth://totp/t?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8";

#[test]
fn an_issuer_too_long_for_the_vault_is_refused_on_input() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &["--name", "kept"]);
    let before = sb.read_vault();
    let issuer = "I".repeat(120_000);
    let uri = format!("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&issuer={issuer}");
    let mut args = vec!["import", "--uri", &uri, "--name", "big"];
    args.extend(KDF);
    let err = fails(sb.pin(PIN, &args), 5, &[]);
    assert!(err.contains("issuer has 120000 characters"), "{err}");
    assert!(
        !err.contains("IIII"),
        "the field is named, not repeated: {err}"
    );
    assert_eq!(sb.read_vault(), before);
    ok(sb.sp(&["list"]));
}

/// A tmpfs of 64 KiB mounted on a fresh folder, unmounted on drop; `None` (with a message)
/// where mounting is not allowed.
struct TinyDisk {
    dir: tempfile::TempDir,
}

impl TinyDisk {
    fn mount() -> Option<Self> {
        let dir = tempfile::tempdir().unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs"])
            .arg(dir.path())
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            eprintln!("skipped: cannot mount a tmpfs here (needs root)");
            return None;
        }
        Some(TinyDisk { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Fills the disk up to the last byte.
    fn fill(&self) -> PathBuf {
        let filler = self.path().join("filler");
        let mut f = std::fs::File::create(&filler).unwrap();
        let block = vec![0u8; 4096];
        while std::io::Write::write_all(&mut f, &block).is_ok() {}
        let mut byte = 1;
        while byte > 0 && std::io::Write::write_all(&mut f, &[0]).is_ok() {
            byte += 1;
        }
        filler
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn on_a_full_disk_no_pin_gets_an_answer() {
    let Some(disk) = TinyDisk::mount() else {
        return;
    };
    let sb = Sandbox::new();
    let vault = disk.path().join("vault.json");
    let on_disk = |pin: &str, args: &[&str]| sb.pin_at(&vault, pin, args);
    for (uri, name) in [(TOTP_URI, "totp"), (URI_HOTP, "hotp")] {
        let mut args = vec!["import", "--uri", uri, "--name", name];
        args.extend(KDF);
        ok(on_disk(PIN, &args));
    }
    let filler = disk.fill();
    let before = std::fs::read(&vault).unwrap();
    // A wrong PIN cannot be counted, so neither it nor the right one is answered: same exit,
    // nothing on stdout, the vault unchanged (no count saved, no counter spent).
    for args in [
        &["code", "totp"][..],
        &["code", "hotp"],
        &["export", "totp", "--uri"],
    ] {
        for pin in [PIN, "9999"] {
            let err = fails(on_disk(pin, args), 1, &[]);
            assert!(err.contains("No space left"), "{args:?} {pin}: {err}");
        }
    }
    assert_eq!(std::fs::read(&vault).unwrap(), before);
    std::fs::remove_file(filler).unwrap();
    // With room again the vault works, and nothing was counted meanwhile.
    assert_eq!(ok(on_disk(PIN, &["code", "hotp"])).trim(), RFC4226[0]);
    let v = json(&ok(on_disk(PIN, &["list", "--json"])));
    assert_eq!(v["tokens"][0]["failed_attempts"], 0);
}

#[test]
fn issue_on_a_full_disk_leaves_no_seed_file_that_blocks_the_retry() {
    let Some(disk) = TinyDisk::mount() else {
        return;
    };
    let sb = Sandbox::new();
    let out = disk.path().join("seeds");
    let issue = || {
        let mut c = sb.novault(&["issue", "--out"]);
        c.arg(&out)
            .args(["--serial", "00112233AABBCCDD"])
            .args(FAST_ISSUE);
        c
    };
    std::fs::create_dir(&out).unwrap();
    let filler = disk.fill();
    fails(issue(), 1, &[]);
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        0,
        "a file was left"
    );
    std::fs::remove_file(filler).unwrap();
    ok(issue());
    assert!(out.join("00112233AABBCCDD.pskc").metadata().unwrap().len() > 0);
    // And an existing seed file is never overwritten.
    fails(issue(), 1, &[]);
}

#[test]
fn issue_creates_its_folder_private() {
    let sb = Sandbox::new();
    let mut args = vec!["issue", "--out", "new/seeds"];
    args.extend(FAST_ISSUE);
    ok(sb.novault(&args));
    assert_eq!(mode(&sb.path("new/seeds")), 0o700);
}

#[test]
fn pin_stdin_reads_only_its_line() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &["--name", "a"]);
    let input = sb.path("stdin.txt");
    std::fs::write(&input, format!("{PIN}\nNEXT LINE FOR ANOTHER READER\n")).unwrap();
    // The shell's `cat` reads what softpass left on the shared stdin.
    let c = sb.sp(&["--pin-stdin", "code", "a"]);
    let mut sh = wrapped(&c, &["sh", "-c", "\"$0\" \"$@\"; cat"]);
    sh.stdin(std::fs::File::open(&input).unwrap());
    assert_eq!(
        ok(sh),
        format!("{}\nNEXT LINE FOR ANOTHER READER\n", RFC4226[0])
    );
}

#[test]
fn an_oversized_seed_file_is_reported_with_its_own_size() {
    let sb = Sandbox::new();
    let seed = sb.path("big.pskc");
    let mut text = String::from("<?xml version=\"1.0\"?>");
    text.push_str(&" ".repeat(5 * 1024 * 1024));
    text.push_str("<KeyContainer/>");
    std::fs::write(&seed, &text).unwrap();
    let args = ["import", "--seed-file", seed.to_str().unwrap()];
    let mut c = sb.sp(&args);
    c.args(["--activation-key", "x"]);
    let err = fails(c, 5, &[]);
    assert!(err.contains(&format!("{} bytes", text.len())), "{err}");
}
