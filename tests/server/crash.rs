//! SIGKILL under load, 50 times: after every restart the database opens and no eToken that was
//! answered ACCEPT before the kill is accepted again (every accept was committed before it was
//! answered).

use crate::support::serve::{RFC_KEY_HEX, hotp, start, text, users_file};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

type Shared<T> = Arc<Mutex<T>>;

fn count(s: &crate::support::serve::Server) -> u64 {
    let (_, v) = s.admin("GET", "/token/?serial=CRASH001", "");
    v["result"]["value"]["tokens"][0]["count"].as_u64().unwrap()
}

/// An eToken accepted before the kill must be refused now. A 6-digit code can equal another
/// counter's code by chance (1 in 10^6 per counter): a replay whose code is also the code of a
/// counter in the current window (count .. count+9) would be a fresh, valid login, so it is
/// skipped rather than sent.
fn replay_is_refused(s: &crate::support::serve::Server, c: u64, round: u64) {
    let code = hotp(RFC_KEY_HEX, c);
    let now = count(s);
    if (now..now + 10).any(|k| hotp(RFC_KEY_HEX, k) == code) {
        return;
    }
    let (_, auth, msg) = s.check("alice", &format!("1234{code}"));
    assert_ne!(
        auth, "ACCEPT",
        "round {round}: counter {c} accepted twice ({msg}; count was {now})"
    );
    assert_eq!(count(s), now, "a refused replay moved the counter");
}

/// A client sending the next counter's eToken until `stop`; what was answered ACCEPT is noted.
fn load(
    addr: String,
    stop: Arc<AtomicBool>,
    accepted: Shared<Vec<u64>>,
    counter: Shared<u64>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            let c = {
                let mut g = counter.lock().unwrap();
                *g += 1;
                *g - 1
            };
            let path = format!(
                "/validate/check?user=alice&pass=1234{}",
                hotp(RFC_KEY_HEX, c)
            );
            let r = std::panic::catch_unwind(|| {
                crate::support::serve::http(&addr, "GET", &path, &[], None)
            });
            match r {
                Ok((200, v)) if text(&v["result"]["authentication"]) == "ACCEPT" => {
                    accepted.lock().unwrap().push(c)
                }
                Ok(_) => {}
                Err(_) => return, // the server died mid-answer: no answer, no claim
            }
        }
    })
}

#[test]
fn sigkill_never_loses_an_accepted_counter() {
    let d = tempfile::tempdir().unwrap();
    let users = users_file(d.path(), &["alice"]);
    let data = d.path().join("data");
    let args = ["--users", users.to_str().unwrap()];
    let s = start(&data, &args);
    let form = format!("type=hotp&otpkey={RFC_KEY_HEX}&pin=1234&user=alice&serial=CRASH001");
    assert_eq!(s.admin("POST", "/token/init", &form).0, 200);
    s.kill();
    let mut next = 0u64;
    let mut all_accepted: Vec<u64> = Vec::new();
    for round in 0..50 {
        let s = start(&data, &args);
        // Replay what was accepted before (the last ones and a sample of older ones).
        let replays: Vec<u64> = all_accepted
            .iter()
            .rev()
            .take(8)
            .chain(all_accepted.iter().step_by(7).take(8))
            .copied()
            .collect();
        for c in &replays {
            replay_is_refused(&s, *c, round);
        }
        assert_eq!(s.admin("POST", "/token/reset", "serial=CRASH001").0, 200);
        let (_, v) = s.admin("GET", "/token/?serial=CRASH001", "");
        next = next.max(v["result"]["value"]["tokens"][0]["count"].as_u64().unwrap());
        // Load from 4 threads, each on the next counters, until the kill.
        let stop = Arc::new(AtomicBool::new(false));
        let (accepted, counter) = (Arc::new(Mutex::new(Vec::new())), Arc::new(Mutex::new(next)));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                load(
                    s.addr.clone(),
                    stop.clone(),
                    accepted.clone(),
                    counter.clone(),
                )
            })
            .collect();
        std::thread::sleep(Duration::from_millis(40 + (round % 5) * 30));
        s.kill();
        stop.store(true, Ordering::Relaxed);
        for t in threads {
            let _ = t.join();
        }
        let mut got = accepted.lock().unwrap().clone();
        got.sort_unstable();
        next = *counter.lock().unwrap();
        all_accepted.extend(got);
    }
    assert!(
        all_accepted.len() > 50,
        "the load did get logins in: {}",
        all_accepted.len()
    );
    // One last restart: the database opens, every accepted eToken is refused.
    let s = start(&data, &args);
    for c in all_accepted.iter().rev().take(9) {
        assert_ne!(
            s.check("alice", &format!("1234{}", hotp(RFC_KEY_HEX, *c)))
                .1,
            "ACCEPT"
        );
    }
    assert_eq!(s.stop(), Some(0));
}
