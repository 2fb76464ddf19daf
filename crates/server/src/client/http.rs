//! An HTTP/1.1 client for privacyIDEA-compatible servers on hyper 1 (keep-alive pool from
//! hyper-util). Plain `http://` only: meant for loopback or a local TLS proxy (docs/simulate.md).
use super::{ClientError, form};
use crate::api::{
    AuthValue, CheckResponse, EnrollResponse, Envelope, InitDetail, TokenInfo, TokenList,
};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Method, Request, header};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde::de::DeserializeOwned;
use softpass_core::secret::SecretString;
use std::time::Duration;
use zeroize::Zeroizing;

/// How admin requests authenticate.
pub enum Admin {
    /// softpass serve's admin key: `Authorization: Bearer <key>`.
    Key(SecretString),
    /// privacyIDEA's JWT from `POST /auth`: `Authorization: <jwt>` (no `Bearer `).
    Jwt(SecretString),
}

/// One server; cheap to clone (the connection pool is shared).
#[derive(Clone)]
pub struct PiClient {
    base: String,
    client: Client<HttpConnector, Full<Bytes>>,
    admin: Option<std::sync::Arc<Admin>>,
    timeout: Duration,
}

/// What a login sends: to a user's tokens, or to one token by serial.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    User(&'a str),
    Serial(&'a str),
}

impl PiClient {
    /// `url` is `http://HOST[:PORT][/PREFIX]`.
    pub fn new(url: &str, timeout: Duration) -> Result<Self, ClientError> {
        let bad = || ClientError::BadUrl { url: url.into() };
        let rest = url.strip_prefix("http://").ok_or_else(bad)?;
        let host = rest.split('/').next().unwrap_or("");
        if host.is_empty() || host.contains('@') {
            return Err(bad());
        }
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        connector.set_connect_timeout(Some(timeout));
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .pool_max_idle_per_host(1024)
            .build(connector);
        Ok(Self {
            base: url.trim_end_matches('/').to_owned(),
            client,
            admin: None,
            timeout,
        })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn with_admin(mut self, admin: Admin) -> Self {
        self.admin = Some(std::sync::Arc::new(admin));
        self
    }

    /// Send one request; the body is form-encoded (POST/DELETE) or a query string (GET).
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        params: &[(&str, &str)],
        as_admin: bool,
    ) -> Result<(u16, Bytes), ClientError> {
        let encoded = Zeroizing::new(form::encode(params));
        let mut uri = format!("{}{}", self.base, path);
        let body = if method == Method::GET && !params.is_empty() {
            uri.push('?');
            uri.push_str(&encoded);
            Bytes::new()
        } else {
            Bytes::copy_from_slice(encoded.as_bytes())
        };
        let mut req = Request::builder().method(method).uri(&uri).header(
            header::USER_AGENT,
            concat!("softpass/", env!("CARGO_PKG_VERSION")),
        );
        if !body.is_empty() {
            req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        }
        if as_admin && let Some(admin) = &self.admin {
            let value = match admin.as_ref() {
                Admin::Key(k) => format!("Bearer {}", k.expose()),
                Admin::Jwt(j) => j.expose().to_owned(),
            };
            let bad = || ClientError::BadUrl {
                url: self.base.clone(),
            };
            // Sensitive: the request's Debug prints `Sensitive`, not the credential.
            let mut value = header::HeaderValue::try_from(value).map_err(|_| bad())?;
            value.set_sensitive(true);
            req = req.header(header::AUTHORIZATION, value);
        }
        let req = req.body(Full::new(body)).map_err(|_| ClientError::BadUrl {
            url: self.base.clone(),
        })?;
        let unreachable = |e: String| ClientError::Unreachable {
            server: self.base.clone(),
            reason: e,
        };
        let fut = async {
            let resp = self.client.request(req).await.map_err(|e| {
                // hyper-util's error hides the cause (e.g. "Connection refused") in its sources.
                let mut msg = e.to_string();
                let mut src = std::error::Error::source(&e);
                while let Some(s) = src {
                    msg = format!("{msg}: {s}");
                    src = s.source();
                }
                unreachable(msg)
            })?;
            let status = resp.status().as_u16();
            let body = resp.into_body().collect().await;
            let body = body.map_err(|e| unreachable(e.to_string()))?.to_bytes();
            Ok((status, body))
        };
        tokio::time::timeout(self.timeout, fut)
            .await
            .map_err(|_| ClientError::Timeout {
                server: self.base.clone(),
                secs: self.timeout.as_secs_f64(),
            })?
    }

    /// Send and read privacyIDEA's envelope; `result.status: false` is [`ClientError::Refused`].
    pub async fn call<V: DeserializeOwned, D: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        params: &[(&str, &str)],
        as_admin: bool,
    ) -> Result<Envelope<V, D>, ClientError> {
        let (status, body) = self.send(method, path, params, as_admin).await?;
        let env: Envelope<V, D> =
            serde_json::from_slice(&body).map_err(|e| ClientError::BadAnswer {
                server: self.base.clone(),
                path: path.into(),
                status,
                reason: e.to_string(),
            })?;
        if !env.result.status {
            let (code, message) = env
                .result
                .error
                .as_ref()
                .map(|e| (e.code, e.message.clone()))
                .unwrap_or((0, format!("HTTP {status}")));
            return Err(ClientError::Refused {
                path: path.into(),
                status,
                code,
                message,
            });
        }
        Ok(env)
    }

    /// `POST /validate/check` with `user` or `serial` and `pass` (OTP PIN + eToken).
    pub async fn check(
        &self,
        target: Target<'_>,
        pass: &SecretString,
    ) -> Result<CheckResponse, ClientError> {
        let (key, value) = match target {
            Target::User(u) => ("user", u),
            Target::Serial(s) => ("serial", s),
        };
        let params = [(key, value), ("pass", pass.expose())];
        self.call(Method::POST, "/validate/check", &params, false)
            .await
    }

    /// `POST /auth`: log in as an admin; later admin calls send the JWT.
    pub async fn login_admin(
        self,
        username: &str,
        password: &SecretString,
    ) -> Result<Self, ClientError> {
        let params = [("username", username), ("password", password.expose())];
        let env: Envelope<AuthValue> = self.call(Method::POST, "/auth", &params, false).await?;
        let token = env.result.value.map(|v| v.token);
        let token = token.unwrap_or_else(|| SecretString::from(""));
        Ok(self.with_admin(Admin::Jwt(token)))
    }

    /// `POST /token/init`; returns the serial.
    pub async fn token_init(&self, params: &[(&str, &str)]) -> Result<String, ClientError> {
        let env: Envelope<bool, InitDetail> =
            self.call(Method::POST, "/token/init", params, true).await?;
        Ok(env.detail.map(|d| d.serial).unwrap_or_default())
    }

    /// `DELETE /token/<serial>`; false when there was no such token.
    pub async fn token_delete(&self, serial: &str) -> Result<bool, ClientError> {
        let path = format!("/token/{serial}");
        match self
            .call::<serde_json::Value, serde_json::Value>(Method::DELETE, &path, &[], true)
            .await
        {
            Ok(_) => Ok(true),
            Err(ClientError::Refused { status: 404, .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// `POST /token/resync`: two consecutive eTokens; the server's `value`.
    pub async fn token_resync(
        &self,
        serial: &str,
        otp1: &str,
        otp2: &str,
    ) -> Result<bool, ClientError> {
        let params = [("serial", serial), ("otp1", otp1), ("otp2", otp2)];
        let env: Envelope<bool> = self
            .call(Method::POST, "/token/resync", &params, true)
            .await?;
        Ok(env.result.value.unwrap_or(false))
    }

    /// `POST /token/reset`: clear the fail counter; the number of tokens reset.
    pub async fn token_reset(&self, serial: &str) -> Result<u64, ClientError> {
        let env: Envelope<u64> = self
            .call(Method::POST, "/token/reset", &[("serial", serial)], true)
            .await?;
        Ok(env.result.value.unwrap_or(0))
    }

    /// `POST /token/set` with one setting (e.g. `max_failcount`).
    pub async fn token_set(&self, serial: &str, key: &str, value: &str) -> Result<(), ClientError> {
        let params = [("serial", serial), (key, value)];
        self.call::<serde_json::Value, serde_json::Value>(Method::POST, "/token/set", &params, true)
            .await
            .map(|_| ())
    }

    /// `GET /token/?serial=S`: the token, if it exists.
    pub async fn token_get(&self, serial: &str) -> Result<Option<TokenInfo>, ClientError> {
        let env: Envelope<TokenList> = self
            .call(Method::GET, "/token/", &[("serial", serial)], true)
            .await?;
        Ok(env
            .result
            .value
            .and_then(|v| v.tokens.into_iter().find(|t| t.serial == serial)))
    }

    /// `POST /user/`: create a user in an editable user store.
    pub async fn user_create(&self, params: &[(&str, &str)]) -> Result<(), ClientError> {
        self.call::<serde_json::Value, serde_json::Value>(Method::POST, "/user/", params, true)
            .await
            .map(|_| ())
    }

    /// `GET /user/?username=U`: whether the user exists.
    pub async fn user_exists(&self, user: &str) -> Result<bool, ClientError> {
        let env: Envelope<serde_json::Value> = self
            .call(Method::GET, "/user/", &[("username", user)], true)
            .await?;
        Ok(env
            .result
            .value
            .as_ref()
            .and_then(|v| v.as_array())
            .is_some_and(|a| !a.is_empty()))
    }

    /// `POST /enroll`: answer the `enrollment required` challenge.
    pub async fn enroll(
        &self,
        user: &str,
        email: &str,
        otp_pin: &SecretString,
        transaction_id: &str,
    ) -> Result<EnrollResponse, ClientError> {
        let params = [
            ("user", user),
            ("email", email),
            ("otp_pin", otp_pin.expose()),
            ("transaction_id", transaction_id),
        ];
        self.call(Method::POST, "/enroll", &params, false).await
    }
}
