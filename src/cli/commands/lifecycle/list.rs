//! `softpass list`: the tokens and their public state; no PIN, no key derivation.
use super::common::client;
use crate::cli::args::Global;
use crate::cli::output;

pub fn list(g: &Global) -> anyhow::Result<()> {
    let tokens = client(g)?.list()?;
    if g.json {
        return output::json(&serde_json::json!({ "tokens": tokens }));
    }
    if tokens.is_empty() {
        return output::print("no tokens (add one with `softpass import`)\n");
    }
    // Columns as wide as their widest cell (and at least their header).
    let width = tokens
        .iter()
        .map(|t| t.name.chars().count())
        .max()
        .unwrap_or(0)
        .max("NAME".len());
    let nexts: Vec<String> = tokens
        .iter()
        .map(|t| match (t.counter, t.period) {
            (Some(c), _) => c.to_string(),
            (None, Some(p)) => format!("{p}s"),
            (None, None) => "-".into(),
        })
        .collect();
    let next_w = nexts.iter().map(String::len).max().unwrap_or(0).max(6);
    let mut out = format!(
        "{:width$}  {:16}  {:10}  {:6}  {:>next_w$}  STATE\n",
        "NAME", "SERIAL", "KIND", "DIGITS", "NEXT"
    );
    for (t, next) in tokens.iter().zip(&nexts) {
        let state = if t.locked {
            "locked".to_owned()
        } else if t.failed_attempts > 0 {
            format!("{} wrong PIN(s)", t.failed_attempts)
        } else {
            "ok".to_owned()
        };
        out.push_str(&format!(
            "{:width$}  {:16}  {:10}  {:6}  {:>next_w$}  {state}\n",
            t.name,
            t.serial,
            t.kind.as_str(),
            t.digits,
            next
        ));
    }
    output::print(&out)
}
