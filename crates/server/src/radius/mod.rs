//! The RADIUS front of `softpass serve` (RFC 2865 PAP, docs/radius.md "The server"): one UDP
//! socket, one receive loop that only sorts datagrams (client table, decoding, the
//! Message-Authenticator, the duplicate cache) and spawns each new Access-Request, under a bound
//! on the requests in flight, onto the same validation Service as HTTP.
mod answer;
pub mod counters;
mod states;
#[cfg(test)]
mod tests;

pub use counters::{Counters, Dropped};
pub use states::{MAX_STATES, STATE_LIFETIME_MS};

use crate::error::ServerError;
use crate::http::App;
use crate::store::Store;
use softpass_core::radius::{self, ClientTable, DuplicateCache, Lookup, Password};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::UdpSocket;
use tokio::sync::{Semaphore, watch};

/// The clients file in the data folder.
pub const CLIENTS_FILE: &str = "radius-clients";
/// How long an answer is kept for retransmissions (RFC 5080: 5..=30 s).
pub const CACHE_TTL_MS: u64 = 30_000;
/// Answers kept at most (the oldest go first): at 10,000 requests/s still over 6 s.
pub const CACHE_CAPACITY: usize = 65_536;
/// Access-Requests being validated at once; beyond it new ones are dropped (the NAS retries).
pub const MAX_IN_FLIGHT: usize = 1024;
/// A decision (store included) that takes longer is abandoned and dropped like a store
/// failure: the NAS has retransmitted or given up by then, and its task must not keep a permit.
pub const DECISION_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a shutdown waits for the requests in flight (each ends within DECISION_TIMEOUT).
pub const SHUTDOWN_WAIT: Duration = Duration::from_secs(12);
/// What the Reply-Message of an enrolment challenge says (the HTTP `detail.message` first).
pub const ENROLMENT_PROMPT: &str = "enrollment required: enrol in the Parallels Client (over HTTP), then answer with OTP PIN + eToken";

/// Reads `<data_dir>/radius-clients`; a missing or malformed file stops the start.
pub fn load_clients(data_dir: &Path) -> Result<ClientTable, ServerError> {
    let path = data_dir.join(CLIENTS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => zeroize::Zeroizing::new(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(ServerError::RadiusClientsMissing(path));
        }
        Err(e) => return Err(ServerError::io(&path, e)),
    };
    ClientTable::parse(&text).map_err(|source| ServerError::RadiusClients { path, source })
}

type Key = (SocketAddr, u8);

/// What the front shares with its request tasks.
pub struct Front<S> {
    app: Arc<App<S>>,
    sock: Arc<UdpSocket>,
    clients: ClientTable,
    cache: Mutex<DuplicateCache<Key>>,
    states: states::States,
    gate: Arc<Semaphore>,
    t0: Instant,
    /// [`DECISION_TIMEOUT`] (shorter in the tests).
    limit: Duration,
}

/// One Access-Request that passed the loop's checks, owned, for its task.
struct Job {
    peer: SocketAddr,
    id: u8,
    ra: [u8; 16],
    user: Option<Vec<u8>>,
    password: Password,
    state: Option<Vec<u8>>,
    proxy_states: Vec<Vec<u8>>,
}

impl<S: Store> Front<S> {
    pub fn new(app: Arc<App<S>>, sock: UdpSocket, clients: ClientTable) -> Arc<Self> {
        Arc::new(Self {
            app,
            sock: Arc::new(sock),
            clients,
            cache: Mutex::new(DuplicateCache::new(CACHE_TTL_MS, CACHE_CAPACITY)),
            states: states::States::default(),
            gate: Arc::new(Semaphore::new(MAX_IN_FLIGHT)),
            t0: Instant::now(),
            limit: DECISION_TIMEOUT,
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.sock.local_addr()
    }

    fn now_ms(&self) -> u64 {
        self.t0.elapsed().as_millis() as u64
    }

    fn counters(&self) -> &Counters {
        &self.app.service.metrics.radius
    }

    /// Receives until `stop` turns true, then waits (at most [`SHUTDOWN_WAIT`]) for the
    /// requests in flight to be answered.
    pub async fn serve(self: Arc<Self>, mut stop: watch::Receiver<bool>) {
        let mut buf = vec![0u8; radius::MAX_PACKET_LEN + 1];
        loop {
            tokio::select! {
                _ = stop.wait_for(|s| *s) => break,
                got = self.sock.recv_from(&mut buf) => {
                    // An error here is about one datagram (e.g. an ICMP report): go on.
                    if let Ok((n, peer)) = got {
                        self.receive(&buf[..n], peer);
                    }
                }
            }
        }
        let all = self.gate.acquire_many(MAX_IN_FLIGHT as u32);
        let _ = tokio::time::timeout(SHUTDOWN_WAIT, all).await;
    }

    /// Sorts one datagram: dropped (counted), answered from the cache, or spawned.
    fn receive(self: &Arc<Self>, datagram: &[u8], peer: SocketAddr) {
        let c = self.counters();
        let Some(secret) = self.clients.secret_for(peer.ip()) else {
            return c.dropped(Dropped::UnknownClient);
        };
        let read = radius::decode(datagram)
            .and_then(|p| radius::read_access_request(&p, secret.expose()).map(|r| (p, r)));
        let (pkt, req) = match read {
            Ok(x) => x,
            Err(e) => return c.dropped(Dropped::from_error(&e)),
        };
        let key = (peer, req.id);
        let now = self.now_ms();
        let lookup = self.lock_cache().check(&key, &req.authenticator, now);
        match lookup {
            Lookup::Answered(bytes) => {
                c.duplicate();
                // Never awaited in the loop; a full send buffer loses this copy, the NAS retries.
                let _ = self.sock.try_send_to(&bytes, peer);
                return;
            }
            Lookup::InProgress => return c.dropped(Dropped::InProgress),
            Lookup::New => {}
        }
        let Ok(permit) = self.gate.clone().try_acquire_owned() else {
            self.lock_cache().abandon(&key, &req.authenticator);
            return c.dropped(Dropped::Overloaded);
        };
        c.request();
        let job = Job {
            peer,
            id: req.id,
            ra: req.authenticator,
            user: req.user_name.map(<[u8]>::to_vec),
            password: req.password,
            state: req.state.map(<[u8]>::to_vec),
            proxy_states: pkt
                .all(radius::attr::PROXY_STATE)
                .map(<[u8]>::to_vec)
                .collect(),
        };
        let front = self.clone();
        tokio::spawn(async move {
            front.answer(job).await;
            drop(permit);
        });
    }

    fn lock_cache(&self) -> std::sync::MutexGuard<'_, DuplicateCache<Key>> {
        self.cache.lock().expect("not poisoned")
    }
}
