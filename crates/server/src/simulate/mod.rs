//! `softpass simulate` (docs/simulate.md): many virtual Parallels Clients at once. Provisions
//! users and tokens through the admin API, plays a scenario mix of logins against the server,
//! predicts every answer with its own model of privacyIDEA's rules and reports each
//! disagreement as a mismatch, with throughput and an HDR latency histogram.
mod episode;
mod model;
mod plot;
mod provision;
mod report;
mod rng;
mod runner;
pub mod scenario;

pub use provision::AdminAuth;
pub use report::Report;
pub use scenario::Scenario;

use crate::client::{ClientError, RadiusClient};
use std::time::Duration;

/// When the run ends.
#[derive(Debug, Clone, Copy)]
pub enum Bound {
    Logins(u64),
    Duration(Duration),
}

/// Everything a run needs (the CLI fills it in).
pub struct Config {
    /// The servers, at least one: the first provisions; each user's requests go to them in
    /// turn (several nodes of one service, sharing a database).
    pub servers: Vec<String>,
    pub admin: AdminAuth,
    pub bound: Bound,
    pub users: u32,
    pub concurrency: u32,
    pub scenario: Scenario,
    pub seed: u64,
    pub timeout: Duration,
    /// Logins over RADIUS instead of /validate/check, to these servers in turn (empty: HTTP).
    pub radius: Vec<std::sync::Arc<RadiusClient>>,
    /// Draw a progress bar (the CLI decides: only on a terminal).
    pub progress: bool,
}

/// Run a whole simulation: provision, play, report. Notes for the user (e.g. the fall-back to
/// `serial=` checks) go to `notes`.
pub fn run(cfg: Config, notes: &mut dyn FnMut(&str)) -> Result<Report, ClientError> {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .map_err(|e| ClientError::Io(format!("tokio runtime: {e}")))?;
    rt.block_on(async move {
        let setup = provision::provision(&cfg, notes).await?;
        Ok(runner::play(&cfg, setup).await)
    })
}

/// Write the latency histogram of a report as an SVG picture.
pub fn write_plot(report: &Report, path: &std::path::Path) -> Result<(), String> {
    plot::latency_svg(report, path)
}
