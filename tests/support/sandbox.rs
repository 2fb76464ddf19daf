//! The one sandbox: a temp dir holding home, XDG folders, settings and vault, and the built binary
//! run in it with a scrubbed environment, so no test sees or touches the real user's files.
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;
use softpass_core::vault::KdfCost;
use tempfile::TempDir;

use super::run::{json, ok};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_softpass");
/// The application PIN `import_uri` seals tokens with.
pub const PIN: &str = "1234";
/// Tiny key-derivation cost for newly sealed tokens (docs/cli.md allows tests to pass these).
pub const KDF: [&str; 4] = ["--kdf-memory-kib", "64", "--kdf-iterations", "1"];
/// The same tiny cost for tests that seal through the libraries.
pub const TINY: KdfCost = KdfCost {
    memory_kib: 64,
    iterations: 1,
    parallelism: 1,
};
/// Fast PBKDF2 for `issue` (a hidden speed option: issued files are only used inside tests).
pub const FAST_ISSUE: [&str; 2] = ["--pbkdf2-iterations", "1000"];

/// Variables a test process may inherit that would leak the user's setup into the binary.
const LEAKY: [&str; 4] = ["DISPLAY", "WAYLAND_DISPLAY", "TMUX", "TMUX_PANE"];

pub struct Sandbox {
    pub dir: TempDir,
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Sandbox {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        // The scrubbed environment points TMPDIR here: it must exist.
        std::fs::create_dir(dir.path().join("tmp")).expect("tmp dir");
        Sandbox { dir }
    }

    /// A sandbox whose vault is `bytes` (a committed fixture), with its folder made as softpass
    /// makes it.
    pub fn with_vault(bytes: &[u8]) -> Self {
        let sb = Self::new();
        std::fs::create_dir_all(sb.vault().parent().unwrap()).unwrap();
        std::fs::write(sb.vault(), bytes).unwrap();
        sb
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The vault every `sp` call points `--vault` at (its folder does not exist until used).
    pub fn vault(&self) -> PathBuf {
        self.path("vault/vault.json")
    }

    /// The settings file the scrubbed environment names (absent unless written: defaults).
    pub fn config(&self) -> PathBuf {
        self.path("config/softpass.toml")
    }

    pub fn write_config(&self, text: &str) {
        std::fs::create_dir_all(self.path("config")).unwrap();
        std::fs::write(self.config(), text).unwrap();
    }

    /// Applies the sandbox environment to any command (the binary, tmux, a shell): home, data,
    /// config, cache, runtime and temp folders inside the sandbox, no SOFTPASS_* variable but
    /// the settings file, no display, no enclosing tmux, no backtraces.
    pub fn scrub<'c>(&self, c: &'c mut Command) -> &'c mut Command {
        for (k, _) in std::env::vars_os() {
            if k.to_string_lossy().starts_with("SOFTPASS_") {
                c.env_remove(&k);
            }
        }
        for k in LEAKY {
            c.env_remove(k);
        }
        c.current_dir(self.dir.path())
            .env("HOME", self.path("home"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .env("XDG_RUNTIME_DIR", self.path("run"))
            .env("TMPDIR", self.path("tmp"))
            .env("SOFTPASS_CONFIG", self.config())
            .env("RUST_BACKTRACE", "0")
    }

    /// The binary itself in the sandbox (for tests that signal the process they spawned).
    pub fn direct(&self) -> Command {
        let mut c = Command::new(BIN);
        self.scrub(&mut c).stdin(Stdio::null());
        c
    }

    /// `direct` on the sandbox vault: a kill, or a look into /proc, reaches the process that
    /// reads and writes the vault, not `setsid`.
    pub fn direct_sp(&self, args: &[&str]) -> Command {
        let mut c = self.direct();
        c.arg("--vault").arg(self.vault()).args(args);
        c
    }

    /// Like `direct_sp`, with `SOFTPASS_PIN` set.
    pub fn direct_pin(&self, pin: &str, args: &[&str]) -> Command {
        let mut c = self.direct_sp(args);
        c.env("SOFTPASS_PIN", pin);
        c
    }

    /// The binary with no controlling terminal (run via `setsid -w`), so "no terminal to ask" is
    /// real even when the test runner has one.
    pub fn bare(&self) -> Command {
        let mut c = Command::new("setsid");
        c.arg("-w").arg(BIN);
        self.scrub(&mut c).stdin(Stdio::null());
        c
    }

    /// `softpass ARGS...` without `--vault` (for `issue`, `calc`, `man`, ...).
    pub fn novault(&self, args: &[&str]) -> Command {
        let mut c = self.bare();
        c.args(args);
        c
    }

    /// `softpass --vault <sandbox vault> ARGS...`
    pub fn sp(&self, args: &[&str]) -> Command {
        self.sp_at(&self.vault(), args)
    }

    /// `softpass --vault VAULT ARGS...`: another path (a symlink, a mount) in the same sandbox.
    pub fn sp_at(&self, vault: &Path, args: &[&str]) -> Command {
        let mut c = self.bare();
        c.arg("--vault").arg(vault).args(args);
        c
    }

    /// Like `sp`, with `SOFTPASS_PIN` set.
    pub fn pin(&self, pin: &str, args: &[&str]) -> Command {
        self.pin_at(&self.vault(), pin, args)
    }

    /// Like `sp_at`, with `SOFTPASS_PIN` set.
    pub fn pin_at(&self, vault: &Path, pin: &str, args: &[&str]) -> Command {
        let mut c = self.sp_at(vault, args);
        c.env("SOFTPASS_PIN", pin);
        c
    }

    /// Imports a URI with [`PIN`] (the source carries none) at the tiny KDF cost; returns the
    /// import JSON.
    pub fn import_uri(&self, uri: &str, extra: &[&str]) -> Value {
        let mut args = vec!["--json", "import", "--uri", uri];
        args.extend_from_slice(&KDF);
        args.extend_from_slice(extra);
        json(&ok(self.pin(PIN, &args)))
    }

    /// `import --mobilepass CODE EXTRA` with [`PIN`]; returns the import JSON.
    pub fn import_mobilepass(&self, code: &str, extra: &[&str]) -> Value {
        let mut args = vec!["--json", "import", "--mobilepass", code];
        args.extend_from_slice(&KDF);
        args.extend_from_slice(extra);
        json(&ok(self.pin(PIN, &args)))
    }

    /// `list --json`, parsed.
    pub fn list(&self) -> Value {
        json(&ok(self.sp(&["--json", "list"])))
    }

    /// Entry `i` of `list --json`.
    pub fn token(&self, i: usize) -> Value {
        self.list()["tokens"][i].clone()
    }

    /// How many tokens the vault holds (0 when it does not exist).
    pub fn count(&self) -> usize {
        self.list()["tokens"].as_array().map_or(0, Vec::len)
    }

    /// The serials of `list --json`, in vault order.
    pub fn serials(&self) -> Vec<String> {
        let list = self.list();
        let tokens = list["tokens"].as_array().expect("tokens array");
        tokens
            .iter()
            .map(|t| t["serial"].as_str().expect("serial").to_owned())
            .collect()
    }

    /// The next `count` eTokens of token `name` (`code NAME --count N` with PIN `pin`).
    pub fn etokens(&self, pin: &str, name: &str, count: u32) -> Vec<String> {
        super::run::lines(self.pin(pin, &["code", name, "--count", &count.to_string()]))
    }

    /// The eTokens of time-based token `name` at each Unix time (`code NAME --time T`).
    pub fn etokens_at(&self, pin: &str, name: &str, times: &[u64]) -> Vec<String> {
        times
            .iter()
            .map(|t| {
                let out = ok(self.pin(pin, &["code", name, "--time", &t.to_string()]));
                out.trim().to_owned()
            })
            .collect()
    }

    pub fn read_vault(&self) -> Vec<u8> {
        std::fs::read(self.vault()).expect("vault exists")
    }

    /// `softpass --json issue --out issued EXTRA` at the fast PBKDF2 cost: the token server's
    /// side of an activation.
    pub fn issue(&self, extra: &[&str]) -> Vec<Issued> {
        let mut args = vec!["--json", "issue", "--out", "issued"];
        args.extend_from_slice(&FAST_ISSUE);
        args.extend_from_slice(extra);
        let v = json(&ok(self.novault(&args)));
        v["tokens"]
            .as_array()
            .expect("tokens array")
            .iter()
            .map(|t| {
                let s = |k: &str| {
                    t[k].as_str()
                        .unwrap_or_else(|| panic!("{k}: {t}"))
                        .to_owned()
                };
                Issued {
                    serial: s("serial"),
                    key: s("activation_key"),
                    pin: s("application_pin"),
                    file: self.path(&s("seed_file")).to_str().unwrap().to_owned(),
                    uri: s("otpauth"),
                }
            })
            .collect()
    }

    /// `import --seed-file FILE EXTRA` with PIN `pin`, at the tiny KDF cost (plain files, and
    /// files whose key comes in `extra`: `--psk`, `--activation-key`).
    pub fn import_file(&self, file: impl AsRef<Path>, pin: &str, extra: &[&str]) -> Command {
        let file = file.as_ref().to_str().expect("utf-8 path");
        let mut args = vec!["import", "--seed-file", file];
        args.extend_from_slice(&KDF);
        args.extend_from_slice(extra);
        self.pin(pin, &args)
    }

    /// `import --seed-file FILE --activation-key KEY EXTRA` with PIN `pin`, at the tiny KDF cost.
    pub fn import_seed(
        &self,
        file: impl AsRef<Path>,
        key: &str,
        pin: &str,
        extra: &[&str],
    ) -> Command {
        let mut args = vec!["--activation-key", key];
        args.extend_from_slice(extra);
        self.import_file(file, pin, &args)
    }

    /// `import_seed` of an issued token with its activation key.
    pub fn import_issued(&self, t: &Issued, pin: &str, extra: &[&str]) -> Command {
        self.import_seed(Path::new(&t.file), &t.key, pin, extra)
    }
}

/// One token as `softpass issue --json` describes it (`file` made absolute).
pub struct Issued {
    pub serial: String,
    pub key: String,
    pub pin: String,
    pub file: String,
    pub uri: String,
}

/// Permission bits of a file or folder.
pub fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777
}

/// The same command run through `prefix` (e.g. `setpriv` with its options), keeping the
/// environment changes made on `c`.
pub fn wrapped(c: &Command, prefix: &[&str]) -> Command {
    let mut w = Command::new(prefix[0]);
    w.args(&prefix[1..]).arg(c.get_program()).args(c.get_args());
    if let Some(d) = c.get_current_dir() {
        w.current_dir(d);
    }
    for (k, v) in c.get_envs() {
        match v {
            Some(v) => w.env(k, v),
            None => w.env_remove(k),
        };
    }
    w.stdin(Stdio::null());
    w
}

/// Single-quotes `s` for `sh -c`.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// `softpass calc ARGS` in a fresh sandbox: asserts exit 0 and an empty stderr, returns stdout.
pub fn calc(args: &[&str]) -> String {
    let mut all = vec!["calc"];
    all.extend_from_slice(args);
    super::run::quiet(Sandbox::new().novault(&all))
}
