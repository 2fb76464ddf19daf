//! The vault store: load, and read-modify-write under an exclusive lock with an atomic save.
//! Save = temp file (0600) in the same folder, fsync, rename over the vault, fsync the folder.
//! A file that failed to parse is never written; nothing here deletes user data.
use crate::AppError;
use softpass_core::vault::{self, MAX_FILE_BYTES, Vault};
use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// One vault file and its lock file (`<vault>.lock`).
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
}

/// A new vault written and fsynced beside the real one, waiting for [`Store::commit`].
pub struct Staged {
    tmp: tempfile::NamedTempFile,
}

/// Proof that the caller holds the exclusive lock; released on drop.
pub struct LockGuard {
    _file: File,
}

impl Store {
    pub fn new(path: PathBuf) -> Self {
        Self { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn folder(&self) -> PathBuf {
        match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    fn lock_path(&self) -> PathBuf {
        let mut name = self.path.as_os_str().to_owned();
        name.push(".lock");
        PathBuf::from(name)
    }

    /// Reads the vault without the lock (saves are atomic renames, so a reader sees a whole file).
    /// A missing file is an empty vault.
    pub fn load(&self) -> Result<Vault, AppError> {
        let file = match File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Vault::default()),
            Err(e) => return Err(AppError::io(&self.path, e)),
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
    pub fn lock(&self) -> Result<LockGuard, AppError> {
        let folder = self.folder();
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&folder)
            .map_err(|e| AppError::io(&folder, e))?;
        let lock_path = self.lock_path();
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&lock_path)
            .map_err(|e| AppError::io(&lock_path, e))?;
        file.lock().map_err(|e| AppError::io(&lock_path, e))?;
        Ok(LockGuard { _file: file })
    }

    /// Writes the whole vault atomically. Requires the lock.
    pub fn save(&self, guard: &LockGuard, v: &Vault) -> Result<(), AppError> {
        let staged = self.stage(guard, v)?;
        self.commit(guard, staged)
    }

    /// First half of a save: the new vault in a temp file (0600) in the same folder, fsynced.
    /// Nothing is visible until [`Store::commit`]; dropping the result removes the temp file.
    pub fn stage(&self, _guard: &LockGuard, v: &Vault) -> Result<Staged, AppError> {
        let bytes = vault::serialize(v).map_err(|source| AppError::Vault {
            path: self.path.clone(),
            source,
        })?;
        let folder = self.folder();
        let io = |e| AppError::io(&folder, e);
        // tempfile creates the file with mode 0600 and O_EXCL; it is removed if we fail before
        // the rename (a SIGKILL can leave a stray `.vault.json.*.tmp`, never a damaged vault).
        let mut tmp = tempfile::Builder::new()
            .prefix(&format!(".{}.", self.file_name()))
            .suffix(".tmp")
            .tempfile_in(&folder)
            .map_err(io)?;
        tmp.write_all(&bytes).map_err(io)?;
        tmp.as_file().sync_all().map_err(io)?;
        Ok(Staged { tmp })
    }

    /// Second half of a save: rename the staged file over the vault, fsync the folder.
    pub fn commit(&self, _guard: &LockGuard, staged: Staged) -> Result<(), AppError> {
        let folder = self.folder();
        staged
            .tmp
            .persist(&self.path)
            .map_err(|e| AppError::io(&self.path, e.error))?;
        File::open(&folder)
            .and_then(|d| d.sync_all())
            .map_err(|e| AppError::io(&folder, e))?;
        Ok(())
    }

    fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "vault".into())
    }

    /// Read-modify-write under the lock. The vault is saved when `f` changed it, also when `f`
    /// returns an error (a counted wrong PIN must be saved before it is reported).
    pub fn modify<T>(
        &self,
        f: impl FnOnce(&mut Vault) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let guard = self.lock()?;
        let mut v = self.load()?;
        let before = v.clone();
        let result = f(&mut v);
        if v != before {
            self.save(&guard, &v)?;
        }
        result
    }
}
