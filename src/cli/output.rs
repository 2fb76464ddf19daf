//! Writing results: plain lines or one JSON document, through a buffered stdout.
use serde::Serialize;
use std::io::{self, Write};

/// Print `value` as one JSON document on stdout.
pub fn json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    serde_json::to_writer(&mut out, value)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}
