//! `softpass code`: the next eToken(s); counters are saved before anything is printed or copied.
use super::common::client;
use crate::cli::args::{CodeArgs, Global};
use crate::cli::output;
use serde::Serialize;
use softpass_client::client::{CodeView, TokenInfo, Unlocked};
use softpass_client::config::Settings;
use softpass_client::{AppError, Client, clipboard, paths, pin};
use softpass_core::combined;
use softpass_core::secret::SecretString;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Serialize)]
struct CodeOut {
    #[serde(flatten)]
    view: CodeView,
    #[serde(skip_serializing_if = "Option::is_none")]
    combined: Option<String>,
}

fn config_path(g: &Global) -> anyhow::Result<PathBuf> {
    Ok(match &g.config {
        Some(p) => p.clone(),
        None => paths::default_config_path()?,
    })
}

fn settings(g: &Global) -> anyhow::Result<Settings> {
    Ok(Settings::load(&config_path(g)?)?)
}

/// NAME, else the only token, else the configured default token. Resolved once: every later
/// step finds the token by its serial.
pub fn token(g: &Global, client: &Client, name: Option<&str>) -> anyhow::Result<TokenInfo> {
    match client.resolve(name) {
        Ok(t) => Ok(t),
        Err(AppError::Ambiguous(n)) => match settings(g)?.default_token {
            Some(d) => Ok(client.resolve(Some(&d))?),
            None => Err(AppError::Ambiguous(n).into()),
        },
        Err(e) => Err(e.into()),
    }
}

/// Unlocks and generates. The one-step path saves the counter while the KDF runs; it is not
/// taken when the stored OTP PIN must be checked first (--combined without --otp-pin) or for
/// --time.
fn generate(
    client: &Client,
    target: &TokenInfo,
    pin: &SecretString,
    a: &CodeArgs,
) -> anyhow::Result<(Unlocked, Vec<CodeView>)> {
    if a.time.is_none() && !(a.combined && a.otp_pin.is_none()) {
        return Ok(client.unlock_next(target, pin, a.how_many())?);
    }
    let token = client.unlock(target, pin)?;
    let name = &target.name;
    if a.combined && token.otp_pin().is_none() {
        anyhow::bail!(AppError::Invalid(format!(
            "token '{name}' has no OTP PIN stored: pass --otp-pin for --combined, or store one with `softpass otp-pin`"
        )));
    }
    let views = match a.time {
        Some(t) => client.codes_at(&token, t, a.how_many())?,
        None => client.next_codes(&token, a.how_many())?,
    };
    Ok((token, views))
}

/// Copies OTP PIN + eToken; says so when the copy cannot be confirmed (OSC 52 outside tmux).
fn copy_code(
    otp_pin: Option<&SecretString>,
    view: &CodeView,
    clear_after: Duration,
) -> anyhow::Result<()> {
    let value = combined::join(otp_pin, &view.code);
    if !clipboard::copy_detached_report(&value, clear_after)?.confirmed {
        eprintln!(
            "softpass: note: sent to the terminal by OSC 52; softpass cannot tell whether the terminal put it on the clipboard"
        );
    }
    Ok(())
}

pub fn code(g: &Global, a: &CodeArgs) -> anyhow::Result<()> {
    let client = client(g)?;
    let target = token(g, &client, a.name.as_deref())?;
    let name = target.name.clone();
    // Settings are read before any counter is spent.
    let clear_after = if a.copy {
        Some(Duration::from_secs(settings(g)?.clipboard_clear_secs))
    } else {
        None
    };
    // --time is for time-based tokens: say so before asking for (and checking) a PIN.
    if a.time.is_some() && target.kind.is_event() {
        anyhow::bail!(AppError::Usage(format!(
            "token '{name}' is event based: --time applies to time-based tokens only"
        )));
    }
    // With --json a failed copy leaves stdout empty, so the spent code would be lost: a copy that
    // cannot happen at all is refused before the PIN is asked and before any counter is spent.
    if a.copy && g.json {
        clipboard::check_available()?;
    }
    let pin = pin::read_pin(g.pin_stdin, &format!("token {name}"))?;
    let (token, views) = generate(&client, &target, &pin, a)?;
    let otp_pin = match &a.otp_pin {
        Some(p) => Some(SecretString::from(p.as_str())),
        None => token.otp_pin().map(SecretString::duplicate),
    };
    let outs: Vec<CodeOut> = views
        .into_iter()
        .map(|view| {
            let combined = match (&otp_pin, a.combined) {
                (Some(p), true) => Some(combined::join(Some(p), &view.code).expose().to_owned()),
                _ => None,
            };
            CodeOut { view, combined }
        })
        .collect();
    // With --json a failed copy must leave stdout empty (the contract), so the copy comes first;
    // in plain mode the code is printed first, so a failed copy still shows the spent code.
    let copy = || match (clear_after, outs.first()) {
        (Some(clear_after), Some(first)) => copy_code(otp_pin.as_ref(), &first.view, clear_after),
        _ => Ok(()),
    };
    if g.json {
        copy()?;
        match outs.as_slice() {
            // The contract: with --count (even --count 1) an array, else one object.
            [one] if a.count.is_none() => output::json(one)?,
            _ => output::json(&outs)?,
        }
    } else {
        let mut text = String::new();
        for o in &outs {
            text.push_str(o.combined.as_deref().unwrap_or(&o.view.code));
            text.push('\n');
        }
        output::print(&text)?;
        copy()?;
    }
    Ok(())
}
