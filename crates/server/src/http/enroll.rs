//! `POST /enroll` (docs/server.md, "Enrolment"): `user`, `email`, `otp_pin`, `transaction_id`
//! (alias `state`). Without a credential it answers a create-token challenge; with one (which
//! must then be right) an admin enrols any known user. `detail.serial` names the new token.
use super::admin::{Done, respond};
use super::{Shared, read, reply};
use crate::api::CheckDetail;
use crate::enrolment::EnrollRequest;
use crate::failure::Failure;
use crate::mailer::Delivered;
use crate::service::now;
use crate::store::Store;
use axum::extract::{Request, State};
use axum::response::Response;
use serde_json::json;
use softpass_core::secret::SecretString;

pub async fn enroll<S: Store>(State(app): Shared<S>, req: Request) -> Response {
    let r: Done = async {
        let h = req.headers();
        let admin = h.contains_key("authorization") || h.contains_key("pi-authorization");
        if admin {
            // A credential that is there must be right: no silent fall-back to the open path.
            app.admin.check(h, now())?;
        }
        let req = read(req, super::MAX_BODY).await?;
        let p = &req.params;
        let need = |n: &str| p.non_empty(n).ok_or_else(|| Failure::missing(n));
        let email = need("email")?.trim().to_owned();
        let enrolment = EnrollRequest {
            user: need("user")?.to_owned(),
            otp_pin: SecretString::from(need("otp_pin")?),
            transaction_id: p
                .non_empty("transaction_id")
                .or_else(|| p.non_empty("state"))
                .map(str::to_owned),
            admin,
            client: req.peer.to_string(),
            email,
        };
        let e = app.service.enroll(enrolment).await?;
        let to = p.get("email").unwrap_or("").trim();
        let message = match e.delivered {
            Delivered::Smtp(_) => format!("activation e-mail sent to {to}"),
            Delivered::Outbox(_) => {
                format!("activation e-mail for {to} written to the server's outbox")
            }
        };
        let detail = CheckDetail {
            message,
            serial: Some(e.serial),
            token_type: Some(e.kind.as_str().to_owned()),
            ..CheckDetail::default()
        };
        let mut ok = reply::Ok::value(json!(true));
        ok.detail = serde_json::to_value(detail).ok();
        ok.no_store = true;
        Ok(ok)
    }
    .await;
    respond(&app, r)
}
