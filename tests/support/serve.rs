//! The OTP service for the server tests: start the real `softpass serve` on a loopback port it picks
//! (the address is read from its `softpass: listening on http://ADDR` line), talk real HTTP/1.1
//! to it, stop it with SIGTERM or SIGKILL. Every address used is 127.0.0.1.

use serde_json::Value;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use super::vectors::{HOTP26 as HOTP, SEED20_HEX as RFC_KEY_HEX};

pub struct Server {
    pub child: Child,
    pub addr: String,
    pub dir: PathBuf,
    pub key: String,
    pub stderr: Arc<Mutex<String>>,
}

/// `softpass serve --listen 127.0.0.1:0 --data-dir DIR ARGS...`, once it listens.
pub fn start(dir: &Path, args: &[&str]) -> Server {
    try_start(dir, args).unwrap_or_else(|e| panic!("serve did not start: {e}"))
}

/// Like [`start`]; `Err(stderr)` if the server exits before listening.
pub fn try_start(dir: &Path, args: &[&str]) -> Result<Server, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_softpass"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn softpass serve");
    let stderr = Arc::new(Mutex::new(String::new()));
    let (tx, rx) = std::sync::mpsc::channel();
    let err = child.stderr.take().unwrap();
    let sink = stderr.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            if let Some(a) = line.strip_prefix("softpass: listening on http://") {
                let _ = tx.send(a.to_owned());
            }
            let mut s = sink.lock().unwrap();
            s.push_str(&line);
            s.push('\n');
        }
    });
    let addr = match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(a) => a,
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            std::thread::sleep(Duration::from_millis(50));
            return Err(stderr.lock().unwrap().clone());
        }
    };
    let key = std::fs::read_to_string(dir.join("admin.key"))
        .unwrap()
        .trim_end()
        .to_owned();
    Ok(Server {
        child,
        addr,
        dir: dir.to_owned(),
        key,
        stderr,
    })
}

/// A test that fails mid-way leaves no server behind.
impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

impl Server {
    /// SIGTERM, then the exit status (Some(code)).
    pub fn stop(mut self) -> Option<i32> {
        signal(&self.child, "TERM");
        wait(&mut self.child)
    }

    /// The exit status after a signal sent earlier.
    pub fn stop_waiting(mut self) -> Option<i32> {
        wait(&mut self.child)
    }

    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn get(&self, path: &str) -> (u16, Value) {
        http(&self.addr, "GET", path, &[], None)
    }

    /// `GET /metrics` with the admin credential: the Prometheus text (status 200 asserted).
    pub fn metrics(&self) -> String {
        let auth = format!("Bearer {}", self.key);
        let (st, body) = raw_http(
            &self.addr,
            "GET",
            "/metrics",
            &[("Authorization", &auth)],
            None,
        );
        assert_eq!(st, 200);
        String::from_utf8(body).expect("utf-8 metrics")
    }

    pub fn admin(&self, method: &str, path: &str, form: &str) -> (u16, Value) {
        let auth = format!("Bearer {}", self.key);
        let ct = ("Content-Type", "application/x-www-form-urlencoded");
        http(
            &self.addr,
            method,
            path,
            &[("Authorization", auth.as_str()), ct],
            Some(form.as_bytes()),
        )
    }

    /// GET /validate/check?user=U&pass=P: (HTTP status, authentication, message).
    pub fn check(&self, user: &str, pass: &str) -> (u16, String, String) {
        let (s, v) = self.get(&format!("/validate/check?user={user}&pass={pass}"));
        (
            s,
            text(&v["result"]["authentication"]),
            text(&v["detail"]["message"]),
        )
    }
}

pub fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_owned()
}

pub fn signal(child: &Child, sig: &str) {
    let st = Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(st.success());
}

pub fn wait(child: &mut Child) -> Option<i32> {
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(20) {
        if let Some(s) = child.try_wait().unwrap() {
            return s.code();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    panic!("server did not exit after the signal");
}

/// One HTTP/1.1 request on a new connection (`Connection: close`): status and JSON body
/// (`Value::Null` if the body is not JSON).
pub fn http(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> (u16, Value) {
    let (s, raw) = raw_http(addr, method, path, headers, body);
    (s, serde_json::from_slice(&raw).unwrap_or(Value::Null))
}

pub fn raw_http(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = body {
        req.push_str(&format!("Content-Length: {}\r\n", b.len()));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    if let Some(b) = body {
        bytes.extend_from_slice(b);
    }
    // The server may answer (413) before it has read everything: a failed write is fine.
    let _ = s.write_all(&bytes);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let end = out
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP response");
    let head = String::from_utf8_lossy(&out[..end]).to_string();
    let status = head[9..12].parse().unwrap();
    let mut body = out[end + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    (status, body)
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(i) = b.windows(2).position(|w| w == b"\r\n") {
        let n =
            usize::from_str_radix(std::str::from_utf8(&b[..i]).unwrap().trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.extend_from_slice(&b[i + 2..i + 2 + n]);
        b = &b[i + 4 + n..];
    }
    out
}

/// A users file with `names`.
pub fn users_file(dir: &Path, names: &[&str]) -> PathBuf {
    let p = dir.join("users.csv");
    let mut s = String::from("user,email\n");
    for n in names {
        s.push_str(&format!("{n},{n}@example.org\n"));
    }
    std::fs::write(&p, s).unwrap();
    p
}

/// The eToken of `key` (hex) at `counter` (the core's HOTP, checked against RFC 4226 in
/// tests/vectors_hotp.rs).
pub fn hotp(key_hex: &str, counter: u64) -> String {
    let key = hex::decode(key_hex).unwrap();
    let h = softpass_core::otp::Hotp::new(softpass_core::token::Algorithm::Sha1, &key, 6).unwrap();
    h.code(counter).to_string()
}

/// A server in `mode` with users alice, bob, carol.
pub fn server(mode: &str) -> (tempfile::TempDir, Server) {
    let d = tempfile::tempdir().unwrap();
    let users = users_file(d.path(), &["alice", "bob", "carol"]);
    let s = start(
        &d.path().join("data"),
        &["--mode", mode, "--users", users.to_str().unwrap()],
    );
    (d, s)
}

pub fn init_alice(s: &Server) {
    let form =
        format!("type=hotp&otpkey={RFC_KEY_HEX}&pin=1234&user=alice&otplen=6&serial=HOTP0001");
    let (st, v) = s.admin("POST", "/token/init", &form);
    assert_eq!(st, 200, "{v}");
}

pub fn token(s: &Server, serial: &str) -> Value {
    let (st, v) = s.admin("GET", &format!("/token/?serial={serial}"), "");
    assert_eq!(st, 200, "{v}");
    v["result"]["value"]["tokens"][0].clone()
}

pub fn error(v: &Value) -> (i64, String) {
    assert_eq!(v["result"]["status"], false, "{v}");
    (
        v["result"]["error"]["code"].as_i64().unwrap(),
        text(&v["result"]["error"]["message"]),
    )
}
