//! Vault commands: import, list, code, pin, rename, remove, export (one file each below).
mod code;
pub mod common;
mod export;
mod import;
mod list;
mod manage;

pub use code::{code, token_name};
pub use export::export;
pub use import::import;
pub use list::list;
pub use manage::{pin, remove, rename};
