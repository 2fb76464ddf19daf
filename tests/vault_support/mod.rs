//! Shared helpers for the vault CLI tests: a sandboxed `softpass` in a temp dir, tiny KDF cost.
#![allow(dead_code)] // each test file uses a different part

use std::borrow::BorrowMut;
use std::path::{Path, PathBuf};
use std::process::Command;

/// RFC 4226 Appendix D secret "12345678901234567890" in base32.
pub const RFC4226_B32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
/// RFC 4226 Appendix D HOTP values for counters 0..=9.
pub const RFC4226_CODES: [&str; 10] = [
    "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
    "520489",
];
pub const PIN: &str = "2468";
/// tests/testdata/vault-v1-python.json, written by make_vault_fixture.py with libsodium.
pub const FIXTURE: &[u8] = include_bytes!("../testdata/vault-v1-python.json");
pub const FIXTURE_PIN: &str = "1234";

pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    /// A sandbox whose vault is the independently written fixture: one HOTP token "python"
    /// (RFC 4226 secret, next counter 5, PIN [`FIXTURE_PIN`], OTP PIN "99").
    pub fn with_fixture() -> Self {
        let sb = Self::new();
        let folder = sb.vault().parent().unwrap().to_path_buf();
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(sb.vault(), FIXTURE).unwrap();
        sb
    }
    pub fn vault(&self) -> PathBuf {
        self.dir.path().join("data").join("vault.json")
    }
    /// `softpass` with the vault, settings and home inside the sandbox, no PIN in the environment.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_softpass"));
        let home = self.dir.path();
        c.env("SOFTPASS_VAULT", self.vault())
            .env("SOFTPASS_CONFIG", home.join("config.toml"))
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("xdg-data"))
            .env("XDG_CONFIG_HOME", home.join("xdg-config"))
            .env_remove("SOFTPASS_PIN")
            .env_remove("SOFTPASS_NEW_PIN")
            .env_remove("SOFTPASS_ACTIVATION_KEY")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .stdin(std::process::Stdio::null());
        c
    }
    /// `softpass ARGS` with `SOFTPASS_PIN=pin`.
    pub fn with_pin(&self, pin: &str, args: &[&str]) -> Command {
        let mut c = self.cmd();
        c.env("SOFTPASS_PIN", pin).args(args);
        c
    }
    /// Imports an otpauth URI with the tiny KDF cost; panics on failure.
    pub fn import_uri(&self, uri: &str, name: &str) {
        let out = self
            .with_pin(
                PIN,
                &[
                    "import",
                    "--uri",
                    uri,
                    "--name",
                    name,
                    "--kdf-memory-kib",
                    "64",
                    "--kdf-iterations",
                    "1",
                ],
            )
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "import failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    pub fn import_rfc4226(&self, name: &str) {
        self.import_uri(
            &format!("otpauth://hotp/ACME:alice?secret={RFC4226_B32}&issuer=ACME&counter=0"),
            name,
        );
    }
    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(self.vault()).unwrap()
    }
    /// `list --json` parsed.
    pub fn list(&self) -> serde_json::Value {
        let out = self.cmd().args(["list", "--json"]).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

/// stdout of a finished command, asserting the exit code.
pub fn run(mut c: impl BorrowMut<Command>, code: i32) -> String {
    let out = c.borrow_mut().output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout: {} stderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// stderr of a finished command, asserting the exit code and that stdout is empty.
pub fn fails(mut c: impl BorrowMut<Command>, code: i32) -> String {
    let out = c.borrow_mut().output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert!(out.stdout.is_empty(), "stdout not empty on error");
    assert!(
        err.starts_with("softpass: ") && err.trim_end().lines().count() == 1,
        "{err}"
    );
    err
}

pub fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// The same command run through `prefix` (e.g. `setsid`, or `setpriv` with its options),
/// keeping the environment changes made on `c`.
pub fn wrapped(c: &Command, prefix: &[&str]) -> Command {
    let mut w = Command::new(prefix[0]);
    w.args(&prefix[1..]).arg(c.get_program()).args(c.get_args());
    for (k, v) in c.get_envs() {
        match v {
            Some(v) => w.env(k, v),
            None => w.env_remove(k),
        };
    }
    w.stdin(std::process::Stdio::null());
    w
}
