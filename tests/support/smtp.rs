//! A real SMTP server on loopback for the enrolment tests: Python's aiosmtpd running
//! tests/support/smtp_sink.py on a port it picks, saving each message it accepts as
//! `DIR/NNNN.eml` (and its envelope as `NNNN.json`) before it answers 250. Needs `python3` with
//! aiosmtpd (`python3 -m pip install aiosmtpd`, as .ci/run does): without it a test skips with a
//! message, and fails under CI.
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct SmtpSink {
    child: Child,
    pub dir: PathBuf,
    pub port: u16,
}

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/smtp_sink.py");

/// Whether `python3` can import aiosmtpd; a skip message (or, under CI, a failure) if not.
pub fn available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        let hint = "python3 -m pip install aiosmtpd";
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but python3 cannot import aiosmtpd: {hint}"
        );
        eprintln!("SKIPPED: python3 has no aiosmtpd (set CI=1 to make this a failure; {hint})");
    }
    ok
}

impl SmtpSink {
    /// Starts the sink saving into `dir`; `None` (after the skip message) without aiosmtpd.
    pub fn start(dir: &Path) -> Option<SmtpSink> {
        if !available() {
            return None;
        }
        let mut child = Command::new("python3")
            .arg(SCRIPT)
            .arg("--dir")
            .arg(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the SMTP sink");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("the SMTP sink did not say its port: {line:?}"));
        Some(SmtpSink {
            child,
            dir: dir.to_owned(),
            port,
        })
    }

    /// `smtp://127.0.0.1:PORT`, for `serve --smtp`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The saved messages, oldest first.
    pub fn messages(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        v.sort();
        v
    }

    /// The envelope of message `eml` (`mail_from`, `rcpt_tos`, ...).
    pub fn envelope(&self, eml: &Path) -> serde_json::Value {
        let text = std::fs::read_to_string(eml.with_extension("json")).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    /// Waits until `n` messages are saved (they are in place before the 250 that ends a send).
    pub fn wait_for(&self, n: usize) -> Vec<PathBuf> {
        let ok = super::wait_for(Duration::from_secs(20), || self.messages().len() >= n);
        assert!(
            ok,
            "the SMTP sink has {} of {n} messages",
            self.messages().len()
        );
        self.messages()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}
