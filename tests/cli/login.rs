//! `softpass login` over HTTP against a scripted server that replays privacyIDEA 3.14's own
//! recorded answers (accept, reject, unknown user) and the enrolment contract (a CHALLENGE with
//! `enrollment required` and a transaction_id, answered by POST /enroll): exit codes 0, 8, 9,
//! the printed line, --json, and what was sent. The live privacyIDEA run is
//! tests/interop/privacyidea-login.sh.
use crate::support::{Sandbox, fails};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::thread;

const ACCEPT: &str = r#"{"detail": {"message": "matching 1 tokens", "otplen": 6, "serial": "HOTP0001", "threadid": 139995956820864, "type": "hotp"}, "id": 2, "jsonrpc": "2.0", "result": {"authentication": "ACCEPT", "status": true, "value": true}, "signature": "rsa_sha256_pss:00", "time": 1796125070.9, "version": "privacyIDEA 3.14", "versionnumber": "3.14"}"#;
const REJECT_PIN: &str = r#"{"detail": {"message": "wrong otp pin", "threadid": 139995956820864}, "id": 2, "jsonrpc": "2.0", "result": {"authentication": "REJECT", "status": true, "value": false}, "signature": "rsa_sha256_pss:00", "time": 1796125071.2, "version": "privacyIDEA 3.14", "versionnumber": "3.14"}"#;
const UNKNOWN_USER: &str = r#"{"detail": null, "id": 1, "jsonrpc": "2.0", "result": {"error": {"code": 904, "message": "ERR904: User <nosuchuser@testrealm> does not exist."}, "status": false}, "signature": "rsa_sha256_pss:00", "time": 1796125072.0, "version": "privacyIDEA 3.14"}"#;
const ENROLL_CHALLENGE: &str = r#"{"detail": {"message": "enrollment required", "transaction_id": "04571342364321451234"}, "id": 2, "jsonrpc": "2.0", "result": {"authentication": "CHALLENGE", "status": true, "value": false}, "time": 1796125073.0, "version": "softpass"}"#;
const ENROLL_SENT: &str = r#"{"detail": {"message": "activation e-mail sent"}, "id": 1, "jsonrpc": "2.0", "result": {"status": true, "value": true}, "time": 1796125074.0, "version": "softpass"}"#;

/// A one-thread HTTP/1.1 server: answers each request with the next (status, body) and reports
/// "METHOD PATH BODY" of each request it got.
fn serve(answers: Vec<(u16, &'static str)>) -> (String, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for (status, body) in answers {
            let (stream, _) = listener.accept().unwrap();
            let mut r = BufReader::new(stream);
            let mut line = String::new();
            r.read_line(&mut line).unwrap();
            let mut len = 0;
            loop {
                let mut h = String::new();
                r.read_line(&mut h).unwrap();
                if h == "\r\n" {
                    break;
                }
                if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap();
                }
            }
            let mut req_body = vec![0; len];
            r.read_exact(&mut req_body).unwrap();
            let target: Vec<&str> = line.split(' ').take(2).collect();
            tx.send(format!(
                "{} {}",
                target.join(" "),
                String::from_utf8(req_body).unwrap()
            ))
            .unwrap();
            let resp = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            r.get_mut().write_all(resp.as_bytes()).unwrap();
        }
    });
    (url, rx)
}

/// A sandbox vault holding RFC 4226's key as token `pi`, counter 0, OTP PIN 1234.
fn vault() -> Sandbox {
    let sb = Sandbox::new();
    let uri = "otpauth://hotp/pi?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0";
    sb.import_uri(uri, &["--otp-pin", "1234"]);
    sb
}

/// `softpass login --server URL EXTRA...`: (exit code, stdout).
fn login(sb: &Sandbox, url: &str, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["login", "--server", url];
    args.extend_from_slice(extra);
    let o = crate::support::out(sb.pin(crate::support::PIN, &args));
    (
        o.status.code().unwrap(),
        String::from_utf8(o.stdout).unwrap(),
    )
}

#[test]
fn accept_reject_and_unknown_user_map_to_0_and_8() {
    let v = vault();
    let (url, got) = serve(vec![(200, ACCEPT), (200, REJECT_PIN), (400, UNKNOWN_USER)]);
    assert_eq!(
        login(&v, &url, &["--user", "user1"]),
        (0, "ACCEPT: matching 1 tokens\n".into())
    );
    // RFC 4226 counter 0 = 755224, sent after the stored OTP PIN, form-encoded.
    assert_eq!(
        got.recv().unwrap(),
        "POST /validate/check user=user1&pass=1234755224"
    );
    assert_eq!(
        login(&v, &url, &["--user", "user1", "--otp-pin", "9999", "--json"]),
        (8, "{\"result\":\"REJECT\",\"message\":\"wrong otp pin\",\"serial\":\"5ADE745EA83E83B4\",\"counter\":1}\n".into())
    );
    assert_eq!(
        got.recv().unwrap(),
        "POST /validate/check user=user1&pass=9999287082"
    );
    assert_eq!(
        login(&v, &url, &["--user", "nosuchuser"]),
        (
            8,
            "REJECT: ERR904: User <nosuchuser@testrealm> does not exist.\n".into()
        )
    );
}

#[test]
fn enrolment_challenge_is_pending_or_answered_by_post_enroll() {
    let v = vault();
    let (url, got) = serve(vec![
        (200, ENROLL_CHALLENGE),
        (200, ENROLL_CHALLENGE),
        (200, ENROLL_SENT),
    ]);
    // No address and no terminal: reported, exit 9.
    assert_eq!(
        login(&v, &url, &["--user", "newbie"]),
        (9, "ENROLL: enrollment required\n".into())
    );
    got.recv().unwrap();
    let (code, out) = login(
        &v,
        &url,
        &[
            "--user",
            "newbie",
            "--email",
            "n@example.org",
            "--otp-pin",
            "5555",
        ],
    );
    assert_eq!(
        (code, out.as_str()),
        (9, "ENROLL: activation e-mail sent\n")
    );
    assert_eq!(
        got.recv().unwrap(),
        "POST /validate/check user=newbie&pass=5555287082"
    );
    assert_eq!(
        got.recv().unwrap(),
        "POST /enroll user=newbie&email=n%40example.org&otp_pin=5555&transaction_id=04571342364321451234"
    );
}

#[test]
fn unreachable_server_is_exit_1_with_one_line() {
    let v = vault();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let err = fails(
        v.pin(
            crate::support::PIN,
            &["login", "--server", &url, "--user", "u"],
        ),
        1,
        &["755224"],
    );
    assert!(
        err.starts_with(&format!("softpass: cannot reach {url}")),
        "{err}"
    );
    // https is not built in: a usage error before anything is spent.
    let bad = v.pin(
        crate::support::PIN,
        &["login", "--server", "https://x", "--user", "u"],
    );
    fails(bad, 2, &[]);
}
