//! The run: C workers take idle virtual users from one queue (so a user is never in two
//! requests at once and its model stays exact), play one episode each, and put them back.
use super::episode::{Action, Plan, Step};
use super::model::{self, Expect};
use super::provision::{Setup, SimUser};
use super::report::{Answer, Mismatch, Report, RunInfo, Stats};
use super::{Bound, Config};
use crate::api::Authentication;
use crate::client::http::Target;
use crate::client::{ClientError, PiClient, RadiusClient};
use softpass_core::radius::Code;
use softpass_core::secret::SecretString;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

struct Shared {
    idle: Mutex<VecDeque<SimUser>>,
    started: AtomicU64,
    done: AtomicU64,
    mismatches: AtomicU64,
    retired: AtomicU64,
    stop: AtomicBool,
    limit: Option<u64>,
    deadline: Option<Instant>,
    t0: Instant,
    /// One client per server; a user's requests take them in turn.
    http: Vec<PiClient>,
    radius: Vec<Arc<RadiusClient>>,
    by_serial: bool,
    scenario: super::Scenario,
}

fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

impl Shared {
    /// Claim one login of the budget; false when the run is over.
    fn claim(&self) -> bool {
        if self.stop.load(Ordering::Relaxed) {
            return false;
        }
        if self.deadline.is_some_and(|d| Instant::now() >= d) {
            self.stop.store(true, Ordering::Relaxed);
            return false;
        }
        if let Some(limit) = self.limit
            && self.started.fetch_add(1, Ordering::Relaxed) >= limit
        {
            self.stop.store(true, Ordering::Relaxed);
            return false;
        }
        true
    }

    /// The client for a user's `turn`-th request.
    fn http(&self, turn: usize) -> &PiClient {
        &self.http[turn % self.http.len()]
    }

    async fn send_login(
        &self,
        u: &SimUser,
        turn: usize,
        pass: &SecretString,
    ) -> (Option<Authentication>, String) {
        if !self.radius.is_empty() {
            let rc = &self.radius[turn % self.radius.len()];
            return match rc.access_request(&u.login, pass, None).await {
                Ok(a) => {
                    let auth = match a.code {
                        Code::AccessAccept => Authentication::Accept,
                        Code::AccessChallenge => Authentication::Challenge,
                        _ => Authentication::Reject,
                    };
                    (Some(auth), a.message)
                }
                Err(e) => (None, e.to_string()),
            };
        }
        let target = if self.by_serial {
            Target::Serial(&u.serial)
        } else {
            Target::User(&u.login)
        };
        match self.http(turn).check(target, pass).await {
            Ok(r) => (
                r.result.authentication,
                r.detail.map(|d| d.message).unwrap_or_default(),
            ),
            Err(ClientError::Refused {
                status, message, ..
            }) => (None, format!("HTTP {status}: {message}")),
            Err(e) => (None, e.to_string()),
        }
    }

    /// One login: predict, send, compare. Returns false on a mismatch.
    async fn login(
        &self,
        u: &mut SimUser,
        st: &mut Stats,
        step: Step,
        pin_ok: bool,
        otp: &str,
    ) -> bool {
        let pin = if pin_ok { &u.pin } else { &u.wrong_pin };
        let mut pass = String::with_capacity(pin.len() + otp.len());
        pass.push_str(pin);
        pass.push_str(otp);
        let pass = SecretString::new(pass);
        let now = unix_now();
        let want: Expect = if u.tokenless {
            model::no_token(self.scenario.server.mode, !self.radius.is_empty())
        } else {
            u.tok.login(pin_ok, otp, now)
        };
        let turn = u.turn;
        u.turn += 1;
        let q0 = Instant::now();
        let (auth, message) = self.send_login(u, turn, &pass).await;
        let us = q0.elapsed().as_micros() as u64;
        st.hist.saturating_record(us.max(1));
        st.logins += 1;
        st.steps[step.index()].0 += 1;
        st.outcome(want.message);
        match auth {
            Some(Authentication::Accept) => st.accepted += 1,
            Some(Authentication::Reject) => st.rejected += 1,
            Some(Authentication::Challenge) => st.challenged += 1,
            None => st.errors += 1,
        }
        self.done.fetch_add(1, Ordering::Relaxed);
        if auth == Some(want.authentication) && message == want.message {
            return true;
        }
        st.steps[step.index()].1 += 1;
        self.record(
            st,
            u,
            step,
            Answer::login(Some(want.authentication), want.message),
            Answer::login(auth, &message),
        );
        false
    }

    fn record(&self, st: &mut Stats, u: &SimUser, step: Step, expected: Answer, got: Answer) {
        self.mismatches.fetch_add(1, Ordering::Relaxed);
        st.mismatch(Mismatch {
            user: u.login.clone(),
            serial: u.serial.clone(),
            step: step.name(),
            expected,
            got,
            at_ms: self.t0.elapsed().as_millis() as u64,
        });
    }

    /// An admin step (resync, reset): the server's value against the model's.
    async fn admin(&self, u: &mut SimUser, st: &mut Stats, action: &Action) -> bool {
        let http = self.http(u.turn);
        u.turn += 1;
        let (step, want, got) = match action {
            Action::Resync { otp1, otp2 } => {
                let want = u.tok.resync(otp1, otp2);
                let got = http.token_resync(&u.serial, otp1, otp2).await;
                (Step::Resync, want.to_string(), got.map(|v| v.to_string()))
            }
            _ => {
                let want = u.tok.reset();
                let got = http.token_reset(&u.serial).await;
                (Step::Reset, want.to_string(), got.map(|v| v.to_string()))
            }
        };
        st.steps[step.index()].0 += 1;
        let got = got.unwrap_or_else(|e| format!("error: {e}"));
        if got == want {
            return true;
        }
        st.steps[step.index()].1 += 1;
        let ans = |v: &str| Answer {
            authentication: "value".into(),
            message: v.into(),
        };
        self.record(st, u, step, ans(&want), ans(&got));
        false
    }

    /// Play one episode; false when the user's model no longer matches the server.
    async fn episode(&self, u: &mut SimUser, st: &mut Stats) -> bool {
        let r = u.rng.next_u64();
        let e = if u.tokenless {
            super::scenario::Episode::NoToken
        } else {
            self.scenario.pick(u.tok.totp, r)
        };
        let mut plan = Plan::new(e, &mut u.rng);
        while let Some(action) = plan.next(&u.tok, unix_now()) {
            let ok = match &action {
                Action::Login { step, pin_ok, otp } => {
                    if !self.claim() {
                        return true;
                    }
                    self.login(u, st, *step, *pin_ok, otp).await
                }
                _ => self.admin(u, st, &action).await,
            };
            if !ok {
                return false;
            }
        }
        true
    }
}

async fn worker(sh: Arc<Shared>) -> Stats {
    let mut st = Stats::new();
    while !sh.stop.load(Ordering::Relaxed) {
        let next = sh.idle.lock().expect("not poisoned").pop_front();
        let Some(mut u) = next else {
            // Every free user is retired or busy with another worker.
            tokio::time::sleep(Duration::from_millis(1)).await;
            continue;
        };
        if sh.episode(&mut u, &mut st).await {
            sh.idle.lock().expect("not poisoned").push_back(u);
        } else {
            sh.retired.fetch_add(1, Ordering::Relaxed);
        }
    }
    st
}

pub async fn play(cfg: &Config, setup: Setup) -> Report {
    let users = setup.users.len();
    let (limit, deadline) = match cfg.bound {
        Bound::Logins(k) => (Some(k), None),
        Bound::Duration(d) => (None, Some(Instant::now() + d)),
    };
    let sh = Arc::new(Shared {
        idle: Mutex::new(setup.users.into_iter().collect()),
        started: AtomicU64::new(0),
        done: AtomicU64::new(0),
        mismatches: AtomicU64::new(0),
        retired: AtomicU64::new(0),
        stop: AtomicBool::new(false),
        limit,
        deadline,
        t0: Instant::now(),
        http: setup.http,
        radius: cfg.radius.clone(),
        by_serial: setup.by_serial,
        scenario: cfg.scenario.clone(),
    });
    let n = (cfg.concurrency as usize).min(users).max(1);
    let progress = super::plot::Progress::start(cfg.progress, cfg.bound);
    let tasks: Vec<_> = (0..n).map(|_| tokio::spawn(worker(sh.clone()))).collect();
    let all = async {
        let mut total = Stats::new();
        for t in tasks {
            // A worker that panicked loses its counters; the others still report.
            if let Ok(st) = t.await {
                total.merge(st);
            }
        }
        sh.stop.store(true, Ordering::Relaxed);
        total
    };
    let watch = async {
        while !sh.stop.load(Ordering::Relaxed) {
            if sh.retired.load(Ordering::Relaxed) as usize >= users {
                sh.stop.store(true, Ordering::Relaxed);
            }
            progress.update(&sh.done, &sh.mismatches, sh.t0.elapsed());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    let (stats, ()) = tokio::join!(all, watch);
    let duration_s = sh.t0.elapsed().as_secs_f64();
    progress.finish();
    let servers = if cfg.radius.is_empty() {
        cfg.servers.clone()
    } else {
        cfg.radius.iter().map(|r| r.server().to_string()).collect()
    };
    let info = RunInfo {
        server: cfg.servers[0].clone(),
        servers,
        transport: if !cfg.radius.is_empty() {
            "radius"
        } else {
            "http"
        },
        by_serial: setup.by_serial,
        seed: cfg.seed,
        users: cfg.users,
        concurrency: cfg.concurrency,
        provision_s: setup.provision_s,
        duration_s,
        retired: sh.retired.load(Ordering::Relaxed),
    };
    Report::build(info, stats)
}
