//! PSKC reader. OWNER: pskc helper.
use super::{KeyPackage, Protection, PskcError};

/// Parse a KeyContainer and decrypt its secrets with `protection` (password or pre-shared key).
pub fn read(_xml: &str, _protection: &Protection<'_>) -> Result<Vec<KeyPackage>, PskcError> {
    todo!("pskc helper")
}
