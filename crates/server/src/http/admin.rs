//! The admin endpoints (`/auth`, `/token/*`, `/user/`, `/metrics`) and the open ones
//! (`/healthz`). Every admin handler checks the credential before it
//! reads the body.
use super::{App, Req, Shared, read, reply};
use crate::api::{AuthValue, InitDetail, LoadValue, TokenInfo, TokenList, UrlValue, UserInfo};
use crate::failure::Failure;
use crate::load::{SUPPORTED, SeedType};
use crate::service::now;
use crate::store::{Store, TokenRecord};
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::response::Response;
use serde_json::{Value, json};
use softpass_core::secret::SecretString;
use std::collections::BTreeMap;

pub(super) type Done = Result<reply::Ok, Failure>;

pub(super) fn respond<S>(app: &App<S>, r: Done) -> Response {
    match r {
        Ok(ok) => {
            app.service.metrics.request(false);
            ok.into_response()
        }
        Err(f) => {
            app.service.metrics.request(f.status < 500);
            reply::failure(&f)
        }
    }
}

/// The credential first, then the body.
async fn admin_req<S: Store>(app: &App<S>, req: Request) -> Result<Req, Failure> {
    app.admin.check(req.headers(), now())?;
    read(req, super::MAX_BODY).await
}

fn val(v: impl serde::Serialize) -> reply::Ok {
    reply::Ok::value(serde_json::to_value(v).unwrap_or(Value::Null))
}

pub async fn auth<S: Store>(State(app): Shared<S>, req: Request) -> Response {
    let r = async {
        let req = read(req, super::MAX_BODY).await?;
        let p = &req.params;
        let token = app
            .admin
            .login(p.get("username"), p.get("password"), now())?;
        let value = AuthValue {
            token: SecretString::new(token),
            role: "admin".into(),
            username: "admin".into(),
            realm: String::new(),
        };
        let mut ok = val(value);
        ok.id = 2;
        ok.authentication = Some("ACCEPT");
        Ok(ok)
    };
    respond(&app, r.await)
}

pub async fn init<S: Store>(State(app): Shared<S>, req: Request) -> Response {
    let r = async {
        let req = admin_req(&app, req).await?;
        let e = app.service.init_token(&req.params).await?;
        let detail = InitDetail {
            serial: e.serial,
            rollout_state: "enrolled".into(),
            googleurl: UrlValue {
                description: "URL for google Authenticator".into(),
                value: e.otpauth,
                value_b32: None,
            },
            otpkey: UrlValue {
                description: "OTP seed".into(),
                value: SecretString::new(format!("seed://{}", e.secret_hex.expose())),
                value_b32: Some(e.secret_b32),
            },
        };
        let mut ok = reply::Ok::value(json!(true));
        ok.detail = serde_json::to_value(detail).ok();
        ok.no_store = true;
        Ok(ok)
    };
    respond(&app, r.await)
}

pub async fn load<S: Store>(State(app): Shared<S>, req: Request) -> Response {
    respond(&app, load_file(&app, req).await)
}

pub async fn load_named<S: Store>(
    State(app): Shared<S>,
    Path(_file): Path<String>,
    req: Request,
) -> Response {
    respond(&app, load_file(&app, req).await)
}

async fn load_file<S: Store>(app: &App<S>, req: Request) -> Done {
    app.admin.check(req.headers(), now())?;
    let mut fields = crate::params::Params::default();
    if let Some(q) = req.uri().query() {
        fields.add_form(q.as_bytes()).map_err(Failure::param)?;
    }
    let mut mp = Multipart::from_request(req, &())
        .await
        .map_err(|_| Failure::missing("file"))?;
    let mut file = None;
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|e| Failure::param(format!("The multipart body is malformed: {e}")))?
    {
        let name = field.name().unwrap_or("").to_owned();
        let data = field.bytes().await.map_err(|e| {
            Failure::new(
                413,
                905,
                format!("ERR905: The upload could not be read: {e}"),
            )
        })?;
        if name == "file" {
            file = Some(data.to_vec());
        } else {
            // Straight in, no form round trip: the value (a password) is in one wiped copy.
            let value = String::from_utf8_lossy(&data).into_owned();
            fields.add(name, value).map_err(Failure::param)?;
        }
    }
    let file = file.ok_or_else(|| Failure::missing("file"))?;
    let kind_name = fields
        .non_empty("type")
        .ok_or_else(|| Failure::missing("type"))?;
    let kind = SeedType::from_name(kind_name).ok_or_else(|| {
        Failure::token_admin(format!(
            "Unknown file type: '{kind_name}'. Supported file types are: {SUPPORTED}"
        ))
    })?;
    let password = fields.non_empty("password").map(SecretString::from);
    let psk = fields.non_empty("psk").map(str::to_owned);
    let (n, m) = app.service.load_tokens(kind, file, password, psk).await?;
    Ok(val(LoadValue {
        n_imported: n,
        n_not_imported: m,
    }))
}

macro_rules! simple {
    ($name:ident, |$app:ident, $req:ident| $body:expr) => {
        pub async fn $name<S: Store>(State(app): Shared<S>, req: Request) -> Response {
            let r = async {
                #[allow(unused_mut)]
                let mut $req = admin_req(&app, req).await?;
                let $app = &app;
                $body
            };
            respond(&app, r.await)
        }
    };
}

simple!(assign, |app, req| {
    app.service.assign(&req.params, true).await?;
    Ok(val(true))
});
simple!(unassign, |app, req| {
    app.service.assign(&req.params, false).await?;
    Ok(val(true))
});
simple!(setpin, |app, req| {
    app.service.set_pin(&req.params).await?;
    Ok(val(1))
});
simple!(add_user, |app, req| {
    app.service.add_user(&req.params).await?;
    Ok(val(true))
});
simple!(users, |app, req| {
    let _ = &req;
    let users = app.service.store.users().await?;
    let v: Vec<UserInfo> = users
        .into_iter()
        .map(|u| UserInfo {
            username: u.login,
            email: u.email,
        })
        .collect();
    Ok(val(v))
});
simple!(list, |app, req| {
    let tokens = app.service.list(&req.params).await?;
    let policy = app.service.policy;
    let tokens: Vec<TokenInfo> = tokens.iter().map(|t| token_info(t, &policy)).collect();
    Ok(val(TokenList {
        count: tokens.len(),
        next: None,
        prev: None,
        tokens,
    }))
});

/// The credential, the body, and the serial from the path (`/token/<verb>/<serial>`) where
/// the body names none.
async fn serial_req<S: Store>(
    app: &App<S>,
    serial: Option<Path<String>>,
    req: Request,
) -> Result<Req, Failure> {
    let mut req = admin_req(app, req).await?;
    if let Some(Path(s)) = serial {
        req.params.default_to("serial", &s);
    }
    Ok(req)
}

/// A handler of `POST /token/<verb>[/<serial>]`: the credential, the body with the serial
/// from the path, then `body`.
macro_rules! with_serial {
    ($(#[$doc:meta])* $name:ident, |$app:ident, $p:ident| $body:expr) => {
        $(#[$doc])*
        pub async fn $name<S: Store>(
            State(app): Shared<S>,
            serial: Option<Path<String>>,
            req: Request,
        ) -> Response {
            let r = async {
                let req = serial_req(&app, serial, req).await?;
                let ($app, $p) = (&app, &req.params);
                Ok(val($body))
            };
            respond(&app, r.await)
        }
    };
}

with_serial!(
    /// `POST /token/resync[/<serial>]`.
    resync,
    |app, p| app.service.resync(p).await?
);
with_serial!(
    /// `POST /token/reset[/<serial>]`.
    reset,
    |app, p| app.service.reset(p).await?
);
with_serial!(
    /// `POST /token/set[/<serial>]` (`max_failcount`).
    set,
    |app, p| app.service.set_maxfail(p).await?
);
with_serial!(
    /// `POST /token/enable[/<serial>]`.
    enable,
    |app, p| app.service.set_disabled(p, false).await?
);
with_serial!(
    /// `POST /token/disable[/<serial>]`.
    disable,
    |app, p| app.service.set_disabled(p, true).await?
);

pub async fn delete<S: Store>(
    State(app): Shared<S>,
    Path(serial): Path<String>,
    req: Request,
) -> Response {
    let r = async {
        admin_req(&app, req).await?;
        app.service.delete(&serial).await?;
        Ok(val(1))
    };
    respond(&app, r.await)
}

fn token_info(t: &TokenRecord, policy: &softpass_core::validate::Policy) -> TokenInfo {
    let s = &t.state;
    let mut info = BTreeMap::new();
    info.insert("hashlib".to_owned(), t.algorithm.as_str().to_owned());
    info.insert("tokenkind".to_owned(), "software".to_owned());
    if t.kind == softpass_core::token::Kind::Totp {
        info.insert("timeStep".to_owned(), t.period.to_string());
        info.insert("timeWindow".to_owned(), policy.time_window.to_string());
        info.insert("timeShift".to_owned(), s.time_shift.to_string());
    }
    if let Some(at) = s.exceeded_at {
        info.insert("failcounter_exceeded".to_owned(), crate::audit::utc(at));
    }
    let user = t.user.clone().unwrap_or_default();
    TokenInfo {
        serial: t.serial.clone(),
        tokentype: t.kind.as_str().to_owned(),
        count: s.shown_count(t.kind),
        failcount: s.failcount,
        maxfail: s.maxfail,
        locked: s.failcount >= s.maxfail,
        username: user.clone(),
        user,
        active: !s.disabled,
        revoked: false,
        otplen: t.digits,
        count_window: policy.count_window,
        sync_window: policy.sync_window,
        description: t.description.clone(),
        rollout_state: "enrolled".into(),
        info,
    }
}

pub async fn healthz<S: Store>(State(app): Shared<S>) -> Response {
    match app.service.store.ping().await {
        Ok(()) => val(json!({"status": "ready", "database": "OK"})).into_response(),
        Err(e) => reply::failure(&Failure::new(
            503,
            -500,
            format!("not ready: database: {e}"),
        )),
    }
}

pub async fn livez() -> Response {
    val(json!({"status": "OK"})).into_response()
}

pub async fn metrics<S: Store>(State(app): Shared<S>, req: Request) -> Response {
    if let Err(f) = app.admin.check(req.headers(), now()) {
        return reply::failure(&f);
    }
    let text = app.service.metrics.render(&[]);
    reply::text(text, "text/plain; version=0.0.4")
}
