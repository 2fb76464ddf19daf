//! `softpass serve --radius` against FreeRADIUS's radclient (3.2.1) and raw datagrams: accept and
//! reject with the Service's messages, an empty password when User-Password is missing, no
//! answer for a wrong secret, a missing Message-Authenticator or an unknown client, the
//! enrolment challenge and its State, retransmissions answered from the cache and counted once,
//! and hostile datagrams dropped and counted while the server goes on answering.

use crate::support::radius::{
    RadiusNode, SECRET, audit, exchange, metric, radclient, start as start_radius,
};
use crate::support::require;
use crate::support::serve::{HOTP, RFC_KEY_HEX, init_alice, token, users_file};
use softpass_core::radius::{self, Attribute, Code, attr};
use std::net::UdpSocket;
use std::time::Duration;

const AUDIT: &str = "radius/access-request";

fn node(mode: &str) -> (tempfile::TempDir, RadiusNode) {
    let d = tempfile::tempdir().unwrap();
    let users = users_file(d.path(), &["alice", "bob", "carol"]);
    let n = start_radius(
        &d.path().join("data"),
        &["--mode", mode, "--users", users.to_str().unwrap()],
    );
    (d, n)
}

/// One radclient request (`Message-Authenticator = 0x00` first, as BlastRADIUS wants).
fn ask(n: &RadiusNode, attrs: &str) -> (Option<String>, Option<String>) {
    let r = radclient(
        &n.radius,
        SECRET,
        &format!("Message-Authenticator = 0x00, {attrs}"),
    );
    (r.received(), r.reply_message())
}

fn pap(user: &str, pass: &str) -> String {
    format!("User-Name = \"{user}\", User-Password = \"{pass}\"")
}

fn said(code: &str, message: &str) -> (Option<String>, Option<String>) {
    (Some(code.to_owned()), Some(message.to_owned()))
}

#[test]
fn radclient_gets_accept_and_reject_with_the_service_messages() {
    if !require(&["radclient"]) {
        return;
    }
    let (_d, n) = node("mandatory");
    init_alice(&n.server);
    let ok = format!("1234{}", HOTP[0]);
    assert_eq!(
        ask(&n, &pap("alice", &ok)),
        said("Access-Accept", "matching 1 tokens")
    );
    assert_eq!(
        ask(&n, &pap("alice", &ok)),
        said("Access-Reject", "wrong otp value. previous otp used again")
    );
    let wrong_pin = format!("9999{}", HOTP[1]);
    assert_eq!(
        ask(&n, &pap("alice", &wrong_pin)),
        said("Access-Reject", "wrong otp pin")
    );
    // No User-Password: the empty password, which is no OTP PIN + eToken.
    assert_eq!(
        ask(&n, "User-Name = \"alice\""),
        said("Access-Reject", "wrong otp pin")
    );
    assert_eq!(
        ask(&n, &pap("nobody", &ok)),
        said("Access-Reject", "ERR904: User <nobody> does not exist.")
    );
    assert_eq!(
        ask(&n, &pap("bob", &ok)),
        said("Access-Reject", "The user has no tokens assigned")
    );
    // The wrong PIN did not move the counter: the next eToken is still counter 1.
    assert_eq!(
        ask(&n, &pap("alice", &format!("1234{}", HOTP[1]))),
        said("Access-Accept", "matching 1 tokens")
    );
    assert_eq!(token(&n.server, "HOTP0001")["count"], 2);
    let lines = audit(&n.server, AUDIT);
    assert_eq!(lines.len(), 7, "{lines:?}");
    assert_eq!(lines[0]["result"], "ACCEPT");
    assert_eq!(lines[0]["user"], "alice");
    assert!(
        lines[0]["client"]
            .as_str()
            .unwrap()
            .starts_with("127.0.0.1:")
    );
    assert_eq!(
        metric(
            &n.server,
            "softpass_radius_responses_total{code=\"accept\"}"
        ),
        2
    );
    assert_eq!(
        metric(&n.server, "softpass_checks_total{result=\"reject\"}"),
        5
    );
}

#[test]
fn radtest_with_its_nas_attributes_and_last_message_authenticator_is_accepted() {
    if !require(&["radtest"]) {
        return;
    }
    let (_d, n) = node("mandatory");
    init_alice(&n.server);
    // radtest sends NAS-IP-Address and NAS-Port and puts the Message-Authenticator last.
    let o = std::process::Command::new("radtest")
        .args(["alice", &format!("1234{}", HOTP[0]), &n.radius, "0", SECRET])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("Received Access-Accept"), "{out}");
    assert!(
        out.contains("Reply-Message = \"matching 1 tokens\""),
        "{out}"
    );
}

#[test]
fn wrong_secret_missing_authenticator_and_unknown_clients_get_no_answer() {
    if !require(&["radclient"]) {
        return;
    }
    let (_d, n) = node("mandatory");
    init_alice(&n.server);
    let ok = format!("1234{}", HOTP[0]);
    let input = format!("Message-Authenticator = 0x00, {}", pap("alice", &ok));
    let r = radclient(&n.radius, "not-the-secret", &input);
    assert!(r.no_reply(), "{}{}", r.stdout, r.stderr);
    // radclient 3.2.1 adds no Message-Authenticator by itself.
    let r = radclient(&n.radius, SECRET, &pap("alice", &ok));
    assert!(r.no_reply(), "{}{}", r.stdout, r.stderr);
    // 127.0.0.2 is not in radius-clients (only 127.0.0.1 is).
    let ra = [5u8; 16];
    let attrs = [
        Attribute::new(attr::USER_NAME, "alice"),
        Attribute::new(
            attr::USER_PASSWORD,
            radius::pap_hide(SECRET.as_bytes(), &ra, ok.as_bytes()).unwrap(),
        ),
    ];
    let packet = radius::encode_request(9, &ra, &attrs, SECRET.as_bytes()).unwrap();
    let stranger = UdpSocket::bind("127.0.0.2:0").unwrap();
    let wait = Duration::from_millis(500);
    assert_eq!(exchange(&stranger, &n.radius, &packet, wait), None);
    let drops = |reason: &str| {
        metric(
            &n.server,
            &format!("softpass_radius_dropped_total{{reason=\"{reason}\"}}"),
        )
    };
    assert_eq!(drops("bad_message_authenticator"), 1);
    assert_eq!(drops("no_message_authenticator"), 1);
    assert_eq!(drops("unknown_client"), 1);
    assert_eq!(metric(&n.server, "softpass_radius_requests_total"), 0);
    // None of them touched the token: the same packet from a listed address is accepted.
    let nas = UdpSocket::bind("127.0.0.1:0").unwrap();
    let reply = exchange(&nas, &n.radius, &packet, Duration::from_secs(5)).unwrap();
    let p = radius::decode(&reply).unwrap();
    radius::verify_response(&p, 9, &ra, SECRET.as_bytes(), true).unwrap();
    assert_eq!(p.code, Code::AccessAccept);
}

#[test]
fn the_enrolment_challenge_round_trips_its_state() {
    if !require(&["radclient"]) {
        return;
    }
    let (_d, n) = node("create-token");
    let expect = "Response-Packet-Type = Access-Challenge";
    let r = radclient(
        &n.radius,
        SECRET,
        &format!("Message-Authenticator = 0x00, {}, {expect}", pap("bob", "")),
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.received().as_deref(), Some("Access-Challenge"));
    let prompt = r.reply_message().unwrap();
    assert!(
        prompt.starts_with("enrollment required: enrol in the Parallels Client"),
        "{prompt}"
    );
    let state = r.attr("State").unwrap();
    assert!(state.starts_with("0x") && state.len() == 34, "{state}");
    // The State lives in the node's memory; no `/enroll` challenge row was stored for it (its
    // transaction_id would never reach the NAS).
    let db = rusqlite::Connection::open(n.server.dir.join("server.db")).unwrap();
    let rows: i64 = db
        .query_row("SELECT count(*) FROM challenges", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 0);
    // Bob enrols over HTTP (here: the admin makes his token), then answers the challenge.
    let form = format!("type=hotp&otpkey={RFC_KEY_HEX}&pin=5678&user=bob&serial=BOB1");
    assert_eq!(n.server.admin("POST", "/token/init", &form).0, 200);
    let answer = |pass: &str, st: &str| ask(&n, &format!("{}, State = {st}", pap("bob", pass)));
    assert_eq!(
        answer(&format!("5678{}", HOTP[0]), &state),
        said("Access-Accept", "matching 1 tokens")
    );
    let refused = "the challenge (State) is unknown, used or expired";
    assert_eq!(
        answer(&format!("5678{}", HOTP[1]), &state),
        said("Access-Reject", refused)
    );
    assert_eq!(
        answer(
            &format!("5678{}", HOTP[1]),
            "0x00112233445566778899aabbccddeeff"
        ),
        said("Access-Reject", refused)
    );
    // The refused answers did not touch the token.
    assert_eq!(token(&n.server, "BOB1")["count"], 1);
    assert_eq!(token(&n.server, "BOB1")["failcount"], 0);
    let lines = audit(&n.server, AUDIT);
    let results: Vec<&str> = lines
        .iter()
        .map(|l| l["result"].as_str().unwrap())
        .collect();
    assert_eq!(results, ["CHALLENGE", "ACCEPT", "REJECT", "REJECT"]);
}

/// An Access-Request for alice from our codec (the server is what is tested here).
fn alice_request(id: u8, ra: &[u8; 16], pass: &str) -> Vec<u8> {
    let attrs = [
        Attribute::new(attr::USER_NAME, "alice"),
        Attribute::new(
            attr::USER_PASSWORD,
            radius::pap_hide(SECRET.as_bytes(), ra, pass.as_bytes()).unwrap(),
        ),
    ];
    radius::encode_request(id, ra, &attrs, SECRET.as_bytes()).unwrap()
}

#[test]
fn a_retransmission_gets_the_same_bytes_and_is_checked_once() {
    let (_d, n) = node("mandatory");
    init_alice(&n.server);
    let nas = UdpSocket::bind("127.0.0.1:0").unwrap();
    let wait = Duration::from_secs(5);
    let ra = [0x42u8; 16];
    let packet = alice_request(7, &ra, &format!("1234{}", HOTP[0]));
    let first = exchange(&nas, &n.radius, &packet, wait).unwrap();
    let again = exchange(&nas, &n.radius, &packet, wait).unwrap();
    assert_eq!(first, again, "the cached answer, byte for byte");
    let p = radius::decode(&first).unwrap();
    radius::verify_response(&p, 7, &ra, SECRET.as_bytes(), true).unwrap();
    assert_eq!(
        (p.code, p.reply_message().as_deref()),
        (Code::AccessAccept, Some("matching 1 tokens"))
    );
    assert_eq!(metric(&n.server, "softpass_radius_requests_total"), 1);
    assert_eq!(metric(&n.server, "softpass_radius_duplicates_total"), 1);
    assert_eq!(
        metric(&n.server, "softpass_checks_total{result=\"accept\"}"),
        1
    );
    // Same source, port and Identifier with a new Request Authenticator: a new request, which
    // sees the eToken used.
    let ra2 = [0x43u8; 16];
    let other = alice_request(7, &ra2, &format!("1234{}", HOTP[0]));
    let r = exchange(&nas, &n.radius, &other, wait).unwrap();
    let p = radius::decode(&r).unwrap();
    radius::verify_response(&p, 7, &ra2, SECRET.as_bytes(), true).unwrap();
    assert_eq!(
        p.reply_message().as_deref(),
        Some("wrong otp value. previous otp used again")
    );
    assert!(crate::support::wait_for(Duration::from_secs(5), || {
        audit(&n.server, AUDIT).len() == 2
    }));
    assert_eq!(token(&n.server, "HOTP0001")["count"], 1);
}

/// docs/radius.md "Test vectors" (V4), an Accounting-Request, a reply sent to the server,
/// an empty and an oversized datagram: each is dropped without an answer.
fn hostile() -> Vec<(Vec<u8>, &'static str)> {
    let h = |s: &str| hex::decode(s).unwrap();
    let r1 = h(
        "012a004e0123456789abcdeffedcba98765432105012404744701d8cd643a6dbda2b0a16c1980107616c69636502123672396109bcbf0cac1977948f812b8d200f736f6674706173732d74657374",
    );
    let mut len19 = r1.clone();
    len19[2..4].copy_from_slice(&[0, 19]);
    let mut len4097 = vec![0u8; 4097];
    len4097[..4].copy_from_slice(&[1, 0x2a, 0x10, 0x01]);
    let accounting = radius::encode_raw(
        Code::AccessRequest,
        1,
        &[0; 16],
        &[Attribute::new(attr::USER_NAME, "x")],
    )
    .map(|mut p| {
        p[0] = 4;
        p
    })
    .unwrap();
    let m = "malformed";
    vec![
        (h("012a004e0123456789abcdeffedcba98765432"), m),
        (len19, m),
        (len4097, m),
        (r1[..r1.len() - 1].to_vec(), m),
        (h("012a00160123456789abcdeffedcba98765432100100"), m),
        (h("012a00160123456789abcdeffedcba98765432100101"), m),
        (h("012a00170123456789abcdeffedcba9876543210010561"), m),
        (Vec::new(), m),
        (vec![0xff; 5000], m),
        (accounting, "not_access_request"),
        (
            h(
                "022b00369522d8b01027cfb0a53e8ed896205b6850124fe238e14dae03812ac2eccdfeab77d3121057656c636f6d652c20616c696365",
            ),
            "not_access_request",
        ),
    ]
}

#[test]
fn hostile_datagrams_get_no_answer_and_are_counted() {
    let (_d, n) = node("mandatory");
    init_alice(&n.server);
    let nas = UdpSocket::bind("127.0.0.1:0").unwrap();
    let kit = hostile();
    for (datagram, _) in &kit {
        let got = exchange(&nas, &n.radius, datagram, Duration::from_millis(200));
        assert_eq!(got, None, "answered {datagram:02x?}");
    }
    for reason in ["malformed", "not_access_request"] {
        let want = kit.iter().filter(|(_, r)| *r == reason).count() as u64;
        let sample = format!("softpass_radius_dropped_total{{reason=\"{reason}\"}}");
        assert_eq!(metric(&n.server, &sample), want, "{reason}");
    }
    // Still alive and answering; padding after the Length field is ignored.
    let ra = [9u8; 16];
    let mut padded = alice_request(1, &ra, &format!("1234{}", HOTP[0]));
    padded.extend_from_slice(&[0, 0, 0]);
    let r = exchange(&nas, &n.radius, &padded, Duration::from_secs(5)).unwrap();
    assert_eq!(radius::decode(&r).unwrap().code, Code::AccessAccept);
    assert_eq!(n.server.get("/healthz").0, 200);
}
