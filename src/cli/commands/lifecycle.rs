//! Vault commands: import, list, code, pin, rename, remove, export. OWNER: vault helper.
//! (Split into one file per command as it grows.)
use crate::cli::args::*;

pub fn import(_g: &Global, _a: &ImportArgs) -> anyhow::Result<()> {
    todo!("vault helper")
}
pub fn list(_g: &Global) -> anyhow::Result<()> {
    todo!("vault helper")
}
pub fn code(_g: &Global, _a: &CodeArgs) -> anyhow::Result<()> {
    todo!("vault helper")
}
pub fn pin(_g: &Global, _a: &PinArgs) -> anyhow::Result<()> {
    todo!("vault helper")
}
pub fn rename(_g: &Global, _a: &RenameArgs) -> anyhow::Result<()> {
    todo!("vault helper")
}
pub fn remove(_g: &Global, _a: &RemoveArgs) -> anyhow::Result<()> {
    todo!("vault helper")
}
pub fn export(_g: &Global, _a: &ExportArgs) -> anyhow::Result<()> {
    todo!("vault helper")
}
