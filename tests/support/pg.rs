//! A throw-away PostgreSQL cluster for the tests: the system's initdb/pg_ctl (Debian
//! `postgresql`), run as the `postgres` user when we are root, in a private temp folder, on a
//! loopback port, with its socket in that folder. Skipped (saying so) where PostgreSQL is not
//! installed, unless SOFTPASS_REQUIRE_PG=1 (CI), which turns the skip into a failure.
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct PgCluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    pub port: u16,
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false)
}

fn pg_cmd(bin: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(bin);
        c
    } else {
        Command::new(bin)
    }
}

fn find_bin() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PG_BIN") {
        return Some(PathBuf::from(p));
    }
    let mut v: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, b)| b.join("initdb").is_file() && b.join("pg_ctl").is_file())
        .collect();
    v.sort();
    v.pop().map(|(_, b)| b)
}

fn initdb(bin: &Path, data: &Path) {
    let out = pg_cmd(&bin.join("initdb"))
        .arg("-D")
        .arg(data)
        .args([
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "initdb: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl PgCluster {
    /// None = skip (printed), unless SOFTPASS_REQUIRE_PG=1.
    pub fn start() -> Option<PgCluster> {
        let skip = |why: &str| {
            if std::env::var_os("SOFTPASS_REQUIRE_PG").is_some_and(|v| v == "1") {
                panic!("PostgreSQL required (SOFTPASS_REQUIRE_PG=1): {why}")
            }
            eprintln!("skipping the PostgreSQL test: {why}");
            None
        };
        let Some(bin) = find_bin() else {
            return skip("no /usr/lib/postgresql/*/bin/initdb (apt-get install postgresql)");
        };
        let root = is_root();
        if root
            && Command::new("id")
                .arg("postgres")
                .output()
                .map(|o| !o.status.success())
                .unwrap_or(true)
        {
            return skip("running as root and there is no 'postgres' user");
        }
        let dir = tempfile::Builder::new()
            .prefix("softpass-pg.")
            .tempdir_in("/tmp")
            .unwrap();
        for sub in ["data", "sock"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        if root {
            let st = Command::new("chown")
                .arg("-R")
                .arg("postgres:postgres")
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(st.success());
        }
        initdb(&bin, &dir.path().join("data"));
        Some(Self::run(dir, bin))
    }

    /// pg_ctl start on a free loopback port (retried if the port was taken meanwhile).
    fn run(dir: tempfile::TempDir, bin: PathBuf) -> PgCluster {
        for _ in 0..5 {
            let port = TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let opts = format!(
                "-k {} -c listen_addresses=127.0.0.1 -p {port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                dir.path().join("sock").display()
            );
            let out = pg_cmd(&bin.join("pg_ctl"))
                .arg("-D")
                .arg(dir.path().join("data"))
                .arg("-l")
                .arg(dir.path().join("server.log"))
                .args(["-w", "-t", "30", "-o", &opts, "start"])
                .output()
                .unwrap();
            if out.status.success() {
                return PgCluster { dir, bin, port };
            }
        }
        let log = std::fs::read_to_string(dir.path().join("server.log")).unwrap_or_default();
        panic!("pg_ctl start failed: {log}");
    }

    /// A new database; its URL.
    pub fn create_db(&self, name: &str) -> String {
        self.sql("postgres", &format!("CREATE DATABASE {name}"));
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }

    /// Runs SQL in database `name`; its output, unaligned and trimmed.
    pub fn sql(&self, name: &str, sql: &str) -> String {
        let out = Command::new("psql")
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
            ])
            .args(["-d", name, "-qAtc", sql])
            .output()
            .expect("psql (postgresql-client)");
        assert!(
            out.status.success(),
            "psql: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }
}

/// An open psql session (its transaction stays open until it is dropped).
pub struct Session {
    child: std::process::Child,
    /// Kept open: psql waits for more input and the transaction stays open.
    _stdin: std::process::ChildStdin,
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl PgCluster {
    /// Runs `sql` in database `name` in a psql that stays connected: returns once psql printed
    /// `ready` after it (so a lock `sql` takes is held), until the session is dropped.
    pub fn session(&self, name: &str, sql: &str) -> Session {
        use std::io::{BufRead, Write};
        use std::process::Stdio;
        let mut child = Command::new("psql")
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string()])
            .args(["-U", "postgres", "-d", name, "-qAt"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("psql (postgresql-client)");
        let mut stdin = child.stdin.take().unwrap();
        writeln!(stdin, "{sql}\nSELECT 'ready';").unwrap();
        let mut line = String::new();
        let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
        while line.trim() != "ready" {
            line.clear();
            assert!(out.read_line(&mut line).unwrap() > 0, "psql ended");
        }
        Session {
            child,
            _stdin: stdin,
        }
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let _ = pg_cmd(&self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-m", "immediate", "-w", "stop"])
            .output();
    }
}
