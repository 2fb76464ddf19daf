//! The RADIUS front's counters for `/metrics`: requests believed, retransmissions answered from
//! the duplicate cache, answers by code, and every datagram dropped, by reason.
use softpass_core::radius::{Code, RadiusError};
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};

/// Why a datagram got no answer (the `reason` label).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dropped {
    /// Its source address is in no line of `radius-clients`.
    UnknownClient,
    /// It breaks the packet rules (length, attribute walk).
    Malformed,
    /// A code other than Access-Request.
    NotAccessRequest,
    /// No Message-Authenticator (required: BlastRADIUS).
    NoMessageAuthenticator,
    /// A Message-Authenticator that does not verify, is duplicated or has the wrong size.
    BadMessageAuthenticator,
    /// A retransmission of a request still being processed.
    InProgress,
    /// Too many requests in flight: the NAS retransmits.
    Overloaded,
    /// The store failed, or the decision took longer than `DECISION_TIMEOUT`: the NAS
    /// retransmits.
    StoreError,
    /// The answer would not fit in 4096 octets.
    AnswerTooLong,
}

impl Dropped {
    const ALL: [Dropped; 9] = [
        Dropped::UnknownClient,
        Dropped::Malformed,
        Dropped::NotAccessRequest,
        Dropped::NoMessageAuthenticator,
        Dropped::BadMessageAuthenticator,
        Dropped::InProgress,
        Dropped::Overloaded,
        Dropped::StoreError,
        Dropped::AnswerTooLong,
    ];

    fn label(self) -> &'static str {
        match self {
            Dropped::UnknownClient => "unknown_client",
            Dropped::Malformed => "malformed",
            Dropped::NotAccessRequest => "not_access_request",
            Dropped::NoMessageAuthenticator => "no_message_authenticator",
            Dropped::BadMessageAuthenticator => "bad_message_authenticator",
            Dropped::InProgress => "in_progress",
            Dropped::Overloaded => "overloaded",
            Dropped::StoreError => "store_error",
            Dropped::AnswerTooLong => "answer_too_long",
        }
    }

    /// The reason a decoding or verification error stands for.
    pub fn from_error(e: &RadiusError) -> Dropped {
        match e {
            RadiusError::UnknownCode(_) | RadiusError::NotAResponse(_) => Dropped::NotAccessRequest,
            RadiusError::MissingMessageAuthenticator
            | RadiusError::ProxyStateWithoutMessageAuthenticator => Dropped::NoMessageAuthenticator,
            RadiusError::DuplicateMessageAuthenticator
            | RadiusError::BadMessageAuthenticatorLength
            | RadiusError::BadMessageAuthenticator => Dropped::BadMessageAuthenticator,
            _ => Dropped::Malformed,
        }
    }
}

#[derive(Default)]
pub struct Counters {
    requests: AtomicU64,
    duplicates: AtomicU64,
    answers: [AtomicU64; 3],
    dropped: [AtomicU64; Dropped::ALL.len()],
}

impl Counters {
    pub fn request(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
    }

    pub fn duplicate(&self) {
        self.duplicates.fetch_add(1, Ordering::Relaxed);
    }

    pub fn answered(&self, code: Code) {
        let i = match code {
            Code::AccessAccept => 0,
            Code::AccessReject => 1,
            _ => 2,
        };
        self.answers[i].fetch_add(1, Ordering::Relaxed);
    }

    pub fn dropped(&self, why: Dropped) {
        let i = Dropped::ALL.iter().position(|d| *d == why).unwrap_or(0);
        self.dropped[i].fetch_add(1, Ordering::Relaxed);
    }

    /// Appends the counters in the Prometheus text format.
    pub fn render(&self, s: &mut String) {
        let g = |c: &AtomicU64| c.load(Ordering::Relaxed);
        head(
            s,
            "softpass_radius_requests_total",
            "RADIUS Access-Requests believed (Message-Authenticator verified) and processed.",
        );
        let _ = writeln!(s, "softpass_radius_requests_total {}", g(&self.requests));
        head(
            s,
            "softpass_radius_duplicates_total",
            "RADIUS retransmissions answered from the duplicate cache, not processed again.",
        );
        let _ = writeln!(
            s,
            "softpass_radius_duplicates_total {}",
            g(&self.duplicates)
        );
        head(
            s,
            "softpass_radius_responses_total",
            "RADIUS answers sent, by code.",
        );
        for (code, c) in ["accept", "reject", "challenge"].iter().zip(&self.answers) {
            let _ = writeln!(
                s,
                "softpass_radius_responses_total{{code=\"{code}\"}} {}",
                g(c)
            );
        }
        head(
            s,
            "softpass_radius_dropped_total",
            "RADIUS datagrams dropped without an answer, by reason.",
        );
        for (d, c) in Dropped::ALL.iter().zip(&self.dropped) {
            let _ = writeln!(
                s,
                "softpass_radius_dropped_total{{reason=\"{}\"}} {}",
                d.label(),
                g(c)
            );
        }
    }
}

fn head(s: &mut String, name: &str, help: &str) {
    let _ = writeln!(s, "# HELP {name} {help}\n# TYPE {name} counter");
}
