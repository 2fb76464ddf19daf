//! The one way commands write results: whole documents to stdout in one write, so a reader that
//! went away surfaces as a plain broken-pipe `io::Error` (reported as success by `exit`).
use serde::Serialize;
use std::io::{self, Write};

/// Write `bytes` to stdout in one piece and flush.
pub fn bytes(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(())
}

/// Print `text` (already line-terminated).
pub fn print(text: &str) -> anyhow::Result<()> {
    bytes(text.as_bytes())
}

/// Print `value` as one JSON document.
pub fn json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    // Serialised to memory first: serde_json wraps write errors in its own type, which would hide
    // a broken pipe (a reader that went away is success) behind an ordinary error.
    let mut doc = serde_json::to_vec(value)?;
    doc.push(b'\n');
    bytes(&doc)
}

/// A warning on stderr (`softpass: warning: ...`): the command goes on.
pub fn warn(text: &str) {
    eprintln!("softpass: warning: {text}");
}
