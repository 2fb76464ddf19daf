//! `softpass pin`, `otp-pin`, `rename`, `remove`.
use super::common::{client, kdf};
use crate::cli::args::{Global, OtpPinArgs, PinArgs, RemoveArgs, RenameArgs};
use crate::cli::output;
use softpass_client::{AppError, Input, pin};
use softpass_core::secret::SecretString;

pub fn pin(g: &Global, a: &PinArgs) -> anyhow::Result<()> {
    let client = client(g)?;
    // Resolved once; the locked step finds the token by serial, however it is renamed meanwhile.
    let token = client.resolve(a.name.as_deref())?;
    let name = &token.name;
    let old = pin::read_pin(g.pin_stdin, &format!("token {name}"))?;
    let new = pin::read_new_pin(&format!("token {name}"))?;
    client.change_pin(&token, &old, &new, kdf(&a.kdf))?;
    if g.json {
        return output::json(&serde_json::json!({ "name": name, "pin_changed": true }));
    }
    output::print(&format!("PIN changed for {name}\n"))
}

pub fn otp_pin(g: &Global, a: &OtpPinArgs) -> anyhow::Result<()> {
    let client = client(g)?;
    let name = client.resolve(a.name.as_deref())?.name;
    let new = a.otp_pin.as_deref().map(SecretString::from);
    // Refused before the PIN is asked: an empty OTP PIN is no OTP PIN.
    if new.as_ref().is_some_and(SecretString::is_empty) {
        anyhow::bail!(AppError::EmptyOtpPin);
    }
    let pin = pin::read_pin(g.pin_stdin, &format!("token {name}"))?;
    client.set_otp_pin(&name, &pin, new.as_ref())?;
    let stored = new.is_some();
    if g.json {
        return output::json(&serde_json::json!({ "name": name, "otp_pin_stored": stored }));
    }
    output::print(&if stored {
        format!("OTP PIN stored for {name}\n")
    } else {
        format!("OTP PIN cleared for {name}\n")
    })
}

pub fn rename(g: &Global, a: &RenameArgs) -> anyhow::Result<()> {
    let client = client(g)?;
    let token = client.resolve(Some(&a.name))?;
    let old = &token.name;
    client.rename(&token, &a.new_name)?;
    if g.json {
        return output::json(&serde_json::json!({ "old_name": old, "name": a.new_name }));
    }
    output::print(&format!("renamed {old} to {}\n", a.new_name))
}

pub fn remove(g: &Global, a: &RemoveArgs) -> anyhow::Result<()> {
    let client = client(g)?;
    // The token confirmed is the token removed: found by serial after the prompts.
    let token = client.resolve(Some(&a.name))?;
    let name = &token.name;
    if !a.yes {
        if !pin::interactive() {
            anyhow::bail!(AppError::MissingInput(Input::Confirmation));
        }
        if !pin::confirm(&format!("Remove token '{name}'? This cannot be undone."))? {
            anyhow::bail!(AppError::Usage("not removed".into()));
        }
    }
    let pin = pin::read_pin(g.pin_stdin, &format!("token {name}"))?;
    client.remove(&token, &pin)?;
    if g.json {
        return output::json(&serde_json::json!({ "removed": name }));
    }
    output::print(&format!("removed {name}\n"))
}
