//! Load generator for `softpass serve` (benches/serve_bench.sh runs it): C keep-alive HTTP/1.1
//! connections on loopback, each owning its own HOTP tokens, each sending distinct valid
//! eTokens in counter order (`GET /validate/check?user=..&pass=PIN+code`), one request in
//! flight per connection. Prints one JSON line: accepted logins/s, p50/p90/p99/max latency.
//!
//! `cargo bench --bench serve_load -- --url http://127.0.0.1:PORT --admin-key DIR/admin.key
//!  [--conns 32] [--tokens 4] [--seconds 10] [--label NAME]`
//! Setup (users and tokens through the admin API) is not measured; the first second is warm-up.
use softpass_core::otp::Hotp;
use softpass_core::token::Algorithm;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

struct Opts {
    addr: String,
    key: String,
    conns: usize,
    tokens: usize,
    seconds: u64,
    label: String,
}

fn opts() -> Opts {
    let mut o = Opts {
        addr: String::new(),
        key: String::new(),
        conns: 32,
        tokens: 4,
        seconds: 10,
        label: String::new(),
    };
    let args: Vec<String> = std::env::args().collect();
    let mut i = 1;
    while i < args.len() {
        let v = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--url" => {
                o.addr = v
                    .trim_start_matches("http://")
                    .trim_end_matches('/')
                    .to_owned()
            }
            "--admin-key" => {
                o.key = std::fs::read_to_string(&v)
                    .expect("admin key")
                    .trim()
                    .to_owned()
            }
            "--conns" => o.conns = v.parse().expect("--conns N"),
            "--tokens" => o.tokens = v.parse().expect("--tokens N"),
            "--seconds" => o.seconds = v.parse().expect("--seconds S"),
            "--label" => o.label = v,
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    let host = o.addr.split(':').next().unwrap_or("");
    assert!(
        matches!(host, "127.0.0.1" | "localhost" | "[::1]"),
        "loopback only: --url http://127.0.0.1:PORT"
    );
    o
}

/// One keep-alive connection: sends a request, reads one response (Content-Length framed).
struct Conn {
    s: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    async fn open(addr: &str) -> Conn {
        let s = TcpStream::connect(addr).await.expect("connect");
        s.set_nodelay(true).unwrap();
        Conn {
            s,
            buf: Vec::with_capacity(4096),
        }
    }

    async fn call(&mut self, req: &[u8]) -> (u16, String) {
        self.s.write_all(req).await.expect("write");
        self.buf.clear();
        let mut chunk = [0u8; 4096];
        loop {
            if let Some(end) = find(&self.buf, b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&self.buf[..end]).to_string();
                let len: usize = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse().unwrap())
                    })
                    .unwrap_or(0);
                while self.buf.len() < end + 4 + len {
                    let n = self.s.read(&mut chunk).await.expect("read");
                    assert!(n > 0, "server closed the connection");
                    self.buf.extend_from_slice(&chunk[..n]);
                }
                let status = head[9..12].parse().unwrap_or(0);
                return (
                    status,
                    String::from_utf8_lossy(&self.buf[end + 4..end + 4 + len]).to_string(),
                );
            }
            let n = self.s.read(&mut chunk).await.expect("read");
            assert!(n > 0, "server closed the connection");
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }
}

fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

fn post(path: &str, key: &str, body: &str) -> Vec<u8> {
    format!(
        "POST {path} HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {key}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

struct Tok {
    user: String,
    hotp: Hotp,
    counter: u64,
}

/// Users and tokens for one run: a fresh random prefix, so reruns need no cleanup.
async fn setup(o: &Opts, prefix: &str) -> Vec<Vec<Tok>> {
    let mut c = Conn::open(&o.addr).await;
    let mut all = Vec::new();
    for ci in 0..o.conns {
        let mut mine = Vec::new();
        for ti in 0..o.tokens {
            let user = format!("{prefix}u{ci}x{ti}");
            let key: Vec<u8> = (0..20u8)
                .map(|b| {
                    b ^ (ci as u8).wrapping_mul(31)
                        ^ (ti as u8).wrapping_mul(7)
                        ^ prefix.as_bytes()[0]
                })
                .collect();
            let (s, b) = c
                .call(&post(
                    "/user/",
                    &o.key,
                    &format!("user={user}&email={user}@example.org"),
                ))
                .await;
            assert_eq!(s, 200, "{b}");
            let body = format!(
                "type=hotp&serial={user}T&user={user}&pin=1234&otpkey={}",
                hex::encode(&key)
            );
            let (s, b) = c.call(&post("/token/init", &o.key, &body)).await;
            assert_eq!(s, 200, "{b}");
            mine.push(Tok {
                user,
                hotp: Hotp::new(Algorithm::Sha1, &key, 6).unwrap(),
                counter: 0,
            });
        }
        all.push(mine);
    }
    all
}

async fn client(
    addr: String,
    mut toks: Vec<Tok>,
    warm: Instant,
    end: Instant,
) -> (Vec<u32>, usize, usize) {
    let mut c = Conn::open(&addr).await;
    let (mut lat, mut ok, mut bad) = (Vec::new(), 0, 0);
    let mut k = 0;
    while Instant::now() < end {
        let n = toks.len();
        let t = &mut toks[k % n];
        k += 1;
        let code = t.hotp.code(t.counter);
        t.counter += 1;
        let req = format!(
            "GET /validate/check?user={}&pass=1234{code} HTTP/1.1\r\nHost: bench\r\n\r\n",
            t.user
        );
        let t0 = Instant::now();
        let (s, body) = c.call(req.as_bytes()).await;
        let dt = t0.elapsed();
        if t0 >= warm {
            lat.push(u32::try_from(dt.as_micros()).unwrap_or(u32::MAX));
            if s == 200 && body.contains("\"authentication\":\"ACCEPT\"") {
                ok += 1;
            } else {
                bad += 1;
            }
        }
    }
    (lat, ok, bad)
}

fn main() {
    let o = opts();
    if o.addr.is_empty() {
        eprintln!(
            "serve_load: pass --url http://127.0.0.1:PORT --admin-key FILE (see benches/serve_bench.sh)"
        );
        return;
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let prefix = format!("b{:x}", std::process::id() ^ (Instant::now().elapsed().subsec_nanos()));
        let all = setup(&o, &prefix).await;
        let warm = Instant::now() + Duration::from_secs(1);
        let end = warm + Duration::from_secs(o.seconds);
        let tasks: Vec<_> = all.into_iter().map(|t| tokio::spawn(client(o.addr.clone(), t, warm, end))).collect();
        let (mut lat, mut ok, mut bad) = (Vec::new(), 0, 0);
        for t in tasks {
            let (l, a, b) = t.await.unwrap();
            lat.extend(l);
            ok += a;
            bad += b;
        }
        lat.sort_unstable();
        let pct = |p: f64| lat[((lat.len() - 1) as f64 * p).round() as usize] as f64 / 1000.0;
        println!(
            "{{\"label\":\"{}\",\"conns\":{},\"seconds\":{},\"accepted\":{ok},\"not_accepted\":{bad},\"logins_per_s\":{:.0},\"p50_ms\":{:.2},\"p90_ms\":{:.2},\"p99_ms\":{:.2},\"max_ms\":{:.2}}}",
            o.label, o.conns, o.seconds, ok as f64 / o.seconds as f64, pct(0.5), pct(0.9), pct(0.99), pct(1.0)
        );
    });
}
