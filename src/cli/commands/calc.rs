//! `softpass calc`: the stateless calculator. OWNER: engine helper.
use crate::cli::args::{CalcArgs, Global};

pub fn run(_global: &Global, _args: &CalcArgs) -> anyhow::Result<()> {
    todo!("engine helper")
}
