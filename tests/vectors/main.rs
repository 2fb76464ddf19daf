//! Outside vector tables (RFC 4226, RFC 6238, the HMAC crate, MobilePASS, otpauth URIs written by
//! other tools), checked against `softpass_core` directly and through `softpass calc`.
#[path = "../support/mod.rs"]
mod support;

mod hotp;
mod mac;
mod mobilepass;
mod otpauth;
mod totp;
