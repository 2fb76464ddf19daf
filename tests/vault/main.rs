//! The vault's life: the client library (clock, back-off, re-sealed sessions) and settings, the
//! file on disk, lock-out and re-activation, crashes and concurrent processes, and attacks: a
//! killed PIN check, races between commands, odd vault paths, full disks and long fields.
#[path = "../support/mod.rs"]
mod support;

mod attack_limits;
mod attack_lockout;
mod attack_paths;
mod attack_races;
mod client;
mod config;
mod crash;
mod files;
mod lockout;
