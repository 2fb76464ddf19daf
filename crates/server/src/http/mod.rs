//! The HTTP front end (privacyIDEA's API, docs/server.md "HTTP API"): routes, body and time
//! limits, the admin gate, and graceful shutdown that finishes the requests in flight.
mod admin;
pub mod auth;
mod check;
mod enroll;
pub mod reply;

use crate::failure::Failure;
use crate::params::{self, Params};
use crate::service::Service;
use crate::store::Store;
use auth::AdminAuth;
use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method, request::Parts};
use axum::response::Response;
use axum::routing::{delete, get, post};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// Largest body of an ordinary request.
pub const MAX_BODY: usize = 64 << 10;
/// Largest `/token/load` body (a seed file of 100,000 tokens and more).
pub const MAX_LOAD_BODY: usize = 64 << 20;
/// A request (body read included) that takes longer is answered 408 and dropped.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// `/token/load` may take longer (PBKDF2, a large file).
pub const LOAD_TIMEOUT: Duration = Duration::from_secs(300);

/// What every handler shares.
pub struct App<S> {
    pub service: Service<S>,
    pub admin: AdminAuth,
}

pub type Shared<S> = State<Arc<App<S>>>;

/// A parsed request: its parameters, headers and peer.
pub struct Req {
    pub params: Params,
    pub headers: HeaderMap,
    pub method: Method,
    pub peer: SocketAddr,
}

/// Reads and parses a request's parameters (body up to `limit`).
pub async fn read(req: Request, limit: usize) -> Result<Req, Failure> {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| SocketAddr::from(([0, 0, 0, 0], 0)), |c| c.0);
    let (parts, body): (Parts, Body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|_| {
        Failure::new(
            413,
            905,
            format!("ERR905: The request body is larger than {limit} bytes."),
        )
    })?;
    let ct = parts
        .headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let params = params::parse(parts.uri.query(), ct, &bytes).map_err(Failure::param)?;
    Ok(Req {
        params,
        headers: parts.headers,
        method: parts.method,
        peer,
    })
}

async fn not_found() -> Response {
    reply::failure(&Failure::new(404, 404, "Not found"))
}

async fn wrong_method() -> Response {
    reply::failure(&Failure::new(
        405,
        405,
        "The method is not allowed for the requested URL.",
    ))
}

/// Every error is answered in the API's JSON error shape, also where a layer or an extractor
/// made the answer (a timeout's 408, a path that is not UTF-8): clients parse one shape.
/// `/validate/radiuscheck` keeps its plain answers, as privacyIDEA's.
async fn json_errors(req: Request, next: axum::middleware::Next) -> Response {
    let plain_by_design = req.uri().path().starts_with("/validate/radiuscheck");
    let r = next.run(req).await;
    let status = r.status();
    let is_json = r
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    if plain_by_design || is_json || !(status.is_client_error() || status.is_server_error()) {
        return r;
    }
    // The extractor's own text is not echoed: it may quote the request.
    let f = match status.as_u16() {
        400 => Failure::param("The request URL is not valid."),
        408 => Failure::new(408, 408, "The request took too long and was dropped."),
        n => Failure::new(
            n,
            i64::from(n),
            status.canonical_reason().unwrap_or("Error"),
        ),
    };
    reply::failure(&f)
}

/// The routes, with their limits.
pub fn router<S: Store>(app: Arc<App<S>>) -> Router {
    use tower_http::timeout::TimeoutLayer;
    let load = Router::new()
        .route("/token/load", post(admin::load::<S>))
        .route("/token/load/{filename}", post(admin::load_named::<S>))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_LOAD_BODY))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            LOAD_TIMEOUT,
        ));
    Router::new()
        .route(
            "/validate/check",
            get(check::check::<S>).post(check::check::<S>),
        )
        .route(
            "/validate/radiuscheck",
            get(check::radiuscheck::<S>).post(check::radiuscheck::<S>),
        )
        .route("/auth", post(admin::auth::<S>))
        .route("/token/init", post(admin::init::<S>))
        .route("/token/resync", post(admin::resync::<S>))
        .route("/token/resync/{serial}", post(admin::resync::<S>))
        .route("/token/reset", post(admin::reset::<S>))
        .route("/token/reset/{serial}", post(admin::reset::<S>))
        .route("/token/set", post(admin::set::<S>))
        .route("/token/set/{serial}", post(admin::set::<S>))
        .route("/token/enable", post(admin::enable::<S>))
        .route("/token/enable/{serial}", post(admin::enable::<S>))
        .route("/token/disable", post(admin::disable::<S>))
        .route("/token/disable/{serial}", post(admin::disable::<S>))
        .route("/token/assign", post(admin::assign::<S>))
        .route("/token/unassign", post(admin::unassign::<S>))
        .route("/token/setpin", post(admin::setpin::<S>))
        .route("/token/", get(admin::list::<S>))
        .route("/token", get(admin::list::<S>))
        .route("/token/{serial}", delete(admin::delete::<S>))
        .route("/user/", get(admin::users::<S>).post(admin::add_user::<S>))
        .route("/user", get(admin::users::<S>).post(admin::add_user::<S>))
        .route("/enroll", post(enroll::enroll::<S>))
        .route("/healthz", get(admin::healthz::<S>))
        .route("/healthz/", get(admin::healthz::<S>))
        .route("/healthz/readyz", get(admin::healthz::<S>))
        .route("/healthz/livez", get(admin::livez))
        .route("/metrics", get(admin::metrics::<S>))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .merge(load)
        .fallback(not_found)
        .method_not_allowed_fallback(wrong_method)
        .layer(axum::middleware::from_fn(json_errors))
        .with_state(app)
}

/// Serves `router` on `listener` until `shutdown` resolves; requests in flight are finished.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
