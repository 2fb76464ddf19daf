//! `softpass simulate`: many virtual users logging in at once (crates/server/src/simulate/).
use crate::cli::args::{Global, SimulateArgs};

pub fn run(_g: &Global, _a: &SimulateArgs) -> anyhow::Result<()> {
    anyhow::bail!("not yet")
}
