//! Damaged or foreign vault files: every command refuses them with exit 6 and leaves the bytes
//! exactly as they were; an intact file written by another implementation works end to end.
mod vault_support;

use sha2::{Digest, Sha256};
use vault_support::*;

fn with_checksum(tokens: &str) -> Vec<u8> {
    let sum = hex::encode(Sha256::digest(tokens.as_bytes()));
    format!("{{\"format\":\"softpass-vault\",\"version\":1,\"checksum\":\"{sum}\",\"tokens\":{tokens}}}\n")
        .into_bytes()
}

fn damaged() -> Vec<(&'static str, Vec<u8>)> {
    let good = FIXTURE.to_vec();
    let text = String::from_utf8(good.clone()).unwrap();
    let tokens = &text[text.find("\"tokens\":").unwrap() + 9..text.len() - 2];
    let mut flipped = good.clone();
    let mid = text.find("\"ciphertext\":\"").unwrap() + 20;
    flipped[mid] ^= 0x01;
    let mut garbage = good.clone();
    garbage.extend_from_slice(b"garbage");
    vec![
        ("truncated", good[..good.len() / 2].to_vec()),
        ("flipped byte in the ciphertext", flipped),
        (
            "wrong magic",
            text.replace("softpass-vault", "keepass-vault").into_bytes(),
        ),
        (
            "newer version",
            text.replace("\"version\":1", "\"version\":7").into_bytes(),
        ),
        (
            "huge KDF cost",
            with_checksum(&tokens.replace("\"memory_kib\":64", "\"memory_kib\":8388608")),
        ),
        ("trailing garbage", garbage),
        ("empty", Vec::new()),
    ]
}

#[test]
fn an_independently_written_vault_works_end_to_end() {
    let sb = Sandbox::with_fixture();
    // RFC 4226 Appendix D, counter 5; the OTP PIN "99" was sealed by the Python writer.
    assert_eq!(
        run(sb.with_pin(FIXTURE_PIN, &["code", "python"]), 0),
        format!("{}\n", RFC4226_CODES[5])
    );
    assert_eq!(
        run(sb.with_pin(FIXTURE_PIN, &["code", "--combined"]), 0),
        format!("99{}\n", RFC4226_CODES[6])
    );
    assert_eq!(sb.list()["tokens"][0]["counter"], 7);
}

#[test]
fn damaged_files_exit_6_and_stay_untouched() {
    for (what, bytes) in damaged() {
        let sb = Sandbox::with_fixture();
        std::fs::write(sb.vault(), &bytes).unwrap();
        let commands: Vec<Vec<&str>> = vec![
            vec!["list"],
            vec!["--json", "list"],
            vec!["code", "python"],
            vec!["code"],
            vec!["rename", "python", "other"],
            vec!["remove", "python", "--yes"],
            vec!["export", "python", "--uri"],
            vec!["pin", "python"],
            vec!["import", "--mobilepass", "QVKYC-FM6KO-SY6F7-TR22W"],
        ];
        for args in commands {
            let mut c = sb.with_pin(FIXTURE_PIN, &args);
            c.env("SOFTPASS_NEW_PIN", "5555");
            let err = fails(c, 6);
            assert!(err.contains("vault.json"), "{what} {args:?}: {err}");
            assert_eq!(sb.bytes(), bytes, "{what}: {args:?} changed the file");
        }
        let newer = what == "newer version";
        let err = fails(sb.cmd().arg("list"), 6);
        assert_eq!(err.contains("newer version"), newer, "{what}: {err}");
    }
}

/// Runs `c` as user `nobody` through setpriv when we are root (root ignores folder permissions).
fn unprivileged(c: std::process::Command, root: bool) -> std::process::Command {
    if root {
        wrapped(
            &c,
            &[
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
            ],
        )
    } else {
        c
    }
}

#[test]
fn a_read_only_folder_gives_a_clear_error_and_keeps_the_vault() {
    use std::os::unix::fs::{PermissionsExt, chown};
    let sb = Sandbox::with_fixture();
    let folder = sb.vault().parent().unwrap().to_path_buf();
    // Create the lock file first, so the failure is the save itself.
    run(sb.with_pin(FIXTURE_PIN, &["code"]), 0);
    let before = sb.bytes();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o500)).unwrap();
    // Writing into a 0500 folder only works with privileges (root) that ignore permissions.
    let probe = folder.join("probe");
    let root = std::fs::write(&probe, b"x").is_ok();
    if root {
        // Hand the sandbox to nobody, then run softpass as nobody.
        if std::process::Command::new("setpriv")
            .arg("--version")
            .output()
            .is_err()
        {
            return eprintln!("skipped: running as root and setpriv is missing");
        }
        let home = sb.dir.path();
        for p in [
            home,
            folder.as_path(),
            &sb.vault(),
            &folder.join("vault.json.lock"),
        ] {
            chown(p, Some(65534), Some(65534)).unwrap();
        }
        std::fs::remove_file(&probe).unwrap();
    }
    let err = fails(unprivileged(sb.with_pin(FIXTURE_PIN, &["code"]), root), 1);
    assert!(
        err.contains("Permission denied") && err.contains("data"),
        "{err}"
    );
    assert_eq!(sb.bytes(), before);
    // Reading still works, and the counter did not move.
    let mut list = sb.cmd();
    list.args(["--json", "list"]);
    let out = run(unprivileged(list, root), 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["tokens"][0]["counter"], 6);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o700)).unwrap();
}
