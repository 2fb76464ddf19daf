//! The RADIUS front against a store that never answers (a stalled database): the request is
//! dropped after the decision limit and counted, its permit comes back, nothing is sent, and a
//! shutdown with a request in flight still ends.
use super::{Front, MAX_IN_FLIGHT};
use crate::audit::Audit;
use crate::error::StoreError;
use crate::http::{App, auth::AdminAuth};
use crate::keys::ServerKeys;
use crate::mailer::Mailer;
use crate::metrics::Metrics;
use crate::service::{Mode, Service};
use crate::store::{Edit, Mutation, Store, Subject, TokenRecord, User, View};
use softpass_core::radius::{self, Attribute, ClientTable, attr};
use softpass_core::secret::SecretString;
use softpass_core::token::Kind;
use softpass_core::validate::Policy;
use std::future::{Future, pending};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::UdpSocket;

const SECRET: &str = "stall-test-secret";

/// Every call waits for ever.
struct Stalled;

impl Store for Stalled {
    fn mutate<T, F>(&self, _: Subject, _: F) -> impl Future<Output = Result<T, StoreError>> + Send
    where
        T: Send + 'static,
        F: FnMut(View<'_>) -> Mutation<T> + Send + 'static,
    {
        pending()
    }
    fn put_tokens(
        &self,
        _: Vec<TokenRecord>,
        _: bool,
    ) -> impl Future<Output = Result<usize, StoreError>> + Send {
        pending()
    }
    fn tokens(
        &self,
        _: Option<Subject>,
    ) -> impl Future<Output = Result<Vec<TokenRecord>, StoreError>> + Send {
        pending()
    }
    fn edit(&self, _: String, _: Edit) -> impl Future<Output = Result<bool, StoreError>> + Send {
        pending()
    }
    fn put_users(&self, _: Vec<User>) -> impl Future<Output = Result<(), StoreError>> + Send {
        pending()
    }
    fn users(&self) -> impl Future<Output = Result<Vec<User>, StoreError>> + Send {
        pending()
    }
    fn add_challenge(
        &self,
        _: String,
        _: String,
        _: u64,
        _: u64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send {
        pending()
    }
    fn take_challenge(
        &self,
        _: String,
        _: String,
        _: u64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send {
        pending()
    }
    fn add_enrolled(
        &self,
        _: TokenRecord,
        _: bool,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send {
        pending()
    }
    fn ping(&self) -> impl Future<Output = Result<(), StoreError>> + Send {
        pending()
    }
}

fn app(outbox: &std::path::Path) -> Arc<App<Stalled>> {
    let service = Service {
        store: Stalled,
        keys: Arc::new(ServerKeys::from_bytes(&[7; 32])),
        policy: Policy::default(),
        mode: Mode::Mandatory,
        enroll_type: Kind::Hotp,
        audit: Audit::discard(),
        metrics: Arc::new(Metrics::default()),
        mailer: Mailer::new(None, "softpass@example.org", outbox.to_path_buf()).unwrap(),
    };
    let admin = AdminAuth::new(SecretString::from("admin-key"));
    Arc::new(App { service, admin })
}

fn access_request(ra: &[u8; 16]) -> Vec<u8> {
    let hidden = radius::pap_hide(SECRET.as_bytes(), ra, b"1234755224").unwrap();
    let attrs = [
        Attribute::new(attr::USER_NAME, "alice"),
        Attribute::new(attr::USER_PASSWORD, hidden),
    ];
    radius::encode_request(1, ra, &attrs, SECRET.as_bytes()).unwrap()
}

/// The value of `line` (a full metric name with labels) in the front's counters.
fn counter(front: &Front<Stalled>, line: &str) -> u64 {
    let mut text = String::new();
    front.counters().render(&mut text);
    text.lines()
        .find_map(|l| l.strip_prefix(line)?.trim().parse().ok())
        .unwrap_or_else(|| panic!("{line} not in {text}"))
}

#[tokio::test]
async fn a_stalled_store_costs_one_drop_within_the_limit_and_shutdown_still_ends() {
    let d = tempfile::tempdir().unwrap();
    let sock = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let clients = ClientTable::parse(&format!("127.0.0.1 {SECRET}\n")).unwrap();
    let mut front = Front::new(app(d.path()), sock, clients);
    Arc::get_mut(&mut front).unwrap().limit = Duration::from_millis(200);
    let (stop_tx, stop) = tokio::sync::watch::channel(false);
    let served = tokio::spawn(front.clone().serve(stop));
    let nas = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    nas.send_to(&access_request(&[9; 16]), front.local_addr().unwrap())
        .await
        .unwrap();
    let dropped = "softpass_radius_dropped_total{reason=\"store_error\"}";
    let t = std::time::Instant::now();
    while counter(&front, dropped) == 0 {
        assert!(t.elapsed() < Duration::from_secs(5), "never dropped");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(counter(&front, "softpass_radius_requests_total"), 1);
    assert_eq!(front.gate.available_permits(), MAX_IN_FLIGHT);
    let mut buf = [0u8; 64];
    let answer = tokio::time::timeout(Duration::from_millis(300), nas.recv(&mut buf)).await;
    assert!(answer.is_err(), "no answer for an undecided request");
    // A second request is in flight (stalled) when the stop comes: serve still returns.
    nas.send_to(&access_request(&[10; 16]), front.local_addr().unwrap())
        .await
        .unwrap();
    while counter(&front, "softpass_radius_requests_total") < 2 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop_tx.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(5), served)
        .await
        .expect("serve ended")
        .unwrap();
    assert_eq!(counter(&front, dropped), 2);
}
