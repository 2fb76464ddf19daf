//! `softpass serve --radius` against a second independent peer, pyrad 2.6.0
//! (tests/interop/radius_pyrad.py), and against softpass's own client: `softpass login --radius`
//! end to end (accept, wrong OTP PIN, unknown user, the enrolment challenge, --json, a wrong
//! secret).

use crate::support::radius::{RadiusNode, SECRET, have_pyrad, metric, pyrad, start};
use crate::support::serve::{HOTP, init_alice, users_file};
use crate::support::{PIN, Sandbox, fails, out};

fn node(mode: &str) -> (tempfile::TempDir, RadiusNode) {
    let d = tempfile::tempdir().unwrap();
    let users = users_file(d.path(), &["alice", "bob"]);
    let n = start(
        &d.path().join("data"),
        &["--mode", mode, "--users", users.to_str().unwrap()],
    );
    init_alice(&n.server);
    (d, n)
}

#[test]
fn pyrad_sees_accept_reject_challenges_and_cached_duplicates() {
    if !have_pyrad() {
        return;
    }
    let (_d, n) = node("create-token");
    let at = n.radius.as_str();
    let ok = format!("1234{}", HOTP[0]);
    assert_eq!(
        pyrad(at, &["login", "alice", &ok]),
        (0, "Access-Accept matching 1 tokens state=-\n".into())
    );
    assert_eq!(
        pyrad(at, &["login", "alice", &format!("0000{}", HOTP[1])]),
        (1, "Access-Reject wrong otp pin state=-\n".into())
    );
    // Bob has no token: a challenge; answered at once (still no token), the State is taken
    // and a new challenge with a new State comes back.
    let (code, text) = pyrad(at, &["login", "bob", "", "1234"]);
    assert_eq!(code, 2, "{text}");
    let states: Vec<&str> = text
        .lines()
        .map(|l| {
            assert!(
                l.starts_with("Access-Challenge enrollment required: "),
                "{l}"
            );
            l.rsplit_once("state=").unwrap().1
        })
        .collect();
    assert_eq!(states.len(), 2);
    assert_ne!(states[0], states[1]);
    assert!(states.iter().all(|s| s.len() == 32), "{states:?}");
    // The same packet twice from one socket: the same bytes, one check.
    let next = format!("1234{}", HOTP[1]);
    assert_eq!(
        pyrad(at, &["duplicate", "alice", &next]),
        (0, "Access-Accept matching 1 tokens\nidentical\n".into())
    );
    assert_eq!(metric(&n.server, "softpass_radius_duplicates_total"), 1);
    assert_eq!(
        metric(&n.server, "softpass_checks_total{result=\"accept\"}"),
        2
    );
}

/// A vault holding RFC 4226's key as token `pi`, counter 0, OTP PIN 1234 (alice's at the server).
fn vault() -> Sandbox {
    let sb = Sandbox::new();
    let uri = "otpauth://hotp/pi?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0";
    sb.import_uri(uri, &["--otp-pin", "1234"]);
    std::fs::write(sb.dir.path().join("secret"), format!("{SECRET}\n")).unwrap();
    sb
}

fn login(sb: &Sandbox, n: &RadiusNode, extra: &[&str]) -> (i32, String) {
    let secret = sb.dir.path().join("secret");
    let mut args = vec![
        "login",
        "--radius",
        &n.radius,
        "--radius-secret-file",
        secret.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = out(sb.pin(PIN, &args));
    (
        o.status.code().unwrap(),
        String::from_utf8(o.stdout).unwrap(),
    )
}

#[test]
fn login_over_radius_against_serve() {
    let (_d, n) = node("create-token");
    let v = vault();
    assert_eq!(
        login(&v, &n, &["--user", "alice"]),
        (0, "ACCEPT: matching 1 tokens\n".into())
    );
    assert_eq!(
        login(&v, &n, &["--user", "alice", "--otp-pin", "9999"]),
        (8, "REJECT: wrong otp pin\n".into())
    );
    assert_eq!(
        login(&v, &n, &["--user", "nobody"]),
        (8, "REJECT: ERR904: User <nobody> does not exist.\n".into())
    );
    let (code, text) = login(&v, &n, &["--user", "bob"]);
    assert_eq!(code, 9, "{text}");
    assert!(
        text.starts_with("ENROLL: enrollment required: enrol in the Parallels Client"),
        "{text}"
    );
    // Counters 1..3 were spent above; 4 is inside the server's window (it is at 1).
    assert_eq!(
        login(&v, &n, &["--user", "alice", "--json"]),
        (
            0,
            "{\"result\":\"ACCEPT\",\"message\":\"matching 1 tokens\",\"serial\":\"5ADE745EA83E83B4\",\"counter\":4}\n"
                .into()
        )
    );
    std::fs::write(v.dir.path().join("secret"), "not-the-secret\n").unwrap();
    let secret = v.dir.path().join("secret");
    let cmd = v.pin(
        PIN,
        &[
            "login",
            "--user",
            "alice",
            "--radius",
            &n.radius,
            "--radius-secret-file",
            secret.to_str().unwrap(),
            "--timeout",
            "0.3",
        ],
    );
    let err = fails(cmd, 1, &[SECRET, "not-the-secret"]);
    assert!(err.contains("no answer within"), "{err}");
    assert_eq!(
        metric(
            &n.server,
            "softpass_radius_dropped_total{reason=\"bad_message_authenticator\"}"
        ),
        3
    );
}
