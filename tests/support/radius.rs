//! RADIUS for the server tests: `softpass serve --radius` on a loopback UDP port the test picks
//! (serve prints only its HTTP address), its clients file, the outside peers (radclient from
//! FreeRADIUS 3.2.1; pyrad 2.6.0 through tests/interop/radius_pyrad.py), raw datagrams, and the
//! counters of /metrics.

use super::serve::{Server, raw_http, try_start};
use std::net::UdpSocket;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// The shared secret every test server lists for 127.0.0.1.
pub const SECRET: &str = "radius-test-secret-0123456789abcdef";

/// A node with its RADIUS address (`127.0.0.1:PORT`).
pub struct RadiusNode {
    pub server: Server,
    pub radius: String,
}

/// A UDP port that was free a moment ago.
pub fn free_udp_port() -> u16 {
    UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `<dir>/radius-clients` with the one line `127.0.0.1 SECRET`.
pub fn clients_file(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("radius-clients"),
        format!("# the tests' NAS\n127.0.0.1 {SECRET}\n"),
    )
    .unwrap();
}

/// `softpass serve --radius 127.0.0.1:PORT ARGS...` with the clients file; another port is
/// tried when the one picked was taken meanwhile.
pub fn start(dir: &Path, args: &[&str]) -> RadiusNode {
    if !dir.join("radius-clients").exists() {
        clients_file(dir);
    }
    let mut last = String::new();
    for _ in 0..5 {
        let radius = format!("127.0.0.1:{}", free_udp_port());
        let mut all = vec!["--radius", radius.as_str()];
        all.extend_from_slice(args);
        match try_start(dir, &all) {
            Ok(server) => return RadiusNode { server, radius },
            Err(e) if e.contains("cannot listen") => last = e,
            Err(e) => panic!("serve did not start: {e}"),
        }
    }
    panic!("serve did not start: {last}");
}

/// radclient output: exit code, stdout (received attributes with -x), stderr.
pub struct Radclient {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Radclient {
    /// The Reply-Message radclient printed.
    pub fn reply_message(&self) -> Option<String> {
        self.attr("Reply-Message")
            .map(|v| v.trim_matches('"').to_owned())
    }

    /// An attribute of the reply as radclient prints it (`State = 0x...`).
    pub fn attr(&self, name: &str) -> Option<String> {
        let received = self.stdout.split("Received ").nth(1)?;
        received.lines().find_map(|l| {
            let (k, v) = l.trim().split_once(" = ")?;
            (k == name).then(|| v.to_owned())
        })
    }

    /// radclient gave up waiting (it prints that on stdout).
    pub fn no_reply(&self) -> bool {
        self.code == 1 && self.received().is_none() && self.stdout.contains("No reply from server")
    }

    /// The code radclient received (`Access-Accept`, ...).
    pub fn received(&self) -> Option<String> {
        let rest = self.stdout.split("Received ").nth(1)?;
        rest.split_whitespace().next().map(str::to_owned)
    }
}

/// `echo INPUT | radclient -x -t 1 -r 1 ADDR auth SECRET` (one send, 1 s to answer).
pub fn radclient(addr: &str, secret: &str, input: &str) -> Radclient {
    use std::io::Write;
    let mut child = Command::new("radclient")
        .args(["-x", "-t", "1", "-r", "1", addr, "auth", secret])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("radclient (apt-get install freeradius-utils)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    Radclient {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// `python3 tests/interop/radius_pyrad.py HOST PORT SECRET ARGS...`: exit code and stdout.
pub fn pyrad(addr: &str, args: &[&str]) -> (i32, String) {
    let (host, port) = addr.rsplit_once(':').unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/interop/radius_pyrad.py");
    let o = Command::new("python3")
        .arg(script)
        .args([host, port, SECRET])
        .args(args)
        .output()
        .expect("python3");
    assert!(
        o.status.code().is_some_and(|c| c <= 3),
        "pyrad peer failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    (
        o.status.code().unwrap(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

/// True when pyrad 2.6 is importable by `python3` (CI installs it; locally the test is skipped).
pub fn have_pyrad() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import pyrad.packet"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but pyrad is missing: python3 -m pip install pyrad==2.6.0"
        );
        eprintln!("SKIPPED: pyrad not installed (python3 -m pip install pyrad==2.6.0)");
    }
    ok
}

/// Sends `packet` from `sock` and waits up to `wait` for one datagram back.
pub fn exchange(sock: &UdpSocket, to: &str, packet: &[u8], wait: Duration) -> Option<Vec<u8>> {
    sock.send_to(packet, to).unwrap();
    sock.set_read_timeout(Some(wait)).unwrap();
    let mut buf = [0u8; 4097];
    sock.recv(&mut buf).ok().map(|n| buf[..n].to_vec())
}

/// The value of one sample of /metrics (`name{labels}` exactly as printed).
pub fn metric(s: &Server, sample: &str) -> u64 {
    let text = s.metrics();
    text.lines()
        .find_map(|l| l.strip_prefix(sample)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("{sample} not in /metrics:\n{text}"))
}

/// The audit log's lines (JSON objects) with `action`.
pub fn audit(s: &Server, action: &str) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(s.dir.join("audit.jsonl")).unwrap_or_default();
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["action"] == action)
        .collect()
}
