//! `softpass simulate` against `softpass serve`: the simulator's model (written from
//! privacyIDEA's rules) and the server agree on every answer, over every outcome of a scenario
//! (users without a token included) on SQLite; on two nodes sharing one PostgreSQL database with
//! each user's logins taking the nodes in turn; and over RADIUS, the enrolment challenge
//! included.

use crate::support::pg::PgCluster;
use crate::support::radius::{SECRET, metric, start as start_radius};
use crate::support::serve::{Server, start};
use serde_json::Value;
use std::path::Path;

/// Every outcome, the rare ones often; a fifth of the users has no token.
const EVERYTHING: &str = "[mix]\nvalid = 30\nwrong_pin = 10\nreplay = 10\ndrift_inside = 10\ndrift_beyond_resync = 8\nskew_inside = 10\nskew_beyond = 10\nlockout_reset = 6\n[tokens]\ntotp_share = 0.4\nwithout_token = 0.2\n";

/// The steps and outcomes a run of EVERYTHING must show.
const STEPS: [&str; 14] = [
    "valid",
    "wrong_pin",
    "replay",
    "drift_inside",
    "drift_beyond",
    "resync",
    "after_resync",
    "skew_inside",
    "skew_beyond",
    "lockout_wrong",
    "locked_out",
    "reset",
    "after_reset",
    "no_token",
];
const OUTCOMES: [&str; 5] = [
    "matching 1 tokens",
    "wrong otp pin",
    "wrong otp value",
    "wrong otp value. previous otp used again",
    "Failcounter exceeded",
];

/// `softpass simulate` with `servers`, the mix `scenario` and `extra`: the report.
fn simulate(dir: &Path, servers: &[&Server], scenario: &str, extra: &[&str]) -> Value {
    std::fs::write(dir.join("mix.toml"), scenario).unwrap();
    std::fs::write(dir.join("secret"), format!("{SECRET}\n")).unwrap();
    let report = dir.join("report.json");
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_softpass"));
    c.arg("simulate");
    for s in servers {
        c.arg("--server").arg(format!("http://{}", s.addr));
    }
    c.arg("--admin-key-file")
        .arg(servers[0].dir.join("admin.key"))
        .arg("--scenario")
        .arg(dir.join("mix.toml"))
        .arg("--report")
        .arg(&report)
        .args(["--seed", "3", "--users", "15", "--concurrency", "5"])
        .args(extra);
    let o = c.output().unwrap();
    let text =
        String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{text}");
    serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap()
}

/// Every step and outcome was played, none mismatched, nothing errored.
fn covers_everything(r: &Value, logins: u64, extra_outcome: &str) {
    assert_eq!(r["mismatches"], 0, "{}", r["mismatch_list"]);
    assert_eq!(
        (r["logins"].as_u64(), r["errors"].as_u64()),
        (Some(logins), Some(0))
    );
    for s in STEPS {
        assert!(
            r["steps"][s]["sent"].as_u64() > Some(0),
            "step {s}: {}",
            r["steps"]
        );
    }
    for o in OUTCOMES.iter().chain([&extra_outcome]) {
        assert!(
            r["outcomes"][o].as_u64() > Some(0),
            "{o}: {}",
            r["outcomes"]
        );
    }
}

fn users_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn simulate_and_serve_agree_on_every_outcome_on_sqlite() {
    let d = users_dir();
    let s = start(&d.path().join("data"), &[]);
    let r = simulate(d.path(), &[&s], EVERYTHING, &["--logins", "700"]);
    covers_everything(&r, 700, "The user has no tokens assigned");
    assert_eq!(r["checked_by"], "user");
    assert_eq!(s.stop(), Some(0));
}

#[test]
fn each_user_takes_two_nodes_on_postgresql_in_turn() {
    let Some(pg) = PgCluster::start() else { return };
    let url = pg.create_db("softpass_sim");
    let d = users_dir();
    let (a_dir, b_dir) = (d.path().join("a"), d.path().join("b"));
    let a = start(&a_dir, &["--db", &url, "--mode", "safenet-only"]);
    std::fs::create_dir_all(&b_dir).unwrap();
    for f in ["server.key", "admin.key"] {
        std::fs::copy(a_dir.join(f), b_dir.join(f)).unwrap();
    }
    let b = start(&b_dir, &["--db", &url, "--mode", "safenet-only"]);
    let scenario = format!("{EVERYTHING}[server]\nmode = \"safenet-only\"\n");
    let r = simulate(d.path(), &[&a, &b], &scenario, &["--logins", "600"]);
    covers_everything(&r, 600, "user has no token, accepted due to 'safenet-only'");
    let servers: Vec<String> = [&a, &b]
        .iter()
        .map(|s| format!("http://{}", s.addr))
        .collect();
    assert_eq!(r["servers"], serde_json::json!(servers));
    // Both nodes answered logins: each user alternated between them.
    let checks = |s: &Server| {
        ["accept", "reject", "challenge"]
            .iter()
            .map(|k| metric(s, &format!("softpass_checks_total{{result=\"{k}\"}}")))
            .sum::<u64>()
    };
    let (on_a, on_b) = (checks(&a), checks(&b));
    assert_eq!(on_a + on_b, 600);
    assert!(on_a.abs_diff(on_b) <= 60, "a {on_a}, b {on_b}");
    assert_eq!(a.stop(), Some(0));
    assert_eq!(b.stop(), Some(0));
}

#[test]
fn simulate_over_radius_agrees_with_serve_challenges_included() {
    let d = users_dir();
    let n = start_radius(&d.path().join("data"), &["--mode", "create-token"]);
    let scenario = format!("{EVERYTHING}[server]\nmode = \"create-token\"\n");
    let secret = d.path().join("secret");
    let r = simulate(
        d.path(),
        &[&n.server],
        &scenario,
        &[
            "--logins",
            "700",
            "--radius",
            &n.radius,
            "--radius-secret-file",
            secret.to_str().unwrap(),
        ],
    );
    let prompt = "enrollment required: enrol in the Parallels Client (over HTTP), then answer with OTP PIN + eToken";
    covers_everything(&r, 700, prompt);
    assert_eq!(r["transport"], "radius");
    assert!(r["challenged"].as_u64() > Some(0));
    // Every login went over RADIUS, each checked once.
    assert_eq!(metric(&n.server, "softpass_radius_requests_total"), 700);
    assert_eq!(metric(&n.server, "softpass_radius_duplicates_total"), 0);
    assert_eq!(n.server.stop(), Some(0));
}

#[test]
fn a_wrong_admin_key_is_the_one_error_named() {
    let d = tempfile::tempdir().unwrap();
    let s = start(&d.path().join("node"), &[]);
    std::fs::write(d.path().join("bad.key"), "not-the-admin-key\n").unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_softpass"))
        .args(["simulate", "--server", &format!("http://{}", s.addr)])
        .arg("--admin-key-file")
        .arg(d.path().join("bad.key"))
        .args(["--logins", "10"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    // One line, the real cause; not a note that blames a missing user store.
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("softpass: ") && err.contains("Authentication failed"),
        "{err}"
    );
    s.kill();
}
