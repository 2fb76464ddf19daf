//! The vault store: load, and read-modify-write under an exclusive lock with an atomic save.
//! Save = temp file (0600) in the same folder, fsync, rename over the vault, fsync the folder.
//! A file that failed to parse is never written; nothing is saved that would not read back.
mod files;

use crate::AppError;
use softpass_core::vault::{self, MAX_FILE_BYTES, Vault};
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// One vault file and its lock file (`<vault>.lock`, beside the real file).
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
}

/// A new vault written and fsynced beside the real one, waiting for [`Store::commit`].
pub struct Staged {
    tmp: tempfile::NamedTempFile,
}

/// Proof that the caller holds the exclusive lock; released on drop. It carries the real vault
/// file (symlinks followed when the lock was taken): the lock, the temp file and the rename all
/// act on that one file, whichever path led to it.
pub struct LockGuard {
    _file: File,
    vault: PathBuf,
}

impl Store {
    pub fn new(path: PathBuf) -> Self {
        Self { path }
    }

    /// The path as given (what messages name).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the vault without the lock (saves are atomic renames, so a reader sees a whole file).
    /// A missing file is an empty vault; a dangling symlink, a folder or a FIFO is refused.
    pub fn load(&self) -> Result<Vault, AppError> {
        self.load_file(&self.path)
    }

    /// Reads the vault a lock was taken for.
    pub fn load_locked(&self, guard: &LockGuard) -> Result<Vault, AppError> {
        self.load_file(&guard.vault)
    }

    fn load_file(&self, path: &Path) -> Result<Vault, AppError> {
        let Some(file) = files::open_regular(path, &self.path)? else {
            return Ok(Vault::default());
        };
        let mut bytes = Vec::new();
        // One byte over the limit is enough to know the file is too large.
        file.take(MAX_FILE_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| AppError::io(&self.path, e))?;
        vault::parse(&bytes).map_err(|source| AppError::Vault {
            path: self.path.clone(),
            source,
        })
    }

    /// Takes the exclusive lock, creating the folder (0700) and the lock file (0600) if needed.
    /// The vault path is resolved here, once, for everything done under this lock.
    pub fn lock(&self) -> Result<LockGuard, AppError> {
        let folder = files::folder_of(&self.path);
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&folder)
            .map_err(|e| AppError::io(&folder, e))?;
        let vault = files::resolve(&self.path)?;
        let mut name = vault.as_os_str().to_owned();
        name.push(".lock");
        let lock_path = PathBuf::from(name);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&lock_path)
            .map_err(|e| AppError::io(&lock_path, e))?;
        file.lock().map_err(|e| AppError::io(&lock_path, e))?;
        Ok(LockGuard { _file: file, vault })
    }

    /// Writes the whole vault atomically. Requires the lock. Removes the temp files that killed
    /// saves left first (a staged file of this process must not be pending then).
    pub fn save(&self, guard: &LockGuard, v: &Vault) -> Result<(), AppError> {
        files::remove_stale_temps(&files::folder_of(&guard.vault), &vault_name(guard));
        let staged = self.stage(guard, v)?;
        self.commit(guard, staged)
    }

    /// The file's bytes for `v`, refused unless they read back as the same vault: a save must
    /// never leave a file that the reader (and so every later command) would refuse.
    fn checked_bytes(&self, v: &Vault) -> Result<Vec<u8>, AppError> {
        let bytes = vault::serialize(v).map_err(|source| AppError::Vault {
            path: self.path.clone(),
            source,
        })?;
        let shown = self.path.display();
        if bytes.len() > MAX_FILE_BYTES {
            return Err(AppError::Invalid(format!(
                "{shown}: the vault would grow to {} bytes, above its limit of {MAX_FILE_BYTES} bytes: nothing was saved",
                bytes.len()
            )));
        }
        match vault::parse(&bytes) {
            Ok(back) if back == *v => Ok(bytes),
            Ok(_) => Err(AppError::Invalid(format!(
                "{shown}: the new vault would not read back as written: nothing was saved"
            ))),
            Err(e) => Err(AppError::Invalid(format!(
                "{shown}: the new vault would not read back ({e}): nothing was saved"
            ))),
        }
    }

    /// First half of a save: the new vault in a temp file (0600) in the same folder, fsynced.
    /// Nothing is visible until [`Store::commit`]; dropping the result removes the temp file.
    pub fn stage(&self, guard: &LockGuard, v: &Vault) -> Result<Staged, AppError> {
        let bytes = self.checked_bytes(v)?;
        let folder = files::folder_of(&guard.vault);
        let name = vault_name(guard);
        let io = |e| AppError::io(&folder, e);
        // tempfile creates the file with mode 0600 and O_EXCL; it is removed if we fail before
        // the rename (a SIGKILL can leave a stray `.vault.json.*.tmp`, which the next save
        // removes; never a damaged vault).
        let mut tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .rand_bytes(files::TEMP_RANDOM)
            .tempfile_in(&folder)
            .map_err(io)?;
        tmp.write_all(&bytes).map_err(io)?;
        tmp.as_file().sync_all().map_err(io)?;
        Ok(Staged { tmp })
    }

    /// Second half of a save: rename the staged file over the vault, fsync the folder.
    pub fn commit(&self, guard: &LockGuard, staged: Staged) -> Result<(), AppError> {
        let folder = files::folder_of(&guard.vault);
        staged
            .tmp
            .persist(&guard.vault)
            .map_err(|e| AppError::io(&self.path, e.error))?;
        File::open(&folder)
            .and_then(|d| d.sync_all())
            .map_err(|e| AppError::io(&folder, e))?;
        Ok(())
    }

    /// Read-modify-write under the lock. The vault is saved when `f` changed it, also when `f`
    /// returns an error (so `f` must change it only on success, or with a change to keep).
    pub fn modify<T>(
        &self,
        f: impl FnOnce(&mut Vault) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let guard = self.lock()?;
        let mut v = self.load_locked(&guard)?;
        let before = v.clone();
        let result = f(&mut v);
        if v != before {
            self.save(&guard, &v)?;
        }
        result
    }
}

/// The real vault's file name (temp files are named after it).
fn vault_name(guard: &LockGuard) -> String {
    guard
        .vault
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "vault".into())
}

#[cfg(test)]
mod tests;
