//! PSKC writer (the profile softpass issues). OWNER: pskc helper.
use super::{KeyPackage, Protection, PskcError};

pub struct WriteOptions<'a> {
    pub protection: Protection<'a>,
}

/// `random` fills a buffer with cryptographically secure bytes (salt, IV, MAC key): passed in.
pub fn write(
    _packages: &[KeyPackage],
    _options: &WriteOptions<'_>,
    _random: &mut dyn FnMut(&mut [u8]),
) -> Result<String, PskcError> {
    todo!("pskc helper")
}
