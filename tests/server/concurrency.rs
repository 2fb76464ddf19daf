//! One eToken sent by 8 clients at the same moment is accepted exactly once: 200 rounds on
//! SQLite, and on two `serve` processes sharing one PostgreSQL database (4 clients each). And a
//! PostgreSQL that holds a login up answers 503 within its statement timeout, not never.

use crate::support::pg::PgCluster;
use crate::support::serve::{RFC_KEY_HEX, Server, hotp, start, text, users_file};
use std::sync::{Arc, Barrier};

const ROUNDS: u64 = 200;
const CLIENTS: usize = 8;

/// Runs the rounds; `nodes[i % n]` serves client i. Returns the accepts per round.
fn race(nodes: &[&Server]) -> Vec<usize> {
    let addrs: Vec<String> = nodes.iter().map(|s| s.addr.clone()).collect();
    let barrier = Arc::new(Barrier::new(CLIENTS));
    let threads: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let (addr, barrier) = (addrs[i % addrs.len()].clone(), barrier.clone());
            std::thread::spawn(move || {
                let mut accepted = Vec::new();
                for r in 0..ROUNDS {
                    let path = format!(
                        "/validate/check?user=alice&pass=1234{}",
                        hotp(RFC_KEY_HEX, r)
                    );
                    barrier.wait();
                    let (st, v) = crate::support::serve::http(&addr, "GET", &path, &[], None);
                    assert_eq!(st, 200, "{v}");
                    let auth = text(&v["result"]["authentication"]);
                    if auth == "ACCEPT" {
                        accepted.push(r);
                    } else {
                        // Everyone else sees the replay, never anything else.
                        assert_eq!(
                            v["detail"]["message"], "wrong otp value. previous otp used again",
                            "round {r}"
                        );
                    }
                    // Nobody starts the next round before everyone finished this one.
                    barrier.wait();
                }
                accepted
            })
        })
        .collect();
    let mut per_round = vec![0; ROUNDS as usize];
    for t in threads {
        for r in t.join().unwrap() {
            per_round[r as usize] += 1;
        }
    }
    per_round
}

fn init(s: &Server) {
    let form = format!("type=hotp&otpkey={RFC_KEY_HEX}&pin=1234&user=alice&serial=RACE0001");
    assert_eq!(s.admin("POST", "/token/init", &form).0, 200);
}

#[test]
fn sqlite_accepts_each_etoken_once() {
    let d = tempfile::tempdir().unwrap();
    let users = users_file(d.path(), &["alice"]);
    let s = start(
        &d.path().join("data"),
        &["--users", users.to_str().unwrap()],
    );
    init(&s);
    let per_round = race(&[&s]);
    assert!(
        per_round.iter().all(|n| *n == 1),
        "accepts per round: {per_round:?}"
    );
    let (_, v) = s.admin("GET", "/token/?serial=RACE0001", "");
    assert_eq!(v["result"]["value"]["tokens"][0]["count"], ROUNDS);
    assert_eq!(s.stop(), Some(0));
}

#[test]
fn two_nodes_on_postgresql_accept_each_etoken_once() {
    let Some(pg) = PgCluster::start() else { return };
    let url = pg.create_db("softpass_race");
    let d = tempfile::tempdir().unwrap();
    let users = users_file(d.path(), &["alice"]);
    let (a_dir, b_dir) = (d.path().join("a"), d.path().join("b"));
    let a = start(&a_dir, &["--db", &url, "--users", users.to_str().unwrap()]);
    // The second node shares the first one's keys (copied before its first start).
    std::fs::create_dir_all(&b_dir).unwrap();
    for f in ["server.key", "admin.key"] {
        std::fs::copy(a_dir.join(f), b_dir.join(f)).unwrap();
    }
    let b = start(&b_dir, &["--db", &url]);
    init(&a);
    let per_round = race(&[&a, &b]);
    assert!(
        per_round.iter().all(|n| *n == 1),
        "accepts per round: {per_round:?}"
    );
    assert_eq!(
        pg.sql(
            "softpass_race",
            "SELECT count FROM tokens WHERE serial = 'RACE0001'"
        ),
        ROUNDS.to_string()
    );
    // A node with another server.key refuses the database and changes nothing.
    let c_dir = d.path().join("c");
    let err = crate::support::serve::try_start(&c_dir, &["--db", &url])
        .err()
        .expect("refused");
    assert!(err.contains("another server.key"), "{err}");
    assert_eq!(a.stop(), Some(0));
    assert_eq!(b.stop(), Some(0));
}

#[test]
fn a_locked_postgresql_table_is_a_503_not_a_hang() {
    let Some(pg) = PgCluster::start() else { return };
    let url = pg.create_db("softpass_stall");
    let d = tempfile::tempdir().unwrap();
    let users = users_file(d.path(), &["alice"]);
    let s = start(
        &d.path().join("data"),
        &["--db", &url, "--users", users.to_str().unwrap()],
    );
    init(&s);
    let lock = "BEGIN; LOCK TABLE tokens IN ACCESS EXCLUSIVE MODE;";
    let held = pg.session("softpass_stall", lock);
    // Without statement_timeout this waited until the HTTP limit (408 after 30 s).
    let (st, v) = s.get(&format!(
        "/validate/check?user=alice&pass=1234{}",
        hotp(RFC_KEY_HEX, 0)
    ));
    let msg =
        "The server could not complete the request: the database did not answer in time; try again";
    assert_eq!(
        (st, text(&v["result"]["error"]["message"])),
        (503, msg.into()),
        "{v}"
    );
    drop(held);
    let (st, v) = s.get(&format!(
        "/validate/check?user=alice&pass=1234{}",
        hotp(RFC_KEY_HEX, 0)
    ));
    assert_eq!((st, &v["result"]["value"]), (200, &true.into()), "{v}");
    assert_eq!(s.stop(), Some(0));
}
