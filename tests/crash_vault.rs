//! Crash safety: `softpass code` killed with SIGKILL at random moments, until 200 runs died. Afterwards the
//! vault opens, no counter was printed twice, and the next counter is above every printed one.
mod vault_support;

use std::process::Stdio;
use std::time::{Duration, Instant};
use vault_support::*;

/// xorshift64: reproducible "random" moments without a dependency.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn sigkill_at_random_moments_never_reuses_a_counter() {
    let sb = Sandbox::with_fixture();
    let mut runs: Vec<u64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            run(sb.with_pin(FIXTURE_PIN, &["code"]), 0);
            t.elapsed().as_micros() as u64
        })
        .collect();
    runs.sort_unstable();
    // Kill anywhere from the start to the end of a typical run.
    let span = runs[2].max(1000);
    let mut state = 0x5eed_cafe_f00d_u64;
    let mut printed: Vec<u64> = vec![5, 6, 7, 8, 9];
    let (mut killed, mut attempts) = (0, 0);
    // Until 200 runs were really interrupted (a kill after a run ended does not count).
    while killed < 200 && attempts < 2000 {
        attempts += 1;
        let mut child = sb
            .with_pin(FIXTURE_PIN, &["--json", "code"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(next(&mut state) % span));
        child.kill().unwrap(); // SIGKILL
        let out = child.wait_with_output().unwrap();
        if !out.status.success() {
            killed += 1;
        }
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                printed.push(v["counter"].as_u64().unwrap());
            }
        }
    }
    assert!(
        killed >= 200,
        "only {killed} of {attempts} runs were interrupted"
    );
    let mut sorted = printed.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), printed.len(), "a counter was printed twice");
    let next_counter = sb.list()["tokens"][0]["counter"].as_u64().unwrap();
    assert!(next_counter > *sorted.last().unwrap());
    // And the vault still works: the next code uses exactly that counter.
    let out = run(sb.with_pin(FIXTURE_PIN, &["--json", "code"]), 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["counter"].as_u64().unwrap(), next_counter);
    eprintln!(
        "{killed} of {attempts} runs killed, {} codes printed",
        printed.len() - 5
    );
}
