//! The activation e-mail's subject and text body, one function of the facts (docs/email.md §3).
use super::{ACTIVATION_KEY, APPLICATION_PIN, ATTACHED, MailFacts, SEED_FILE, TOKEN_SERIAL};
use crate::token::{Kind, OtpParams};
use std::fmt::Write;
use zeroize::Zeroizing;

/// The file name the body suggests for the saved message (any name works).
const SAVED_AS: &str = "activation.eml";

/// The `Subject:` of the activation e-mail.
pub fn subject(serial: &str) -> String {
    format!("Your software token {serial} is ready to activate")
}

/// The token type as the `Token Type:` line says it.
pub fn describe(params: &OtpParams) -> String {
    let algorithm = params.algorithm.as_str().to_ascii_uppercase();
    match params.kind {
        Kind::Totp => format!(
            "TOTP (time based, {} s), {algorithm}, {} digits",
            params.period, params.digits
        ),
        _ => format!("HOTP (event based), {algorithm}, {} digits", params.digits),
    }
}

/// The text body: greeting, the fact lines, the steps, the signature; lines end in `\n`. It
/// holds the activation key and the PIN, so it is wiped on drop.
pub fn body(f: &MailFacts<'_>) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(2048));
    // Writing to a String cannot fail.
    let _ = write_body(&mut out, f);
    out
}

fn write_body(out: &mut String, f: &MailFacts<'_>) -> std::fmt::Result {
    let key = f.activation_key.map(|k| k.expose());
    writeln!(out, "Hello,")?;
    writeln!(out)?;
    writeln!(
        out,
        "A software token has been issued to you. You need the attached seed file and"
    )?;
    if key.is_some() {
        writeln!(
            out,
            "the details below to activate it. Keep this message private: the seed file and"
        )?;
        writeln!(out, "the activation key together are your token.")?;
    } else {
        writeln!(
            out,
            "the details below to activate it. Keep the seed file private: it is not encrypted"
        )?;
        writeln!(out, "and alone is your token.")?;
    }
    writeln!(out)?;
    // The labels padded to one column; the reader does not depend on the padding.
    let fact = |out: &mut String, label: &str, value: &str| {
        writeln!(out, "    {:<18}{value}", format!("{label}:"))
    };
    if let Some(key) = key {
        fact(out, ACTIVATION_KEY, key)?;
    }
    fact(out, TOKEN_SERIAL, f.serial)?;
    fact(out, APPLICATION_PIN, f.application_pin.expose())?;
    fact(out, SEED_FILE, &format!("{} {ATTACHED}", f.seed_file))?;
    fact(out, "Token Type", &describe(f.params))?;
    writeln!(out)?;
    steps(out, f, key)?;
    writeln!(out)?;
    writeln!(out, "-- ")?;
    writeln!(out, "{} token service", f.issuer)
}

/// What to do: the one-step import of the saved message, the manual way, everyday use.
fn steps(out: &mut String, f: &MailFacts<'_>, key: Option<&str>) -> std::fmt::Result {
    let file = f.seed_file;
    writeln!(out, "To activate your token:")?;
    writeln!(out, "  1. Install softpass on your computer.")?;
    writeln!(
        out,
        "  2. Save this message as a file (in most mail programs: Save As), for example"
    )?;
    writeln!(out, "     as {SAVED_AS}, and run:")?;
    writeln!(out, "       softpass import --email {SAVED_AS}")?;
    match key {
        Some(_) => {
            writeln!(
                out,
                "     It takes the seed file, the activation key and the application PIN from"
            )?;
            writeln!(out, "     the message.")?;
        }
        None => writeln!(
            out,
            "     It takes the seed file and the application PIN from the message."
        )?,
    }
    writeln!(
        out,
        "     Or by hand: save the attached seed file, {file}, and run:"
    )?;
    match key {
        Some(key) => writeln!(
            out,
            "       softpass import --seed-file {file} --activation-key {key}"
        )?,
        None => writeln!(out, "       softpass import --seed-file {file}")?,
    }
    writeln!(
        out,
        "     When asked for the application PIN, enter the Application PIN above."
    )?;
    writeln!(
        out,
        "  3. Whenever a login asks for a one-time password, generate an eToken:"
    )?;
    writeln!(out, "       softpass code {}", f.serial)?;
    writeln!(
        out,
        "     or open the terminal UI with `softpass` and press Enter."
    )?;
    writeln!(
        out,
        "  4. Once the token works, delete the saved message and the seed file: the"
    )?;
    writeln!(out, "     token lives in your vault from then on.")?;
    writeln!(out)?;
    writeln!(
        out,
        "You can change the application PIN with `softpass pin {}`.",
        f.serial
    )?;
    if let Some(n) = f.max_failed_attempts {
        writeln!(
            out,
            "The token locks after {n} wrong application PINs; ask your administrator for a new"
        )?;
        writeln!(out, "activation if that happens.")?;
    }
    Ok(())
}
