//! Application layer: every side effect lives here (vault store, clock, clipboard, settings, PINs).
//! The shells (`cli`, `tui`) talk to [`client::Client`] and get plain view types back.
pub mod client;
pub mod clipboard;
pub mod clock;
pub mod config;
pub mod error;
pub mod issuer;
pub mod mail;
pub mod paths;
pub mod pin;
mod store;

pub use client::Client;
pub use error::{AppError, Hint, Input};
