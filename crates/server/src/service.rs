//! The validation Service: one login ("OTP PIN + eToken" for a user or a serial) from any front
//! end (HTTP, RADIUS) to its verdict. It reads the tokens through the store, opens
//! their secrets, asks the core's pure rules, has the store commit the new states, and only
//! then writes the audit line and answers.
use crate::audit::{Audit, AuditLine};
use crate::error::StoreError;
use crate::keys::{ServerKeys, random};
use crate::metrics::Metrics;
use crate::store::{Mutation, Store, Subject, TokenRecord, View};
use softpass_core::otp::Hotp;
use softpass_core::secret::SecretString;
use softpass_core::token::Kind;
use softpass_core::validate::{self, Candidate, Policy, Verdict};
use std::sync::Arc;

/// The RAS "Authentication → Mode": what a known user without a token gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Mandatory,
    CreateToken,
    SafenetOnly,
}

/// How long an enrolment challenge may be answered (seconds).
pub const CHALLENGE_LIFETIME: u64 = 600;

/// One login to check.
pub struct CheckRequest {
    pub subject: Subject,
    pub pass: SecretString,
    pub transaction_id: Option<String>,
    /// Whether the front end passes an enrolment challenge's `transaction_id` on to its client
    /// (HTTP). RADIUS issues its own State instead, so a challenge row would never be answered.
    pub hands_out_challenges: bool,
    /// The peer's address, for the audit log.
    pub client: String,
}

/// The verdict of a completed check, with what `detail` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub verdict: Verdict,
    pub message: String,
    pub serial: Option<String>,
    pub token_type: Option<Kind>,
    pub otplen: Option<u8>,
    /// With an enrolment challenge.
    pub transaction_id: Option<String>,
    /// The counter (HOTP) or time step (TOTP) that was accepted.
    pub counter: Option<u64>,
}

/// What a check comes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckAnswer {
    Done(Checked),
    UnknownUser(String),
    UnknownSerial,
}

/// The service: a store, the keys, the rules' policy and the mode.
pub struct Service<S> {
    pub store: S,
    pub keys: Arc<ServerKeys>,
    pub policy: Policy,
    pub mode: Mode,
    pub enroll_type: Kind,
    pub audit: Audit,
    pub metrics: Arc<Metrics>,
    /// Where enrolment e-mails go (`--smtp`, else the outbox).
    pub mailer: crate::mailer::Mailer,
}

/// Unix seconds now.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A generator per token; `None` where the secret does not open (or is unusable).
pub(crate) fn generators(keys: &ServerKeys, tokens: &[TokenRecord]) -> Vec<Option<Hotp>> {
    tokens
        .iter()
        .map(|t| {
            let secret = keys.open(&t.serial, &t.secret)?;
            Hotp::new(t.algorithm, secret.expose(), t.digits).ok()
        })
        .collect()
}

/// The decision a check makes inside the store's transaction (pure but for the key).
fn decide(
    v: View<'_>,
    keys: &ServerKeys,
    policy: &Policy,
    pass: &str,
    by_serial: bool,
    answers_challenge: bool,
    now: u64,
) -> Mutation<Decided> {
    let none = |value| Mutation {
        updates: vec![],
        value,
    };
    if !v.user_known || (by_serial && v.tokens.is_empty()) {
        return none(None);
    }
    if v.tokens.is_empty() {
        return none(Some(Ok(checked(Verdict::NoToken, None))));
    }
    let gens = generators(keys, v.tokens);
    if let Some(bad) = gens.iter().position(Option::is_none) {
        return none(Some(Err(v.tokens[bad].serial.clone())));
    }
    let cands: Vec<Candidate<'_>> = v
        .tokens
        .iter()
        .zip(&gens)
        .map(|(t, g)| Candidate {
            kind: t.kind,
            hotp: g.as_ref().expect("checked above"),
            period: t.period,
            t0: t.t0,
            state: t.state,
        })
        .collect();
    let mut pin_ok = |i: usize, pin: &str| {
        // A transaction_id names a challenge; HOTP/TOTP tokens make none, so no PIN matches.
        let t = &v.tokens[i];
        !answers_challenge && keys.pin_matches(&t.serial, t.pin_hash.as_deref(), pin)
    };
    let o = validate::check(&cands, pass, now, policy, &mut pin_ok);
    let subject = o.subject.map(|i| &v.tokens[i]);
    let value = Checked {
        verdict: o.verdict,
        message: o.message(),
        serial: subject.map(|t| t.serial.clone()),
        token_type: subject.map(|t| t.kind),
        otplen: subject.map(|t| t.digits),
        transaction_id: None,
        counter: o.accepted.first().map(|a| a.1),
    };
    Mutation {
        updates: o.updates,
        value: Some(Ok(value)),
    }
}

/// None: unknown user or serial; Err: the serial whose secret does not open.
type Decided = Option<Result<Checked, String>>;

fn checked(verdict: Verdict, transaction_id: Option<String>) -> Checked {
    Checked {
        verdict,
        message: verdict.message().to_owned(),
        serial: None,
        token_type: None,
        otplen: None,
        transaction_id,
        counter: None,
    }
}

/// privacyIDEA's transaction ids: 20 decimal digits.
fn transaction_id() -> String {
    let mut b = [0u8; 20];
    random(&mut b);
    b.iter().map(|x| char::from(b'0' + x % 10)).collect()
}

impl<S: Store> Service<S> {
    /// Checks one login; the tokens' new states are committed before this returns.
    pub async fn check(&self, req: CheckRequest) -> Result<CheckAnswer, StoreError> {
        self.check_via(req, "validate/check").await
    }

    /// [`Service::check`] for a front end whose audit lines name another `action`.
    pub async fn check_via(
        &self,
        req: CheckRequest,
        action: &'static str,
    ) -> Result<CheckAnswer, StoreError> {
        let now = now();
        let keys = self.keys.clone();
        let policy = self.policy;
        let by_serial = matches!(req.subject, Subject::Serial(_));
        let answers = req.transaction_id.is_some();
        let pass = req.pass;
        let mut sealed = None;
        let result = self
            .store
            .mutate(req.subject.clone(), move |v| {
                decide(v, &keys, &policy, pass.expose(), by_serial, answers, now)
            })
            .await;
        let answer = match result {
            Err(e) => {
                self.metrics.store_error();
                return Err(e);
            }
            Ok(None) => match &req.subject {
                Subject::User(u) => CheckAnswer::UnknownUser(u.clone()),
                Subject::Serial(_) => CheckAnswer::UnknownSerial,
            },
            Ok(Some(Err(serial))) => {
                sealed = Some(serial);
                CheckAnswer::Done(checked(Verdict::WrongPin, None))
            }
            Ok(Some(Ok(c))) => {
                let row = req.hands_out_challenges;
                CheckAnswer::Done(self.apply_mode(c, &req.subject, row, now).await?)
            }
        };
        if let Some(serial) = sealed {
            self.metrics.store_error();
            return Err(StoreError::Sealed(serial));
        }
        self.record(action, &req.subject, &req.client, &answer, now);
        Ok(answer)
    }

    /// A known user without a token: the mode decides. A challenge is stored only where its
    /// `transaction_id` reaches the client (`with_row`).
    async fn apply_mode(
        &self,
        c: Checked,
        subject: &Subject,
        with_row: bool,
        now: u64,
    ) -> Result<Checked, StoreError> {
        let (Verdict::NoToken, Subject::User(user)) = (c.verdict, subject) else {
            return Ok(c);
        };
        Ok(match self.mode {
            Mode::Mandatory => c,
            Mode::SafenetOnly => checked(Verdict::PassNoToken, None),
            Mode::CreateToken if !with_row => checked(Verdict::EnrollmentRequired, None),
            Mode::CreateToken => {
                let id = transaction_id();
                let expires = now + CHALLENGE_LIFETIME;
                self.store
                    .add_challenge(id.clone(), user.clone(), now, expires)
                    .await?;
                checked(Verdict::EnrollmentRequired, Some(id))
            }
        })
    }

    fn record(
        &self,
        action: &'static str,
        subject: &Subject,
        client: &str,
        answer: &CheckAnswer,
        now: u64,
    ) {
        let (user, serial) = match subject {
            Subject::User(u) => (Some(u.as_str()), None),
            Subject::Serial(s) => (None, Some(s.as_str())),
        };
        let (result, message, serial, counter) = match answer {
            CheckAnswer::Done(c) => {
                let r = match c.verdict {
                    v if v.accepted() => "ACCEPT",
                    Verdict::EnrollmentRequired => "CHALLENGE",
                    _ => "REJECT",
                };
                (
                    r,
                    c.message.clone(),
                    c.serial.as_deref().or(serial),
                    c.counter,
                )
            }
            CheckAnswer::UnknownUser(_) => ("REJECT", "unknown user".into(), serial, None),
            CheckAnswer::UnknownSerial => ("REJECT", "unknown serial".into(), serial, None),
        };
        self.metrics.check(result);
        self.audit.write(AuditLine {
            time: now,
            action,
            user: user.map(str::to_owned),
            serial: serial.map(str::to_owned),
            result: result.to_owned(),
            message,
            counter,
            client: client.to_owned(),
        });
    }
}
