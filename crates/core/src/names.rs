//! Token names: what a name may be, how a token is found by name or serial, and which names
//! would collide in a vault (a serial works as a name, so no name may hide another's serial).
use crate::vault::TokenRecord;

/// Names and serials: 1-64 characters, no control characters. `Err` says which rule.
pub fn check_label(what: &str, text: &str) -> Result<(), String> {
    let n = text.chars().count();
    if n == 0 || n > 64 {
        return Err(format!("{what} must have 1 to 64 characters"));
    }
    if let Some((i, _)) = text.char_indices().find(|(_, c)| c.is_control()) {
        return Err(format!(
            "{what} has a control character at position {}",
            i + 1
        ));
    }
    Ok(())
}

/// Names are typed and shown: a label that is not blank.
pub fn check_name(name: &str) -> Result<(), String> {
    check_label("name", name)?;
    if name.trim().is_empty() {
        return Err("the name must not be blank".into());
    }
    Ok(())
}

/// Why a name cannot be given to the token with serial `own_serial`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict<'a> {
    /// Another token has this name (its name).
    Taken(&'a str),
    /// The name is another token's serial (that token's name).
    ShadowsSerial(&'a str),
}

/// The first reason `name` cannot name the token `own_serial` among `tokens`, if any.
pub fn conflict<'a>(
    tokens: &'a [TokenRecord],
    name: &str,
    own_serial: &str,
) -> Option<Conflict<'a>> {
    let others = || tokens.iter().filter(move |t| t.serial != own_serial);
    if let Some(t) = others().find(|t| t.name == name) {
        return Some(Conflict::Taken(&t.name));
    }
    others()
        .find(|t| t.serial.eq_ignore_ascii_case(name))
        .map(|t| Conflict::ShadowsSerial(&t.name))
}

/// Index of the token called `name`, else the one with that serial (serials are hex: any case).
pub fn find(tokens: &[TokenRecord], name: &str) -> Option<usize> {
    tokens.iter().position(|t| t.name == name).or_else(|| {
        tokens
            .iter()
            .position(|t| t.serial.eq_ignore_ascii_case(name))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_names() {
        assert!(check_label("name", "").is_err());
        assert!(check_label("name", &"x".repeat(65)).is_err());
        assert!(check_label("name", &"é".repeat(64)).is_ok());
        assert_eq!(
            check_label("serial", "ab\ncd").unwrap_err(),
            "serial has a control character at position 3"
        );
        assert_eq!(check_name("   ").unwrap_err(), "the name must not be blank");
    }
}
