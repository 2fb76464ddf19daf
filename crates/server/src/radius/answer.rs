//! One Access-Request's answer: the checks the Service does not make (User-Name, the form of
//! the password, the State of a challenge), the Service's verdict as Access-Accept, -Reject or
//! -Challenge with the Reply-Message, cached for retransmissions, then sent.
use super::{Dropped, ENROLMENT_PROMPT, Front, Job};
use crate::audit::AuditLine;
use crate::failure::Failure;
use crate::service::{CheckAnswer, CheckRequest, now};
use crate::store::{Store, Subject};
use crate::users::valid_login;
use softpass_core::radius::{AccessRequest, Code, Password, encode_answer};
use softpass_core::secret::SecretString;
use softpass_core::validate::{UNKNOWN_SERIAL_MESSAGE, Verdict, unknown_user_message};

/// The audit log's `action` of a RADIUS decision.
pub const AUDIT_ACTION: &str = "radius/access-request";
/// The Reply-Message for a State this node did not issue to this user, used or expired.
pub const STATE_REFUSED: &str = "the challenge (State) is unknown, used or expired";

/// What to send.
struct Decision {
    code: Code,
    message: String,
    state: Option<[u8; 16]>,
}

fn decision(code: Code, message: String) -> Decision {
    Decision {
        code,
        message,
        state: None,
    }
}

/// The typed password, or why the request is refused without a check.
fn password(p: &Password) -> Result<SecretString, String> {
    match p {
        Password::Absent => Ok(SecretString::from("")),
        Password::Pap(b) => std::str::from_utf8(b.expose())
            .map(SecretString::from)
            .map_err(|_| "User-Password is not UTF-8 text".to_owned()),
        Password::Chap => Err(
            "CHAP-Password is not supported: send OTP PIN + eToken as a PAP User-Password".into(),
        ),
        Password::BadLength(n) => Err(format!(
            "User-Password of {n} octets: it must be 16 to 128 octets in blocks of 16"
        )),
    }
}

impl<S: Store> Front<S> {
    /// Decides, caches and sends the answer; a failed store, or a decision that took longer
    /// than the limit, sends nothing (the NAS retries).
    pub(super) async fn answer(&self, job: Job) {
        let key = (job.peer, job.id);
        let Ok(Some(d)) = tokio::time::timeout(self.limit, self.decide(&job)).await else {
            self.lock_cache().abandon(&key, &job.ra);
            return self.counters().dropped(Dropped::StoreError);
        };
        let Some(secret) = self.clients.secret_for(job.peer.ip()) else {
            return;
        };
        let req = AccessRequest {
            id: job.id,
            authenticator: job.ra,
            user_name: None,
            password: Password::Absent,
            state: None,
            proxy_states: job.proxy_states.iter().map(Vec::as_slice).collect(),
        };
        let state = d.state.as_ref().map(<[u8; 16]>::as_slice);
        match encode_answer(d.code, &req, &d.message, state, secret.expose()) {
            Ok(bytes) => {
                // Cached first: a retransmission arriving right after the send finds it.
                self.lock_cache().answer(&key, &job.ra, bytes.clone());
                let _ = self.sock.send_to(&bytes, job.peer).await;
                self.counters().answered(d.code);
            }
            Err(_) => {
                self.lock_cache().abandon(&key, &job.ra);
                self.counters().dropped(Dropped::AnswerTooLong);
            }
        }
    }

    /// The answer's code and text; `None` when the store failed.
    async fn decide(&self, job: &Job) -> Option<Decision> {
        let user = match job.user.as_deref().map(std::str::from_utf8) {
            None => return Some(self.refuse(job, None, Failure::missing("user").message)),
            Some(Ok(u)) if valid_login(u) => u,
            Some(_) => {
                return Some(self.refuse(job, None, Failure::param("Invalid user.").message));
            }
        };
        let pass = match password(&job.password) {
            Ok(p) => p,
            Err(why) => return Some(self.refuse(job, Some(user), why)),
        };
        if let Some(state) = &job.state
            && !self.states.take(state, user, self.now_ms())
        {
            return Some(self.refuse(job, Some(user), STATE_REFUSED.into()));
        }
        let req = CheckRequest {
            subject: Subject::User(user.to_owned()),
            pass,
            transaction_id: None,
            hands_out_challenges: false,
            client: job.peer.to_string(),
        };
        let answer = self.app.service.check_via(req, AUDIT_ACTION).await.ok()?;
        Some(match answer {
            CheckAnswer::Done(c) if c.verdict.accepted() => decision(Code::AccessAccept, c.message),
            CheckAnswer::Done(c) if c.verdict == Verdict::EnrollmentRequired => Decision {
                code: Code::AccessChallenge,
                message: ENROLMENT_PROMPT.into(),
                state: Some(self.states.issue(user, self.now_ms())),
            },
            CheckAnswer::Done(c) => decision(Code::AccessReject, c.message),
            CheckAnswer::UnknownUser(u) => decision(
                Code::AccessReject,
                Failure::user(unknown_user_message(&u)).message,
            ),
            CheckAnswer::UnknownSerial => {
                decision(Code::AccessReject, UNKNOWN_SERIAL_MESSAGE.into())
            }
        })
    }

    /// An Access-Reject decided here, audited like the Service's decisions.
    fn refuse(&self, job: &Job, user: Option<&str>, message: String) -> Decision {
        self.app.service.audit.write(AuditLine {
            time: now(),
            action: AUDIT_ACTION,
            user: user.map(str::to_owned),
            serial: None,
            result: "REJECT".into(),
            message: message.clone(),
            counter: None,
            client: job.peer.to_string(),
        });
        decision(Code::AccessReject, message)
    }
}
