//! Writing results: plain lines or one JSON document, through a buffered stdout.
use serde::Serialize;
use std::io::{self, Write};

/// Print `value` as one JSON document on stdout.
pub fn json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    // Serialised to memory first: serde_json wraps write errors in its own type, which would hide
    // a broken pipe (a reader that went away is success) behind an ordinary error.
    let mut doc = serde_json::to_vec(value)?;
    doc.push(b'\n');
    let mut out = io::stdout().lock();
    out.write_all(&doc)?;
    out.flush()?;
    Ok(())
}
