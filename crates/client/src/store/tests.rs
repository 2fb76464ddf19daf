//! The store on real files: symlinked vaults, refused file kinds, stale temp files, and saves
//! that would not read back.
use super::*;
use softpass_core::secret::{SecretBytes, SecretString};
use softpass_core::token::{Algorithm, OtpParams, PinPolicy};
use softpass_core::vault::{KdfCost, NewToken, Sealing, Secrets, TokenRecord};
use std::os::unix::fs::symlink;

fn record(name: &str, serial: &str) -> TokenRecord {
    let token = NewToken {
        name: name.into(),
        serial: serial.into(),
        params: OtpParams::hotp(Algorithm::Sha1, 6),
        issuer: None,
        counter: 0,
        pin_policy: PinPolicy::default(),
    };
    let secrets = Secrets {
        secret: SecretBytes::from_slice(b"12345678901234567890"),
        otp_pin: None,
    };
    let pin = SecretString::from("1234");
    let sealing = Sealing {
        pin: &pin,
        kdf: KdfCost {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        },
        salt: [1; 16],
        nonce: [2; 24],
    };
    TokenRecord::seal(token, &secrets, &sealing).unwrap()
}

fn one_token() -> Vault {
    Vault {
        tokens: vec![record("a", "00AA")],
    }
}

#[test]
fn a_symlinked_vault_is_saved_through_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real");
    fs::create_dir(&real).unwrap();
    let store = Store::new(real.join("vault.json"));
    store
        .modify(|v| {
            *v = one_token();
            Ok(())
        })
        .unwrap();
    let link = dir.path().join("link.json");
    symlink(real.join("vault.json"), &link).unwrap();
    let via_link = Store::new(link.clone());
    via_link
        .modify(|v| {
            v.tokens[0].counter = 7;
            Ok(())
        })
        .unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(store.load().unwrap().tokens[0].counter, 7);
    // One lock file, beside the real vault, for both paths.
    assert!(real.join("vault.json.lock").exists());
    assert!(!dir.path().join("link.json.lock").exists());
}

#[test]
fn a_dangling_symlink_is_refused_not_an_empty_vault() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("vault.json");
    symlink(dir.path().join("elsewhere.json"), &link).unwrap();
    let store = Store::new(link.clone());
    let e = store.load().unwrap_err();
    assert!(matches!(e, AppError::VaultPath { .. }), "{e}");
    let e = store
        .modify(|v| {
            *v = one_token();
            Ok(())
        })
        .unwrap_err();
    assert!(matches!(e, AppError::VaultPath { .. }), "{e}");
    assert!(!dir.path().join("elsewhere.json").exists());
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_folder_or_fifo_is_refused_as_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("vault.json");
    fs::create_dir(&folder).unwrap();
    let e = Store::new(folder).load().unwrap_err();
    assert_eq!(e.kind(), softpass_core::ErrorKind::VaultUnreadable, "{e}");
    assert!(e.to_string().contains("a directory"), "{e}");
    let fifo = dir.path().join("fifo.json");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    // Would block for ever without O_NONBLOCK (no writer ever comes).
    let e = Store::new(fifo).load().unwrap_err();
    assert!(e.to_string().contains("FIFO"), "{e}");
}

#[test]
fn a_save_removes_the_temp_files_of_killed_saves_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("vault.json"));
    let stale = [".vault.json.Ab12Cd.tmp", ".vault.json.000000.tmp"];
    let kept = [
        ".vault.json.x.Ab12Cd.tmp", // another vault's
        ".vault.json.short.tmp",
        "notes.txt",
    ];
    for n in stale.iter().chain(&kept) {
        fs::write(dir.path().join(n), b"old").unwrap();
    }
    store
        .modify(|v| {
            *v = one_token();
            Ok(())
        })
        .unwrap();
    for n in stale {
        assert!(!dir.path().join(n).exists(), "{n} left");
    }
    for n in kept {
        assert!(dir.path().join(n).exists(), "{n} removed");
    }
}

#[test]
fn a_save_the_reader_would_refuse_is_not_made() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("vault.json"));
    store
        .modify(|v| {
            *v = one_token();
            Ok(())
        })
        .unwrap();
    let before = fs::read(store.path()).unwrap();
    // Over the reader's 16 MiB limit (fields set directly: the input checks are bypassed).
    let e = store
        .modify(|v| {
            v.tokens[0].issuer = Some("x".repeat(MAX_FILE_BYTES));
            Ok(())
        })
        .unwrap_err();
    assert_eq!(e.kind(), softpass_core::ErrorKind::Invalid, "{e}");
    assert!(e.to_string().contains("nothing was saved"), "{e}");
    // A record the reader refuses (two tokens of one name).
    let e = store
        .modify(|v| {
            v.tokens.push(record("a", "00BB"));
            Ok(())
        })
        .unwrap_err();
    assert!(e.to_string().contains("duplicate name"), "{e}");
    assert_eq!(fs::read(store.path()).unwrap(), before);
    let left: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
    assert_eq!(left.len(), 2, "only the vault and its lock: {left:?}");
}
