//! The audit log `<data-dir>/audit.jsonl`: one JSON object per line, written by its own thread
//! after the login's state is committed. It names the user, serial, verdict, counter and client
//! address; never an OTP PIN or an eToken.
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::sync::mpsc;

/// One audit entry.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AuditLine {
    /// Unix seconds (also written as UTC text in `at`).
    pub time: u64,
    pub action: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    pub result: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counter: Option<u64>,
    pub client: String,
}

#[derive(Serialize)]
struct Written<'a> {
    at: String,
    #[serde(flatten)]
    line: &'a AuditLine,
}

/// A handle to the audit writer; cheap to clone. Dropping every handle flushes and stops it.
#[derive(Clone)]
pub struct Audit {
    tx: Option<mpsc::Sender<AuditLine>>,
}

impl Audit {
    /// Appends to `path` (created 0600).
    pub fn open(path: &Path) -> std::io::Result<(Self, std::thread::JoinHandle<()>)> {
        let mut opts = std::fs::OpenOptions::new();
        opts.create(true).append(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
        let file = opts.open(path)?;
        let (tx, rx) = mpsc::channel::<AuditLine>();
        let t = std::thread::Builder::new()
            .name("softpass-audit".into())
            .spawn(move || writer(file, rx))?;
        Ok((Self { tx: Some(tx) }, t))
    }

    /// An audit that writes nothing (tests of the layers above).
    pub fn discard() -> Self {
        Self { tx: None }
    }

    pub fn write(&self, line: AuditLine) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(line);
        }
    }
}

fn writer(file: std::fs::File, rx: mpsc::Receiver<AuditLine>) {
    let mut out = std::io::BufWriter::new(file);
    while let Ok(first) = rx.recv() {
        let mut next = Some(first);
        while let Some(line) = next {
            let w = Written {
                at: utc(line.time),
                line: &line,
            };
            if let Ok(mut text) = serde_json::to_vec(&w) {
                text.push(b'\n');
                let _ = out.write_all(&text);
            }
            next = rx.try_recv().ok();
        }
        // Flushed whenever the queue is empty: lines reach the file within one batch.
        let _ = out.flush();
    }
    let _ = out.flush();
}

/// `YYYY-MM-DDTHH:MM:SSZ` for Unix seconds (proleptic Gregorian, days-from-civil inverse).
pub fn utc(t: u64) -> String {
    let days = (t / 86_400) as i64;
    let rem = t % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_matches_known_dates() {
        // `date -u -d @1111111111 +%FT%TZ` and `date -u -d @951782400` (a leap day).
        assert_eq!(utc(1_111_111_111), "2005-03-18T01:58:31Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn lines_are_json_and_flushed_on_close() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("audit.jsonl");
        let (a, t) = Audit::open(&p).unwrap();
        a.write(AuditLine {
            time: 0,
            action: "validate/check",
            user: Some("alice".into()),
            serial: None,
            result: "ACCEPT".into(),
            message: "matching 1 tokens".into(),
            counter: Some(3),
            client: "127.0.0.1:1".into(),
        });
        drop(a);
        t.join().unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        let v: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
        assert_eq!(v["user"], "alice");
        assert_eq!(v["at"], "1970-01-01T00:00:00Z");
        assert_eq!(v["counter"], 3);
    }
}
