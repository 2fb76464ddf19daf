//! A seed file of 100,000 tokens (over 16 MiB) loads in one `POST /token/load`, and SIGTERM
//! while it runs lets that request finish before the server exits 0 (graceful shutdown).

use crate::support::serve::{http, start, users_file};
use std::time::{Duration, Instant};

const N: usize = 100_000;

/// A plain PSKC (RFC 6030 figure 2 shape) of `N` HOTP keys; key 0 is RFC 4226's.
fn pskc() -> Vec<u8> {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><KeyContainer Version="1.0" xmlns="urn:ietf:params:xml:ns:keyprov:pskc">"#,
    );
    for i in 0..N {
        let key: Vec<u8> = if i == 0 {
            b"12345678901234567890".to_vec()
        } else {
            (0..20).map(|j| (i * 7 + j * 13) as u8).collect()
        };
        s.push_str(&format!(
            r#"<KeyPackage><DeviceInfo><Manufacturer>softpass-test</Manufacturer><SerialNo>BULK{i:06}</SerialNo></DeviceInfo><Key Id="BULK{i:06}" Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:hotp"><AlgorithmParameters><ResponseFormat Length="6" Encoding="DECIMAL"/></AlgorithmParameters><Data><Secret><PlainValue>{}</PlainValue></Secret><Counter><PlainValue>0</PlainValue></Counter></Data></Key></KeyPackage>"#,
            b64.encode(&key)
        ));
    }
    s.push_str("</KeyContainer>");
    s.into_bytes()
}

#[test]
fn a_100000_token_file_loads_and_sigterm_waits_for_it() {
    let d = tempfile::tempdir().unwrap();
    let users = users_file(d.path(), &["alice"]);
    let s = start(
        &d.path().join("data"),
        &["--users", users.to_str().unwrap()],
    );
    let file = pskc();
    assert!(file.len() > 16 << 20, "{} bytes", file.len());
    let boundary = "bulkBOUNDARY";
    let mut body = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\npskc\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bulk.pskc\"\r\n\r\n").into_bytes();
    body.extend_from_slice(&file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let (addr, auth) = (s.addr.clone(), format!("Bearer {}", s.key));
    let started = Instant::now();
    let load = std::thread::spawn(move || {
        let ct = format!("multipart/form-data; boundary={boundary}");
        http(
            &addr,
            "POST",
            "/token/load",
            &[("Authorization", &auth), ("Content-Type", &ct)],
            Some(&body),
        )
    });
    // SIGTERM while the load is in flight (the upload alone takes longer than this).
    std::thread::sleep(Duration::from_millis(200));
    crate::support::serve::signal(&s.child, "TERM");
    let (st, v) = load.join().unwrap();
    eprintln!("load took {:?}", started.elapsed());
    assert_eq!(st, 200, "{v}");
    assert_eq!(
        v["result"]["value"],
        serde_json::json!({"n_imported": N, "n_not_imported": 0})
    );
    let dir = s.dir.clone();
    assert_eq!(s.stop_waiting(), Some(0));
    // Everything was committed: after a restart the tokens are there and usable.
    let s = start(&dir, &[]);
    assert_eq!(
        s.admin("POST", "/token/assign", "serial=BULK000000&user=alice")
            .0,
        200
    );
    // RFC 4226 Appendix D, counter 0 (imported tokens have no OTP PIN).
    assert_eq!(s.check("alice", "755224").1, "ACCEPT");
    let (_, v) = s.admin("GET", "/token/?serial=BULK099999", "");
    assert_eq!(v["result"]["value"]["count"], 1);
    assert_eq!(s.stop(), Some(0));
}
