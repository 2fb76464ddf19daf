//! `softpass issue`: create tokens, write seed files, print activation e-mails. OWNER: pskc helper.
use crate::cli::args::{Global, IssueArgs};

pub fn run(_global: &Global, _args: &IssueArgs) -> anyhow::Result<()> {
    todo!("pskc helper")
}
