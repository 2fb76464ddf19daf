//! softpass-server: the login half of the chain. The OTP service (`softpass serve`: stores,
//! HTTP, RADIUS, mail, audit) and the clients that log in to it (`softpass login`, `simulate`),
//! sharing one set of request and response types ([`api`]) so they cannot drift apart.
pub mod admin;
pub mod api;
pub mod audit;
pub mod client;
pub mod enrol;
pub mod enrolment;
pub mod error;
pub mod failure;
pub mod http;
pub mod keys;
pub mod load;
pub mod mailer;
pub mod metrics;
pub mod params;
pub mod radius;
pub mod server;
pub mod service;
pub mod simulate;
pub mod store;
pub mod users;
