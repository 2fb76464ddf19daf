//! The vault file on disk through the binary: where it lives (--vault, SOFTPASS_VAULT, the XDG
//! data folder), its modes, a missing vault, and a folder it cannot write.
use serde_json::json;

use crate::support::*;

const URI_HOTP: &str =
    "otpauth://hotp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&counter=7";

#[test]
fn missing_vault_lists_empty() {
    let sb = Sandbox::new();
    let o = code(sb.sp(&["list"]), 0);
    assert!(o.stderr.is_empty() || String::from_utf8_lossy(&o.stderr).starts_with("softpass"));
    assert_eq!(sb.list(), json!({"tokens":[]}));
    let mut c = sb.bare();
    c.args(["--vault", "no/such/dir/v.json", "--json", "list"]);
    assert_eq!(json(&ok(c)), json!({"tokens":[]}));
    fails(sb.pin(PIN, &["code"]), 7, &[PIN]);
}

#[test]
fn vault_folder_0700_file_0600_and_env_and_default_location() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    assert_eq!(mode(&sb.vault()), 0o600);
    assert_eq!(mode(sb.vault().parent().unwrap()), 0o700);
    // SOFTPASS_VAULT is the same as --vault.
    let mut c = sb.bare();
    c.args(["--json", "list"]).env("SOFTPASS_VAULT", sb.vault());
    assert_eq!(json(&ok(c))["tokens"][0]["name"], "ACME:alice");
    // Default: softpass/ under the platform data directory (XDG_DATA_HOME here).
    let mut c = sb.bare();
    c.args(["import", "--uri", URI_HOTP])
        .args(KDF)
        .env("SOFTPASS_PIN", PIN);
    ok(c);
    let dir = sb.path("data/softpass");
    assert!(dir.is_dir(), "default vault folder {}", dir.display());
    assert_eq!(mode(&dir), 0o700);
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!files.is_empty());
    for f in files {
        assert_eq!(mode(&f), 0o600, "{}", f.display());
    }
    let mut c = sb.bare();
    c.args(["--json", "list"]);
    assert_eq!(json(&ok(c))["tokens"][0]["counter"], 7);
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
    let sb = Sandbox::with_vault(PYTHON_VAULT);
    let folder = sb.vault().parent().unwrap().to_path_buf();
    // Create the lock file first, so the failure is the save itself.
    ok(sb.pin(PIN, &["code"]));
    let before = sb.read_vault();
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
    let err = fails(unprivileged(sb.pin(PIN, &["code"]), root), 1, &[PIN]);
    // The error names the folder it could not write to.
    let name = folder.to_str().unwrap();
    assert!(
        err.contains("Permission denied") && err.contains(&format!("{name}: ")),
        "{err}"
    );
    assert_eq!(sb.read_vault(), before);
    // Reading still works, and the counter did not move.
    let v = json(&ok(unprivileged(sb.sp(&["--json", "list"]), root)));
    assert_eq!(v["tokens"][0]["counter"], 6);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o700)).unwrap();
}
