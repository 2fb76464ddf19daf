//! `softpass serve`, black box over real HTTP on loopback: the privacyIDEA-style client flow and
//! every error (http), the admin endpoints, modes and start refusals (admin), privacyIDEA's
//! recorded exchanges replayed (pi_fixtures), a 100,000-token load (bulk), one accept per eToken
//! under concurrency on SQLite and on two nodes sharing PostgreSQL (concurrency), and SIGKILL
//! under load (crash).
#[path = "../support/mod.rs"]
mod support;

mod admin;
mod bulk;
mod concurrency;
mod crash;
mod enroll;
mod http;
mod pi_fixtures;
mod radius;
mod radius_peers;
mod simulate;
