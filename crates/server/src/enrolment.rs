//! `POST /enroll` (docs/server.md, "Enrolment"): the answer to create-token mode's `enrollment
//! required` challenge, or an admin's enrolment of a known user. It makes a software token with
//! `softpass issue`'s profile (serial, activation key, application PIN, PSKC seed file under
//! PBKDF2 at the full issuing cost, on the blocking pool), seals its secret, hashes the OTP PIN
//! the user chose, and sends the activation e-mail. The token is stored only after the e-mail
//! was accepted (SMTP 250, or the outbox file fsynced): a failed send leaves no half-enrolled user.
use crate::audit::AuditLine;
use crate::failure::Failure;
use crate::keys::random;
use crate::mailer::Delivered;
use crate::service::{Mode, Service, now};
use crate::store::{Mutation, Store, Subject, TokenRecord};
use crate::users::valid_login;
use softpass_core::activation_mail::MailFacts;
use softpass_core::pskc::{self, DEFAULT_PBKDF2_ITERATIONS, IssueSpec, Issued};
use softpass_core::secret::SecretString;
use softpass_core::seedfile::Format;
use softpass_core::token::{Algorithm, Kind, OtpParams};
use softpass_mail::ActivationMessage;

/// The application PIN locks the seed file's token after this many wrong tries (as `issue`).
pub const MAX_FAILED_ATTEMPTS: u32 = 10;
/// The issuer named in the seed file and the e-mail's signature.
pub const ISSUER: &str = "softpass";
/// The longest OTP PIN accepted (characters).
pub const MAX_OTP_PIN: usize = 64;

/// One enrolment to make.
pub struct EnrollRequest {
    pub user: String,
    /// Where the activation e-mail goes (the message's To:).
    pub email: String,
    /// The OTP PIN the user chose (stored as a keyed hash, as `/token/init`'s `pin`).
    pub otp_pin: SecretString,
    pub transaction_id: Option<String>,
    /// The request carried the admin credential (already checked).
    pub admin: bool,
    /// The peer's address, for the audit log.
    pub client: String,
}

/// A completed enrolment.
#[derive(Debug)]
pub struct Enrolled {
    pub serial: String,
    pub kind: Kind,
    pub delivered: Delivered,
}

/// privacyIDEA's PolicyError (ERR303, HTTP 403): the request is well formed but not allowed.
fn refused(message: &str) -> Failure {
    Failure::new(403, 303, format!("ERR303: {message}"))
}

fn check_request(r: &EnrollRequest) -> Result<(), Failure> {
    if !valid_login(&r.user) {
        return Err(Failure::param("Invalid user."));
    }
    softpass_mail::check_address("e-mail address", &r.email)
        .map_err(|e| Failure::param(format!("Invalid email: {e}")))?;
    let n = r.otp_pin.expose().chars().count();
    if n == 0 || n > MAX_OTP_PIN {
        return Err(Failure::param(format!(
            "Invalid otp_pin: 1 to {MAX_OTP_PIN} characters."
        )));
    }
    Ok(())
}

/// The token and its activation message, made off the async threads (PBKDF2).
fn make(kind: Kind, from: &str, to: &str) -> Result<(Issued, lettre::Message), Failure> {
    let params = match kind {
        Kind::Totp => OtpParams::totp(Algorithm::Sha1, 6, 30),
        _ => OtpParams::hotp(Algorithm::Sha1, 6),
    };
    let spec = IssueSpec {
        params,
        serial: None,
        activation_key: None,
        app_pin: None,
        secret: None,
        max_failed_attempts: MAX_FAILED_ATTEMPTS,
        pbkdf2_iterations: DEFAULT_PBKDF2_ITERATIONS,
        issuer: ISSUER.into(),
        format: Format::Pskc,
    };
    let failed = |e: String| Failure::new(500, -500, format!("The token could not be made: {e}"));
    let issued = pskc::issue(&spec, &mut |b| random(b)).map_err(|e| failed(e.to_string()))?;
    let file = format!("{}.{}", issued.serial, Format::Pskc.extension());
    let facts = MailFacts {
        serial: &issued.serial,
        activation_key: issued.activation_key.as_ref(),
        application_pin: &issued.pin,
        seed_file: &file,
        params: &issued.params,
        max_failed_attempts: Some(MAX_FAILED_ATTEMPTS),
        issuer: ISSUER,
    };
    let message_id = softpass_mail::new_message_id(from).map_err(|e| failed(e.to_string()))?;
    let message = softpass_mail::build(&ActivationMessage {
        facts: &facts,
        seed_file: issued.file.as_bytes(),
        format: Format::Pskc,
        from,
        to: Some(to),
        date: std::time::SystemTime::now(),
        message_id: &message_id,
    })
    .map_err(|e| failed(e.to_string()))?;
    Ok((issued, message))
}

impl<S: Store> Service<S> {
    /// Enrols, then writes the audit line (never the activation key, a PIN or the secret).
    pub async fn enroll(&self, req: EnrollRequest) -> Result<Enrolled, Failure> {
        let at = now();
        let result = self.enroll_checked(&req, at).await;
        let (outcome, message, serial) = match &result {
            Ok(e) => (
                "ENROLLED",
                format!(
                    "{} token, activation e-mail to {} {}{}",
                    e.kind.as_str(),
                    req.email,
                    e.delivered.describe(),
                    if req.admin { " (admin)" } else { "" }
                ),
                Some(e.serial.clone()),
            ),
            Err(f) => ("REFUSED", f.message.clone(), None),
        };
        self.audit.write(AuditLine {
            time: at,
            action: "enroll",
            user: Some(req.user.clone()),
            serial,
            result: outcome.into(),
            message,
            counter: None,
            client: req.client.clone(),
        });
        result
    }

    /// (known, has a token) of `login`.
    async fn user_state(&self, login: &str) -> Result<(bool, bool), Failure> {
        let subject = Subject::User(login.to_owned());
        Ok(self
            .store
            .mutate(subject, |v| Mutation {
                updates: vec![],
                value: (v.user_known, !v.tokens.is_empty()),
            })
            .await?)
    }

    /// Who may enrol (docs/server.md, "Enrolment"); uses up the challenge answered.
    async fn allow(&self, req: &EnrollRequest, at: u64) -> Result<(), Failure> {
        if !req.admin && self.mode != Mode::CreateToken {
            return Err(refused(
                "Enrolment without the admin credential is allowed only in create-token mode.",
            ));
        }
        let (known, has_token) = self.user_state(&req.user).await?;
        if !known {
            return Err(Failure::user(format!(
                "User <{}> does not exist.",
                req.user
            )));
        }
        let taken = match &req.transaction_id {
            Some(t) => {
                let (t, u) = (t.clone(), req.user.clone());
                self.store.take_challenge(t, u, at).await?
            }
            None => false,
        };
        if req.admin {
            return Ok(());
        }
        if has_token {
            return Err(refused("The user already has a token."));
        }
        // The challenge is optional (the client may enrol straight away); one that is named must
        // be open, so a used or forged one never passes.
        match (&req.transaction_id, taken) {
            (None, _) => Ok(()),
            (Some(_), false) => Err(refused(
                "The transaction_id is not an open enrolment challenge of this user (unknown, used or expired).",
            )),
            (Some(_), true) => Ok(()),
        }
    }

    async fn enroll_checked(&self, req: &EnrollRequest, at: u64) -> Result<Enrolled, Failure> {
        check_request(req)?;
        self.allow(req, at).await?;
        let (kind, from, to) = (
            self.enroll_type,
            self.mailer.from().to_owned(),
            req.email.clone(),
        );
        let (issued, message) = tokio::task::spawn_blocking(move || make(kind, &from, &to))
            .await
            .map_err(|_| Failure::new(500, -500, "the token maker stopped"))??;
        let mut record = self.token_record(&issued, req);
        let serial = issued.serial.clone();
        drop(issued);
        let delivered = self.mailer.deliver(&serial, message).await.map_err(|why| {
            Failure::new(
                503,
                -503,
                format!("The activation e-mail could not be sent ({why}); nothing was enrolled."),
            )
        })?;
        record.description = format!("enrolled, activation e-mail to {}", req.email);
        match self.store.add_enrolled(record, !req.admin).await {
            Ok(true) => Ok(Enrolled {
                serial,
                kind,
                delivered,
            }),
            stored => {
                // Not stored: the outbox file goes too (a sent e-mail names a token that
                // never existed; the user is still without one and may enrol again).
                self.mailer.withdraw(&delivered).await;
                match stored {
                    Err(e) => Err(e.into()),
                    _ => Err(refused("The user already has a token.")),
                }
            }
        }
    }

    fn token_record(&self, issued: &Issued, req: &EnrollRequest) -> TokenRecord {
        let p = issued.params;
        TokenRecord {
            serial: issued.serial.clone(),
            kind: p.kind,
            algorithm: p.algorithm,
            digits: p.digits,
            period: p.period,
            t0: p.t0,
            secret: self.keys.seal(&issued.serial, issued.secret.expose()),
            pin_hash: Some(
                self.keys
                    .pin_hash(&issued.serial, req.otp_pin.expose())
                    .to_vec(),
            ),
            user: Some(req.user.clone()),
            description: String::new(),
            state: softpass_core::validate::TokenState::new(),
            rev: 0,
        }
    }
}
