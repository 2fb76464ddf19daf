//! What a run found: per-worker counters merged at the end (no lock on the hot path), an HDR
//! latency histogram, the first mismatches; the JSON report and the summary table.
use super::episode::Step;
use crate::api::Authentication;
use hdrhistogram::Histogram;
use serde::Serialize;
use std::collections::BTreeMap;

/// How many mismatches the report lists (all are counted).
pub const MISMATCH_LIST: usize = 50;

/// One disagreement between the model and the server.
#[derive(Debug, Clone, Serialize)]
pub struct Mismatch {
    pub user: String,
    pub serial: String,
    pub step: &'static str,
    pub expected: Answer,
    pub got: Answer,
    /// Milliseconds since the run started.
    pub at_ms: u64,
}

/// An answer as compared: `authentication` (or `value` for resync/reset) and the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    pub authentication: String,
    pub message: String,
}

impl Answer {
    pub fn login(auth: Option<Authentication>, message: &str) -> Self {
        let authentication = match auth {
            Some(Authentication::Accept) => "ACCEPT",
            Some(Authentication::Reject) => "REJECT",
            Some(Authentication::Challenge) => "CHALLENGE",
            None => "ERROR",
        };
        Self {
            authentication: authentication.into(),
            message: message.into(),
        }
    }
}

/// One worker's counters.
pub struct Stats {
    pub hist: Histogram<u64>,
    pub logins: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub challenged: u64,
    pub errors: u64,
    pub mismatches: u64,
    pub first: Vec<Mismatch>,
    /// Per step: (sent, mismatched).
    pub steps: [(u64, u64); Step::ALL.len()],
    /// Per expected message (the model's outcome).
    pub outcomes: Vec<(&'static str, u64)>,
}

impl Stats {
    pub fn new() -> Self {
        Self {
            // 1 µs .. 10 min, 3 significant digits.
            hist: Histogram::new_with_bounds(1, 600_000_000, 3).expect("valid bounds"),
            logins: 0,
            accepted: 0,
            rejected: 0,
            challenged: 0,
            errors: 0,
            mismatches: 0,
            first: Vec::new(),
            steps: [(0, 0); Step::ALL.len()],
            outcomes: Vec::new(),
        }
    }

    pub fn outcome(&mut self, message: &'static str) {
        match self.outcomes.iter_mut().find(|(m, _)| *m == message) {
            Some((_, n)) => *n += 1,
            None => self.outcomes.push((message, 1)),
        }
    }

    pub fn mismatch(&mut self, m: Mismatch) {
        self.mismatches += 1;
        if self.first.len() < MISMATCH_LIST {
            self.first.push(m);
        }
    }

    pub fn merge(&mut self, o: Stats) {
        self.hist.add(&o.hist).expect("same bounds");
        self.logins += o.logins;
        self.accepted += o.accepted;
        self.rejected += o.rejected;
        self.challenged += o.challenged;
        self.errors += o.errors;
        self.mismatches += o.mismatches;
        self.first.extend(o.first);
        for (a, b) in self.steps.iter_mut().zip(o.steps) {
            a.0 += b.0;
            a.1 += b.1;
        }
        for (m, n) in o.outcomes {
            for _ in 0..n {
                self.outcome(m);
            }
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Latency {
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub max: f64,
    pub mean: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepCount {
    pub sent: u64,
    pub mismatched: u64,
}

/// The `--report` document.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The server that provisioned.
    pub server: String,
    /// Where the logins went (each user's in turn): URLs, or RADIUS addresses.
    pub servers: Vec<String>,
    pub transport: &'static str,
    pub checked_by: &'static str,
    pub seed: u64,
    pub users: u32,
    pub concurrency: u32,
    pub provision_s: f64,
    pub duration_s: f64,
    pub logins: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub challenged: u64,
    pub errors: u64,
    /// How many answers differed from the model.
    pub mismatches: u64,
    /// The first of them by time (at most MISMATCH_LIST).
    pub mismatch_list: Vec<Mismatch>,
    pub throughput_per_s: f64,
    pub latency_ms: Latency,
    /// Logins by the model's expected outcome (detail.message).
    pub outcomes: BTreeMap<String, u64>,
    /// Requests by scenario step (logins, resyncs, resets).
    pub steps: BTreeMap<String, StepCount>,
    /// Users whose model left the server's state after a mismatch (no longer used).
    pub retired_users: u64,
    /// Latency buckets for the picture: (upper bound ms, count).
    #[serde(skip)]
    pub buckets: Vec<(f64, u64)>,
}

fn ms(us: u64) -> f64 {
    (us as f64 / 10.0).round() / 100.0
}

pub struct RunInfo {
    pub server: String,
    pub servers: Vec<String>,
    pub transport: &'static str,
    pub by_serial: bool,
    pub seed: u64,
    pub users: u32,
    pub concurrency: u32,
    pub provision_s: f64,
    pub duration_s: f64,
    pub retired: u64,
}

impl Report {
    pub fn build(info: RunInfo, mut s: Stats) -> Self {
        s.first.sort_by_key(|m| m.at_ms);
        s.first.truncate(MISMATCH_LIST);
        let h = &s.hist;
        let latency_ms = Latency {
            p50: ms(h.value_at_quantile(0.50)),
            p90: ms(h.value_at_quantile(0.90)),
            p99: ms(h.value_at_quantile(0.99)),
            max: ms(h.max()),
            mean: (h.mean() / 10.0).round() / 100.0,
        };
        let steps = Step::ALL
            .iter()
            .zip(s.steps)
            .filter(|(_, (sent, _))| *sent > 0)
            .map(|(st, (sent, mismatched))| (st.name().to_owned(), StepCount { sent, mismatched }))
            .collect();
        let buckets = buckets(h);
        Report {
            server: info.server,
            servers: info.servers,
            transport: info.transport,
            checked_by: if info.by_serial { "serial" } else { "user" },
            seed: info.seed,
            users: info.users,
            concurrency: info.concurrency,
            provision_s: (info.provision_s * 100.0).round() / 100.0,
            duration_s: (info.duration_s * 1000.0).round() / 1000.0,
            logins: s.logins,
            accepted: s.accepted,
            rejected: s.rejected,
            challenged: s.challenged,
            errors: s.errors,
            mismatches: s.mismatches,
            mismatch_list: s.first,
            throughput_per_s: if info.duration_s > 0.0 {
                (s.logins as f64 / info.duration_s * 10.0).round() / 10.0
            } else {
                0.0
            },
            latency_ms,
            outcomes: s
                .outcomes
                .into_iter()
                .map(|(m, n)| (m.to_owned(), n))
                .collect(),
            steps,
            retired_users: info.retired,
            buckets,
        }
    }

    /// The summary table for stdout.
    pub fn table(&self) -> String {
        let mut t = format!(
            "softpass simulate: {} over {}, tokens checked by {}; {} users, concurrency {}, seed {}\n",
            self.servers.join(", "),
            self.transport,
            self.checked_by,
            self.users,
            self.concurrency,
            self.seed
        );
        t += &format!(
            "logins      {:>9}   accepted {}  rejected {}  challenged {}  errors {}\n",
            self.logins, self.accepted, self.rejected, self.challenged, self.errors
        );
        t += &format!("mismatches  {:>9}\n", self.mismatches);
        t += &format!(
            "throughput  {:>9.1} logins/s over {:.1} s (provisioning {:.1} s)\n",
            self.throughput_per_s, self.duration_s, self.provision_s
        );
        let l = &self.latency_ms;
        t += &format!(
            "latency ms  p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}\n",
            l.p50, l.p90, l.p99, l.max
        );
        t += &format!("\n{:<22}{:>10}{:>12}\n", "step", "sent", "mismatched");
        for (name, c) in &self.steps {
            t += &format!("{name:<22}{:>10}{:>12}\n", c.sent, c.mismatched);
        }
        t += &format!("\n{:<42}{:>10}\n", "expected outcome", "logins");
        for (m, n) in &self.outcomes {
            t += &format!("{m:<42}{n:>10}\n");
        }
        for m in self.mismatch_list.iter().take(10) {
            t += &format!(
                "mismatch: {} {} step {}: expected {} \"{}\", got {} \"{}\"\n",
                m.user,
                m.serial,
                m.step,
                m.expected.authentication,
                m.expected.message,
                m.got.authentication,
                m.got.message
            );
        }
        t
    }
}

/// 40 equal-width buckets from 0 to the 99.9th percentile (the rest in the last one).
fn buckets(h: &Histogram<u64>) -> Vec<(f64, u64)> {
    if h.is_empty() {
        return Vec::new();
    }
    let top = h.value_at_quantile(0.999).max(1);
    let width = top.div_ceil(40).max(1);
    let mut out: Vec<(f64, u64)> = (1..=40).map(|i| (ms(i * width), 0)).collect();
    for v in h.iter_recorded() {
        let i = ((v.value_iterated_to() / width) as usize).min(39);
        out[i].1 += v.count_at_value();
    }
    out
}
