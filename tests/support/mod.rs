//! The one support module of the integration tests, included by every test binary with
//! `#[path = "../support/mod.rs"] mod support;`: the sandbox that runs the built binary, output
//! assertions, the tmux driver, the Xvfb helper, the outside vector tables and independent oracles.
#![allow(dead_code, unused_imports)] // each test binary uses a different part

pub mod chain;
pub mod fixtures;
pub mod oracle;
pub mod pg;
pub mod pty;
pub mod radius;
pub mod run;
pub mod sandbox;
pub mod serve;
pub mod smtp;
pub mod tmux;
pub mod vectors;
pub mod xvfb;

pub use fixtures::*;
pub use oracle::*;
pub use run::*;
pub use sandbox::*;
pub use vectors::*;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// True when every tool is on PATH. A missing one skips the test with a message locally, and is
/// a failure under CI (`CI` set), where .ci/run installs them all.
pub fn require(tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools
        .iter()
        .copied()
        .filter(|t| {
            !Command::new("sh")
                .args(["-c", &format!("command -v {t}")])
                .stdout(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
        .collect();
    if missing.is_empty() {
        return true;
    }
    let hint = "apt-get install -y xvfb xclip tmux util-linux";
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but {missing:?} is missing: {hint}"
    );
    eprintln!("SKIPPED: {missing:?} not installed (set CI=1 to make this a failure; {hint})");
    false
}

/// The error of a parse that must fail; `input` names it in the panic if it was accepted.
pub fn refused<T, E>(parsed: Result<T, E>, input: &str) -> E {
    match parsed {
        Ok(_) => panic!("{input:?} was accepted"),
        Err(e) => e,
    }
}

/// Polls `cond` every 50 ms until it holds (true) or `timeout` passes (false).
pub fn wait_for(timeout: Duration, mut cond: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if cond() {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Runs `each(worker)` `times` times on each of `workers` threads at once (e.g. one `softpass
/// code` per call, each returning the counter it used); every result, sorted.
pub fn in_parallel(workers: usize, times: usize, each: impl Fn(usize) -> u64 + Sync) -> Vec<u64> {
    let each = &each;
    let mut all: Vec<u64> = std::thread::scope(|s| {
        let running: Vec<_> = (0..workers)
            .map(|w| s.spawn(move || (0..times).map(|_| each(w)).collect::<Vec<u64>>()))
            .collect();
        running
            .into_iter()
            .flat_map(|r| r.join().expect("worker"))
            .collect()
    });
    all.sort_unstable();
    all
}
