//! Four processes asking for 25 codes each at the same time get 100 distinct counters, none lost.
mod vault_support;

use std::sync::Arc;
use vault_support::*;

#[test]
fn four_processes_times_25_codes_give_100_distinct_counters() {
    let sb = Arc::new(Sandbox::with_fixture());
    let start = 5; // the fixture's next counter
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let sb = Arc::clone(&sb);
            std::thread::spawn(move || {
                (0..25)
                    .map(|_| {
                        let out = run(sb.with_pin(FIXTURE_PIN, &["--json", "code", "python"]), 0);
                        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
                        v["counter"].as_u64().unwrap()
                    })
                    .collect::<Vec<u64>>()
            })
        })
        .collect();
    let mut all: Vec<u64> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    all.sort_unstable();
    assert_eq!(all, (start..start + 100).collect::<Vec<u64>>());
    assert_eq!(sb.list()["tokens"][0]["counter"], start + 100);
}
