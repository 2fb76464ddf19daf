//! `completions` and `man`: generated from the clap definition.
use crate::cli::args::{Cli, CompletionsArgs};
use clap::CommandFactory;
use std::io::{self, Write};

pub fn completions(args: &CompletionsArgs) -> anyhow::Result<()> {
    let mut cmd = Cli::command();
    let mut out = io::stdout().lock();
    clap_complete::generate(args.shell, &mut cmd, "softpass", &mut out);
    out.flush()?;
    Ok(())
}

pub fn man() -> anyhow::Result<()> {
    let man = clap_mangen::Man::new(Cli::command());
    let mut out = io::stdout().lock();
    man.render(&mut out)?;
    out.flush()?;
    Ok(())
}
