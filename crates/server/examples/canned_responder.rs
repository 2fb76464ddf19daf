//! A trivial privacyIDEA stand-in for benchmarking `softpass simulate` itself: every request
//! gets the same canned answer, an ACCEPT with "matching 1 tokens" (also a fine answer to the
//! admin calls: status true, value true, a serial). With a scenario of valid logins only
//! (benches/simulate-valid-only.toml) the simulator's model predicts exactly this answer, so the
//! run is checked as usual and must show 0 mismatches.
//!
//!   cargo run --release -p softpass-server --example canned_responder -- [PORT] [THREADS]
//! Prints `PORT <n>` when it listens (127.0.0.1 only); stops when killed.
use bytes::Bytes;
use http_body_util::Full;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Response, header};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use tokio::net::TcpListener;

const BODY: &str = r#"{"detail": {"message": "matching 1 tokens", "otplen": 6, "serial": "CANNED", "type": "hotp"}, "id": 2, "jsonrpc": "2.0", "result": {"authentication": "ACCEPT", "status": true, "value": true}, "time": 0, "version": "canned responder"}"#;

fn main() {
    let mut args = std::env::args().skip(1);
    let port: u16 = args.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let threads: usize = args.next().and_then(|t| t.parse().ok()).unwrap_or(1);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.expect("bind");
        println!("PORT {}", listener.local_addr().expect("addr").port());
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            tokio::spawn(async move {
                let svc = service_fn(|_req| async {
                    let mut r = Response::new(Full::new(Bytes::from_static(BODY.as_bytes())));
                    r.headers_mut()
                        .insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
                    Ok::<_, Infallible>(r)
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), svc)
                    .await;
            });
        }
    });
}
