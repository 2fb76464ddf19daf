//! Pure core: OTP algorithms, activation codes, key URIs, seed files, vault format. No I/O here.
pub mod activation;
pub mod activation_mail;
pub mod aladdin;
pub mod base32;
pub mod combined;
pub mod error;
pub mod lockout;
pub mod names;
pub mod oathcsv;
pub mod otp;
pub mod otpauth;
pub mod pskc;
pub mod radius;
pub mod secret;
pub mod seedfile;
pub mod serial;
pub mod token;
pub mod validate;
pub mod vault;

pub use error::{DomainError, ErrorKind};
