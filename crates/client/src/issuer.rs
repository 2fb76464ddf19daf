//! Issuing tokens, the token server's side of activation: OS randomness in, `<SERIAL>.pskc` (or
//! `.xml` / `.csv`) files out (mode 0600, never overwriting, whole or not at all). The format work
//! is `softpass_core::pskc::issue`.
use crate::AppError;
use softpass_core::DomainError;
use softpass_core::otpauth::KeyUri;
use softpass_core::pskc::{self, IssueSpec, PskcError};
use softpass_core::secret::SecretString;
use softpass_core::seedfile::Format;
use softpass_core::token::OtpParams;
use std::fs::{self, File};
use std::io::{self, Write};
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

/// One issued token, as the shells show it. `otpauth` carries the secret (for a validating server).
pub struct IssuedToken {
    pub serial: String,
    /// `None` for a seed file that is not encrypted (Aladdin XML, OATH CSV).
    pub activation_key: Option<SecretString>,
    pub application_pin: SecretString,
    pub seed_file: PathBuf,
    pub otpauth: SecretString,
    pub params: OtpParams,
    pub max_failed_attempts: u32,
    pub format: Format,
    /// What was written to `seed_file` (wiped on drop: two formats hold the secret in clear).
    pub seed_content: zeroize::Zeroizing<String>,
}

/// Draw from the OS generator; a failure is remembered and reported after the pure code returns.
fn with_os_random<T>(f: impl FnOnce(&mut dyn FnMut(&mut [u8])) -> T) -> Result<T, AppError> {
    let mut failed = false;
    let result = f(&mut |buf: &mut [u8]| {
        if getrandom::fill(buf).is_err() {
            failed = true;
        }
    });
    if failed {
        return Err(AppError::Io {
            path: PathBuf::from("getrandom"),
            source: io::Error::other("the operating system's random generator failed"),
        });
    }
    Ok(result)
}

/// Create `dir/name` with mode 0600, never overwriting, and make its content durable. Written to
/// a temp file first and linked into place only when complete (rename without replace): a
/// failed write (a full disk) leaves no empty or partial seed file that would block a retry.
fn write_new(dir: &Path, name: &str, content: &[u8]) -> Result<PathBuf, AppError> {
    let path = dir.join(name);
    let io = |e| AppError::io(&path, e);
    // tempfile creates it 0600 with O_EXCL, and removes it if anything below fails.
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    tmp.write_all(content).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist_noclobber(&path).map_err(|e| io(e.error))?;
    // The new directory entry must survive a crash too.
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| AppError::io(dir, e))?;
    Ok(path)
}

/// Issue one token into `out_dir` (created if missing) and return what goes into the e-mail.
pub fn issue(out_dir: &Path, spec: &IssueSpec) -> Result<IssuedToken, AppError> {
    let issued = with_os_random(|random| pskc::issue(spec, random))?.map_err(|e| match e {
        // A request the profile refuses (bad serial, PIN against the policy): not a file error.
        PskcError::Invalid(why) => AppError::Invalid(why),
        other => AppError::Domain(DomainError::from(other)),
    })?;
    // Only now, so a refused request leaves nothing behind, not even the folder. Seed files
    // hold secrets: a folder created for them is 0700 (an existing one is kept as is).
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(out_dir)
        .map_err(|e| AppError::io(out_dir, e))?;
    let name = format!("{}.{}", issued.serial, spec.format.extension());
    let seed_file = write_new(out_dir, &name, issued.file.as_bytes())?;
    let uri = KeyUri {
        kind: issued.params.kind,
        issuer: Some(spec.issuer.clone()),
        account: issued.serial.clone(),
        secret: issued.secret.duplicate(),
        algorithm: issued.params.algorithm,
        digits: issued.params.digits,
        counter: 0,
        period: issued.params.period,
    };
    Ok(IssuedToken {
        otpauth: uri.to_uri(),
        serial: issued.serial,
        activation_key: issued.activation_key,
        application_pin: issued.pin,
        seed_file,
        params: issued.params,
        max_failed_attempts: spec.max_failed_attempts,
        format: spec.format,
        seed_content: issued.file,
    })
}

/// Writes `<SERIAL>.eml` (an activation message) beside the token's seed file, the way the seed
/// file was written: mode 0600, never overwriting, whole or not at all. If it cannot be written
/// the seed file is removed again, so that the token is issued with both files or with neither.
pub fn write_eml(t: &IssuedToken, message: &[u8]) -> Result<PathBuf, AppError> {
    let dir = t.seed_file.parent().unwrap_or(Path::new("."));
    write_new(dir, &format!("{}.eml", t.serial), message).inspect_err(|_| {
        // Ours, created moments ago under a fresh serial.
        let _ = fs::remove_file(&t.seed_file);
    })
}
