//! softpass-server: the login half of the chain. The OTP service (`softpass serve`: stores,
//! HTTP, RADIUS, mail, audit) and the clients that log in to it (`softpass login`, `simulate`),
//! sharing one set of request and response types ([`api`]) so they cannot drift apart.
pub mod api;
pub mod client;
pub mod simulate;
