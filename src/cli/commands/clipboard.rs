//! The hidden `clipboard-helper` command: copy stdin to the clipboard, or (`--serve`) be the
//! detached process that serves a copied value on X11 (docs/clipboard.md).
use crate::cli::args::ClipboardHelperArgs;
use softpass_client::clipboard;
use std::io::{self, Write};
use std::time::Duration;

pub fn run(args: &ClipboardHelperArgs) -> anyhow::Result<()> {
    let clear_after = Duration::from_secs(args.clear_after);
    if args.serve && args.tmux {
        let buffer = args.buffer.as_deref();
        clipboard::serve_tmux(io::stdin().lock(), io::stdout().lock(), clear_after, buffer)?;
        return Ok(());
    }
    if args.serve {
        clipboard::serve(io::stdin().lock(), io::stdout().lock(), clear_after)?;
        return Ok(());
    }
    let value = clipboard::read_value(io::stdin().lock(), true)?;
    let copied = clipboard::copy_detached_report(&value, clear_after)?;
    let mut out = io::stdout().lock();
    // The route, and whether the value is known to have arrived (docs/clipboard.md).
    let note = if copied.confirmed { "" } else { " unconfirmed" };
    writeln!(out, "{}{note}", copied.backend.name())?;
    out.flush()?;
    Ok(())
}
