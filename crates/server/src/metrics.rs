//! `/metrics`: counters in the Prometheus text format (version 0.0.4).
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Default)]
pub struct Metrics {
    accept: AtomicU64,
    reject: AtomicU64,
    challenge: AtomicU64,
    store_errors: AtomicU64,
    requests: AtomicU64,
    bad_requests: AtomicU64,
    check_micros: AtomicU64,
    /// The RADIUS front's own counters.
    pub radius: crate::radius::Counters,
}

impl Metrics {
    pub fn check(&self, result: &str) {
        let c = match result {
            "ACCEPT" => &self.accept,
            "CHALLENGE" => &self.challenge,
            _ => &self.reject,
        };
        c.fetch_add(1, Ordering::Relaxed);
    }

    pub fn store_error(&self) {
        self.store_errors.fetch_add(1, Ordering::Relaxed);
    }

    /// One HTTP request answered; `bad`: answered 4xx for the request itself.
    pub fn request(&self, bad: bool) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        if bad {
            self.bad_requests.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub fn check_time(&self, micros: u64) {
        self.check_micros.fetch_add(micros, Ordering::Relaxed);
    }

    /// The text exposition; `extra` are (name, help, value) gauges/counters of the store.
    pub fn render(&self, extra: &[(&str, &str, u64)]) -> String {
        let g = |c: &AtomicU64| c.load(Ordering::Relaxed);
        let mut s = String::new();
        s.push_str("# HELP softpass_checks_total Completed checks (HTTP /validate/check and RADIUS) by result.\n");
        s.push_str("# TYPE softpass_checks_total counter\n");
        for (r, c) in [
            ("accept", &self.accept),
            ("reject", &self.reject),
            ("challenge", &self.challenge),
        ] {
            let _ = writeln!(s, "softpass_checks_total{{result=\"{r}\"}} {}", g(c));
        }
        let plain = [
            (
                "softpass_check_seconds_total",
                "Time spent in completed checks.",
                None,
            ),
            (
                "softpass_http_requests_total",
                "HTTP requests answered.",
                Some(&self.requests),
            ),
            (
                "softpass_http_bad_requests_total",
                "Requests answered 4xx for bad input or credentials.",
                Some(&self.bad_requests),
            ),
            (
                "softpass_store_errors_total",
                "Store calls that failed.",
                Some(&self.store_errors),
            ),
        ];
        for (name, help, c) in plain {
            let _ = writeln!(s, "# HELP {name} {help}\n# TYPE {name} counter");
            match c {
                Some(c) => {
                    let _ = writeln!(s, "{name} {}", g(c));
                }
                None => {
                    let _ = writeln!(s, "{name} {:.6}", g(&self.check_micros) as f64 / 1e6);
                }
            }
        }
        for (name, help, v) in extra {
            let _ = writeln!(s, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {v}");
        }
        self.radius.render(&mut s);
        s
    }
}
