//! The vault's life: the client library (clock, back-off, re-sealed sessions) and settings, the
//! file on disk, lock-out and re-activation, crashes and concurrent processes.
#[path = "../support/mod.rs"]
mod support;

mod client;
mod config;
mod crash;
mod files;
mod lockout;
