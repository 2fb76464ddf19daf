//! Vault commands: import, list, code, pin, otp-pin, rename, remove, export (one file each below).
mod code;
mod common;
mod export;
mod import;
mod list;
mod manage;

pub use code::code;
pub use export::export;
pub use import::import;
pub use list::list;
pub use manage::{otp_pin, pin, remove, rename};
