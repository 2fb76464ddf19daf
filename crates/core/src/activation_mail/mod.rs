//! The activation e-mail's text (docs/email.md): the one body `softpass issue` prints and the
//! MIME message carries, and the reader of its fact lines. Pure: no clock, no randomness.
mod facts;
mod text;

pub use facts::{FactsError, MAX_VALUE, ReadFacts, read_facts};
pub use text::{body, describe, subject};

use crate::secret::SecretString;
use crate::token::OtpParams;

/// What the activation e-mail tells a new user about one token.
pub struct MailFacts<'a> {
    pub serial: &'a str,
    /// `None` for a seed file that is not encrypted (Aladdin XML, OATH CSV): no key line.
    pub activation_key: Option<&'a SecretString>,
    pub application_pin: &'a SecretString,
    /// The seed file's name as attached (no folder): `<SERIAL>.pskc`, `.xml` or `.csv`.
    pub seed_file: &'a str,
    pub params: &'a OtpParams,
    /// The lock-out limit the seed file carries (PSKC only); `None`: no lock-out sentence.
    pub max_failed_attempts: Option<u32>,
    /// Names the service in the signature (`<ISSUER> token service`).
    pub issuer: &'a str,
}

/// The fact labels, as the writer spells them and the reader matches them (case-insensitively,
/// white space runs counting as one space).
pub const ACTIVATION_KEY: &str = "Activation Key";
pub const TOKEN_SERIAL: &str = "Token Serial";
pub const APPLICATION_PIN: &str = "Application PIN";
pub const SEED_FILE: &str = "Seed File";

/// What follows the seed file's name on its fact line; the reader drops it.
pub const ATTACHED: &str = "(attached)";

#[cfg(test)]
mod tests;
