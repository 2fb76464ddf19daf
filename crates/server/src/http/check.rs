//! `GET|POST /validate/check`: parameters as privacyIDEA reads them, the Service's verdict in
//! privacyIDEA's shape (HTTP 200 for every completed check).
use super::{Shared, read, reply};
use crate::api::{Challenge, CheckDetail};
use crate::failure::Failure;
use crate::service::{CheckAnswer, CheckRequest, Checked};
use crate::store::{Store, Subject};
use crate::users::valid_login;
use axum::extract::{Request, State};
use axum::response::Response;
use serde_json::json;
use softpass_core::secret::SecretString;
use softpass_core::validate::{UNKNOWN_SERIAL_MESSAGE, Verdict, unknown_user_message};

pub async fn check<S: Store>(State(app): Shared<S>, req: Request) -> Response {
    let started = std::time::Instant::now();
    let r = match handle(&app, req).await {
        Ok(r) => r,
        Err(f) => {
            app.service.metrics.request(f.status < 500);
            return reply::failure(&f);
        }
    };
    let m = &app.service.metrics;
    m.request(false);
    m.check_time(u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX));
    r
}

/// `GET|POST /validate/radiuscheck`: the same check, answered 204 (accepted) or 400 (anything
/// else, errors included) with an empty body, as privacyIDEA does.
pub async fn radiuscheck<S: Store>(State(app): Shared<S>, req: Request) -> Response {
    use axum::http::{HeaderValue, StatusCode, header};
    let accepted = match handle(&app, req).await {
        Ok(r) => r.extensions().get::<Accepted>().is_some(),
        Err(_) => false,
    };
    app.service.metrics.request(false);
    let status = if accepted {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::BAD_REQUEST
    };
    let mut r = axum::response::IntoResponse::into_response(status);
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

async fn handle<S: Store>(app: &super::App<S>, req: Request) -> Result<Response, Failure> {
    let req = read(req, super::MAX_BODY).await?;
    let p = &req.params;
    let subject = match (p.non_empty("serial"), p.non_empty("user")) {
        (Some(s), _) if s.contains('*') => return Err(Failure::param("Invalid serial number.")),
        (Some(s), user) => {
            if let Some(u) = user {
                owns(app, s, u).await?;
            }
            Subject::Serial(s.to_owned())
        }
        (None, Some(u)) if !valid_login(u) => return Err(Failure::param("Invalid user.")),
        (None, Some(u)) => Subject::User(u.to_owned()),
        (None, None) => {
            return Err(Failure::param(
                "You need to specify a serial, user or credential_id.",
            ));
        }
    };
    // privacyIDEA answers a missing pass with a 500 (a bug); here it is a 400.
    let pass = SecretString::from(p.get("pass").ok_or_else(|| Failure::missing("pass"))?);
    let transaction_id = p
        .non_empty("transaction_id")
        .or_else(|| p.non_empty("state"))
        .map(str::to_owned);
    let answer = app
        .service
        .check(CheckRequest {
            subject,
            pass,
            transaction_id,
            hands_out_challenges: true,
            client: req.peer.to_string(),
        })
        .await?;
    match answer {
        CheckAnswer::Done(c) => Ok(verdict(c, app.service.enroll_type.as_str())),
        CheckAnswer::UnknownUser(u) => Err(Failure::user(unknown_user_message(&u))),
        CheckAnswer::UnknownSerial => Err(Failure::not_found(UNKNOWN_SERIAL_MESSAGE)),
    }
}

/// privacyIDEA: with both serial and user, the token must be the user's.
async fn owns<S: Store>(app: &super::App<S>, serial: &str, user: &str) -> Result<(), Failure> {
    let t = app
        .service
        .store
        .tokens(Some(Subject::Serial(serial.to_owned())))
        .await?;
    match t.first() {
        Some(t) if t.user.as_deref() != Some(user) => Err(Failure::param(
            "Given serial does not belong to given user!",
        )),
        _ => Ok(()),
    }
}

fn verdict(c: Checked, enroll_type: &str) -> Response {
    let authentication = match c.verdict {
        v if v.accepted() => "ACCEPT",
        Verdict::EnrollmentRequired => "CHALLENGE",
        _ => "REJECT",
    };
    let challenge = c.transaction_id.clone().map(|id| Challenge {
        transaction_id: id,
        message: c.message.clone(),
        serial: String::new(),
        token_type: enroll_type.to_owned(),
        client_mode: "interactive".into(),
    });
    let detail = CheckDetail {
        message: c.message,
        serial: c.serial,
        otplen: c.otplen,
        token_type: c.token_type.map(|k| k.as_str().to_owned()),
        transaction_ids: c.transaction_id.clone().map(|t| vec![t]),
        transaction_id: c.transaction_id,
        multi_challenge: challenge.map(|ch| vec![ch]),
    };
    let accepted = c.verdict.accepted();
    let mut r = reply::Ok {
        id: 2,
        value: json!(accepted),
        authentication: Some(authentication),
        detail: Some(serde_json::to_value(detail).unwrap_or_default()),
        no_store: true,
    }
    .into_response();
    if accepted {
        // Read by radiuscheck; not part of what is sent.
        r.extensions_mut().insert(Accepted);
    }
    r
}

/// Marks an accepted check's response.
#[derive(Clone, Copy)]
struct Accepted;
