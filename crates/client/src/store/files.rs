//! The file-system side of the store: where the vault really is (symlinks followed once, so every
//! path to one vault shares its lock and its rename target), which kinds of file are refused, and
//! the temp files that killed saves leave behind.
use crate::AppError;
use std::fs::{self, File, OpenOptions};
use std::io::ErrorKind;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// Random characters in a temp file's name: `.<vault>.<6 random>.tmp`.
pub(super) const TEMP_RANDOM: usize = 6;

/// The folder `path` lives in (`.` for a bare file name).
pub(super) fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn refused(path: &Path, problem: impl Into<String>) -> AppError {
    AppError::VaultPath {
        path: path.to_path_buf(),
        problem: problem.into(),
    }
}

/// The first symbolic link on the way to `path` (the path itself or a folder above it) whose
/// target does not exist.
fn dangling_link(path: &Path) -> Option<&Path> {
    path.ancestors().find(|p| {
        fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
            && fs::metadata(p).is_err_and(|e| e.kind() == ErrorKind::NotFound)
    })
}

fn dangling_error(path: &Path, link: &Path) -> AppError {
    let target = fs::read_link(link)
        .map(|t| format!(" ({})", t.display()))
        .unwrap_or_default();
    let what = if link == path {
        "the vault path".to_owned()
    } else {
        format!("{}", link.display())
    };
    refused(
        path,
        format!("{what} is a symbolic link to a file that does not exist{target}"),
    )
}

/// The real vault file behind `path`, symlinks followed: the file itself, or for a vault that
/// does not exist yet, the real folder joined with the file name. Its folder must exist. A
/// dangling symlink is an error: writing through it would create a vault somewhere unexpected,
/// or replace the link with a file and fork the vault.
pub(super) fn resolve(path: &Path) -> Result<PathBuf, AppError> {
    match fs::canonicalize(path) {
        Ok(real) => Ok(real),
        Err(e) if e.kind() == ErrorKind::NotFound => {
            if let Some(link) = dangling_link(path) {
                return Err(dangling_error(path, link));
            }
            let name = path
                .file_name()
                .ok_or_else(|| refused(path, "the vault path names no file"))?;
            let folder = folder_of(path);
            let folder = fs::canonicalize(&folder).map_err(|e| AppError::io(&folder, e))?;
            Ok(folder.join(name))
        }
        Err(e) => Err(AppError::io(path, e)),
    }
}

fn describe(t: fs::FileType) -> &'static str {
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else {
        "not a regular file"
    }
}

/// Opens the vault file for reading; `None` when it does not exist (an empty vault). Opened
/// non-blocking, so a FIFO in its place cannot hang the command, and refused (exit 6) unless it
/// is a regular file; `shown` names it in messages.
pub(super) fn open_regular(path: &Path, shown: &Path) -> Result<Option<File>, AppError> {
    let file = match OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return match dangling_link(shown) {
                Some(link) => Err(dangling_error(shown, link)),
                None => Ok(None),
            };
        }
        Err(e) => return Err(AppError::io(shown, e)),
    };
    let kind = file
        .metadata()
        .map_err(|e| AppError::io(shown, e))?
        .file_type();
    if !kind.is_file() {
        return Err(refused(
            shown,
            format!(
                "{}: the vault must be a regular file (left untouched)",
                describe(kind)
            ),
        ));
    }
    Ok(Some(file))
}

/// Whether `entry` is a temp file of a save of the vault called `vault_name`.
pub(super) fn is_temp_of(entry: &str, vault_name: &str) -> bool {
    entry
        .strip_prefix('.')
        .and_then(|r| r.strip_prefix(vault_name))
        .and_then(|r| r.strip_prefix('.'))
        .and_then(|r| r.strip_suffix(".tmp"))
        .is_some_and(|r| r.len() == TEMP_RANDOM && r.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Removes the temp files of earlier saves of `vault_name` from `folder`. Called under the lock:
/// every save runs under it and renames or removes its temp file before releasing it, so any
/// temp file found now belongs to a save that was killed. Each is a full old copy of the vault
/// (tokens sealed under PINs changed since), so they must not pile up. Best effort: a file that
/// cannot be removed is left for the next save.
pub(super) fn remove_stale_temps(folder: &Path, vault_name: &str) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && name.to_str().is_some_and(|n| is_temp_of(n, vault_name)) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_of_this_vault_only() {
        assert!(is_temp_of(".vault.json.a1B2c3.tmp", "vault.json"));
        assert!(!is_temp_of(".vault.json.a1B2c3.tmp", "vault"));
        // Another vault whose name starts with this one's.
        assert!(!is_temp_of(".vault.json.x.a1B2c3.tmp", "vault.json"));
        assert!(!is_temp_of(".vault.json.a1B2c.tmp", "vault.json"));
        assert!(!is_temp_of(".vault.json.a1B2-3.tmp", "vault.json"));
        assert!(!is_temp_of("vault.json.a1B2c3.tmp", "vault.json"));
        assert!(!is_temp_of(".vault.json.lock", "vault.json"));
    }

    #[test]
    fn a_dangling_link_is_named_and_a_missing_file_is_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("v.json");
        std::os::unix::fs::symlink(dir.path().join("gone.json"), &link).unwrap();
        let err = resolve(&link).unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
        assert!(open_regular(&link, &link).is_err());
        let missing = dir.path().join("new.json");
        assert!(open_regular(&missing, &missing).unwrap().is_none());
        let real = resolve(&missing).unwrap();
        assert_eq!(real.file_name().unwrap(), "new.json");
    }
}
