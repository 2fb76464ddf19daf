//! Signals for the terminal UI: SIGTERM/SIGINT ask the event loop to quit like `q`; SIGHUP
//! (terminal gone) ends the process at once.
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// SIGTERM and SIGINT set the returned flag; the event loop then quits the way `q` does (tokens
/// locked, codes wiped, our clipboard value cleared, terminal restored, demo folder removed).
pub(super) fn watch(demo_dir: Option<PathBuf>) -> std::io::Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [SIGTERM, SIGINT] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    exit_on_hangup(demo_dir)?;
    Ok(stop)
}

pub(super) fn stop_requested(stop: &AtomicBool) -> bool {
    stop.load(Ordering::Relaxed)
}

/// SIGHUP (the window or the SSH session closed): the terminal is gone, and crossterm's poll can
/// spin on the dead tty, so the event loop might never look at a flag. A watcher thread ends the
/// process at once instead: secrets go with the process, an X11 clipboard value served by this
/// process goes with it, and the demo folder is removed here.
fn exit_on_hangup(demo_dir: Option<PathBuf>) -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP])?;
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            if let Some(dir) = &demo_dir {
                let _ = std::fs::remove_dir_all(dir);
            }
            std::process::exit(128 + SIGHUP);
        }
    });
    Ok(())
}
