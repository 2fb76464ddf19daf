//! `softpass simulate` end to end against a scripted HTTP server: with answers the model
//! predicts the run is clean (exit 0, exactly K logins, the report's fields, the SVG); with a
//! server that wrongly accepts a replay every mismatch is caught, listed with expected and
//! got, and the user retired (exit 1). The live privacyIDEA run is
//! tests/interop/privacyidea-simulate.sh.
use crate::support::Sandbox;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::thread;

const ACCEPT: &str = r#"{"detail": {"message": "matching 1 tokens", "serial": "X"}, "id": 2, "jsonrpc": "2.0", "result": {"authentication": "ACCEPT", "status": true, "value": true}, "version": "privacyIDEA 3.14"}"#;

/// An HTTP/1.1 server (one thread per connection, keep-alive) giving every request `body`.
fn serve(body: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            thread::spawn(move || {
                let mut r = BufReader::new(stream);
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let mut len = 0;
                    loop {
                        let mut h = String::new();
                        if r.read_line(&mut h).unwrap_or(0) == 0 {
                            return;
                        }
                        if h == "\r\n" {
                            break;
                        }
                        if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
                            len = v.trim().parse().unwrap();
                        }
                    }
                    let mut b = vec![0; len];
                    if r.read_exact(&mut b).is_err() {
                        return;
                    }
                    let resp = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    if r.get_mut().write_all(resp.as_bytes()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}

fn simulate(url: &str, sb: &Sandbox, scenario: &str, extra: &[&str]) -> (i32, String, Value) {
    let dir = sb.dir.path();
    std::fs::write(dir.join("key"), "test-admin-key\n").unwrap();
    std::fs::write(dir.join("mix.toml"), scenario).unwrap();
    let report = dir.join("report.json");
    let out = sb
        .novault(&["simulate", "--server", url, "--admin-key-file"])
        .arg(dir.join("key"))
        .arg("--scenario")
        .arg(dir.join("mix.toml"))
        .arg("--report")
        .arg(&report)
        .args(extra)
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap(),
        r,
    )
}

const VALID_ONLY: &str = "[mix]\nvalid = 1\nwrong_pin = 0\nreplay = 0\ndrift_inside = 0\ndrift_beyond_resync = 0\nskew_inside = 0\nskew_beyond = 0\nlockout_reset = 0\n[tokens]\ntotp_share = 0\n";

#[test]
fn predicted_answers_make_a_clean_run() {
    let sb = Sandbox::new();
    let url = serve(ACCEPT);
    let svg = sb.dir.path().join("lat.svg");
    let (code, out, r) = simulate(
        &url,
        &sb,
        VALID_ONLY,
        &[
            "--logins",
            "300",
            "--users",
            "5",
            "--concurrency",
            "3",
            "--plot",
            svg.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(r["logins"], 300);
    assert_eq!(r["accepted"], 300);
    assert_eq!(r["mismatches"], 0);
    assert_eq!(r["checked_by"], "user");
    assert_eq!(r["steps"]["valid"]["sent"], 300);
    assert_eq!(r["outcomes"]["matching 1 tokens"], 300);
    let lat = &r["latency_ms"];
    assert!(lat["p50"].as_f64().unwrap() <= lat["p99"].as_f64().unwrap());
    assert!(out.contains("mismatches          0"), "{out}");
    let pic = std::fs::read_to_string(&svg).unwrap();
    assert!(pic.starts_with("<svg") && pic.contains("latency (ms)"));
}

#[test]
fn a_server_that_accepts_replays_is_caught() {
    let sb = Sandbox::new();
    let url = serve(ACCEPT);
    let replays = "[mix]\nvalid = 0\nwrong_pin = 0\nreplay = 1\nlockout_reset = 0\ndrift_inside = 0\ndrift_beyond_resync = 0\n[tokens]\ntotp_share = 0\n";
    let (code, out, r) = simulate(
        &url,
        &sb,
        replays,
        &["--logins", "50", "--users", "4", "--concurrency", "2"],
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("softpass: 4 mismatch(es)"), "{out}");
    // Each user: the preparing valid login matches, its replay does not; then it is retired.
    assert_eq!(r["mismatches"], 4);
    assert_eq!(r["retired_users"], 4);
    let m = &r["mismatch_list"][0];
    assert_eq!(m["step"], "replay");
    assert_eq!(m["expected"]["authentication"], "REJECT");
    assert_eq!(
        m["expected"]["message"],
        "wrong otp value. previous otp used again"
    );
    assert_eq!(m["got"]["authentication"], "ACCEPT");
    assert_eq!(m["got"]["message"], "matching 1 tokens");
}

/// A RADIUS responder on the core codec that accepts every verified request with
/// "matching 1 tokens"; it records the user names it saw.
fn radius_accepting(secret: &'static [u8]) -> (String, std::sync::mpsc::Receiver<String>) {
    use softpass_core::radius::{
        Code, decode, encode_response, reply_message_attrs, verify_request,
    };
    let sock = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = sock.local_addr().unwrap().to_string();
    let (tx, rx) = std::sync::mpsc::channel();
    thread::spawn(move || {
        let mut buf = [0u8; 4097];
        loop {
            let Ok((n, peer)) = sock.recv_from(&mut buf) else {
                return;
            };
            let Ok(p) = decode(&buf[..n]) else { continue };
            if verify_request(&p, secret, true).is_err() {
                continue;
            }
            let _ =
                tx.send(String::from_utf8_lossy(p.user_name().unwrap_or_default()).into_owned());
            let attrs = reply_message_attrs("matching 1 tokens");
            let reply = encode_response(Code::AccessAccept, p.id, &p.authenticator, &attrs, secret)
                .unwrap();
            let _ = sock.send_to(&reply, peer);
        }
    });
    (addr, rx)
}

#[test]
fn radius_logins_are_checked_the_same_way() {
    let sb = Sandbox::new();
    let url = serve(ACCEPT);
    let (radius, seen) = radius_accepting(b"sim-radius-secret");
    std::fs::write(sb.dir.path().join("secret"), "sim-radius-secret\n").unwrap();
    let secret = sb.dir.path().join("secret");
    let args = [
        "--logins",
        "40",
        "--users",
        "3",
        "--concurrency",
        "3",
        "--seed",
        "5",
        "--radius",
        &radius,
    ];
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--radius-secret-file", secret.to_str().unwrap()]);
    let (code, out, r) = simulate(&url, &sb, VALID_ONLY, &all);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        (r["transport"].as_str(), r["logins"].as_u64()),
        (Some("radius"), Some(40))
    );
    assert_eq!(r["mismatches"], 0);
    let users: std::collections::BTreeSet<String> = seen.try_iter().collect();
    assert_eq!(
        users.into_iter().collect::<Vec<_>>(),
        ["sim5u0", "sim5u1", "sim5u2"]
    );
}
