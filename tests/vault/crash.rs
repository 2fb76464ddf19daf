//! Crash safety and concurrency of the vault through the binary: `softpass code` killed with
//! SIGKILL at random moments never reuses a counter, and processes running at the same time get
//! distinct counters, none lost.
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

/// xorshift64: reproducible "random" moments without a dependency.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// `softpass --json code` on the sandbox vault, the binary itself (not behind setsid), so a
/// kill reaches the process that writes the vault.
fn json_code(sb: &Sandbox) -> Command {
    sb.direct_pin(PIN, &["--json", "code"])
}

#[test]
fn sigkill_at_random_moments_never_reuses_a_counter() {
    // The fixture's next counter is 5.
    let sb = Sandbox::with_vault(PYTHON_VAULT);
    let mut runs: Vec<u64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            ok(json_code(&sb));
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
        let mut child = json_code(&sb)
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
    let next_counter = sb.token(0)["counter"].as_u64().unwrap();
    assert!(next_counter > *sorted.last().unwrap());
    // And the vault still works: the next code uses exactly that counter.
    let v = json(&ok(json_code(&sb)));
    assert_eq!(v["counter"].as_u64().unwrap(), next_counter);
    eprintln!(
        "{killed} of {attempts} runs killed, {} codes printed",
        printed.len() - 5
    );
}

#[test]
fn four_processes_times_25_codes_give_100_distinct_counters() {
    let sb = Sandbox::with_vault(PYTHON_VAULT);
    let start = 5; // the fixture's next counter
    let all = in_parallel(4, 25, |_| {
        let v = json(&ok(sb.pin(PIN, &["--json", "code", "python"])));
        v["counter"].as_u64().unwrap()
    });
    assert_eq!(all, (start..start + 100).collect::<Vec<u64>>());
    assert_eq!(sb.token(0)["counter"], start + 100);
}

#[test]
fn parallel_codes_are_all_different() {
    let sb = Sandbox::new();
    sb.import_uri(
        &format!("otpauth://hotp/x?secret={SEED20_B32}&counter=0"),
        &[],
    );
    let children: Vec<_> = (0..8)
        .map(|_| {
            let mut c = sb.pin(PIN, &["code"]);
            c.stdout(Stdio::piped()).stderr(Stdio::piped());
            c.spawn().expect("spawn")
        })
        .collect();
    let mut got: Vec<String> = children
        .into_iter()
        .map(|ch| {
            let o = ch.wait_with_output().unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            String::from_utf8(o.stdout).unwrap().trim().to_owned()
        })
        .collect();
    got.sort();
    let mut want: Vec<String> = RFC4226[..8].iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(got, want, "each counter 0..8 used exactly once");
    assert_eq!(sb.token(0)["counter"], 8);
}
