//! Vault commands: import, list, code, pin, otp-pin, rename, remove, export (one file each below).
mod code;
pub mod common;
mod export;
mod import;
mod list;
mod manage;

pub use code::{code, token};
pub use export::export;
pub use import::import;
pub use list::list;
pub use manage::{otp_pin, pin, remove, rename};
