//! `softpass issue`: create tokens, write seed files, print activation e-mails (or `--json`).
use crate::cli::args::{Global, HashArg, IssueArgs, SeedFormatArg, TokenTypeArg};
use crate::cli::output;
use serde::Serialize;
use softpass_client::AppError;
use softpass_client::issuer::{self, IssuedToken};
use softpass_core::pskc::IssueSpec;
use softpass_core::secret::{SecretBytes, SecretString};
use softpass_core::seedfile::Format;
use softpass_core::token::{Algorithm, Kind, OtpParams};
use std::io::{self, Write};

/// Lock-out after this many wrong application PINs unless `--max-failed-attempts` says otherwise.
const DEFAULT_MAX_FAILED_ATTEMPTS: u32 = 10;

#[derive(Serialize)]
struct TokenJson<'a> {
    serial: &'a str,
    /// null for the formats that are not encrypted.
    activation_key: Option<&'a str>,
    application_pin: &'a str,
    seed_file: String,
    otpauth: &'a str,
}

#[derive(Serialize)]
struct TokensJson<'a> {
    tokens: Vec<TokenJson<'a>>,
}

fn spec(args: &IssueArgs) -> Result<IssueSpec, AppError> {
    if !(OtpParams::MIN_DIGITS..=OtpParams::MAX_DIGITS).contains(&args.digits) {
        return Err(AppError::Usage(format!(
            "--digits must be between 6 and 10, not {}",
            args.digits
        )));
    }
    if args.period == 0 {
        return Err(AppError::Usage("--period must be at least 1 second".into()));
    }
    if args.count > 1 && (args.serial.is_some() || args.secret_hex.is_some()) {
        return Err(AppError::Usage(
            "--serial and --secret-hex reproduce one token: use them with --count 1".into(),
        ));
    }
    let algorithm = match args.algorithm {
        HashArg::Sha1 => Algorithm::Sha1,
        HashArg::Sha256 => Algorithm::Sha256,
        HashArg::Sha512 => Algorithm::Sha512,
    };
    let params = match args.token_type {
        TokenTypeArg::Hotp => OtpParams::hotp(algorithm, args.digits),
        TokenTypeArg::Totp => OtpParams::totp(algorithm, args.digits, args.period),
    };
    let secret = args
        .secret_hex
        .as_deref()
        .map(|h| {
            hex::decode(h.trim())
                .map(SecretBytes::new)
                .map_err(|_| AppError::Invalid("--secret-hex is not hexadecimal".into()))
        })
        .transpose()?;
    Ok(IssueSpec {
        params,
        serial: args.serial.clone(),
        activation_key: args.activation_key.as_deref().map(SecretString::from),
        app_pin: args.app_pin.as_deref().map(SecretString::from),
        secret,
        max_failed_attempts: args
            .max_failed_attempts
            .unwrap_or(DEFAULT_MAX_FAILED_ATTEMPTS),
        pbkdf2_iterations: args.pbkdf2_iterations,
        issuer: args.issuer.clone(),
        format: match args.format {
            SeedFormatArg::Pskc => Format::Pskc,
            SeedFormatArg::AladdinXml => Format::AladdinXml,
            SeedFormatArg::Oathcsv => Format::OathCsv,
        },
    })
}

fn describe(params: &OtpParams) -> String {
    let algorithm = params.algorithm.as_str().to_ascii_uppercase();
    match params.kind {
        Kind::Totp => format!(
            "TOTP (time based, {} s), {algorithm}, {} digits",
            params.period, params.digits
        ),
        _ => format!("HOTP (event based), {algorithm}, {} digits", params.digits),
    }
}

/// The activation e-mail, modelled on the one a token server sends to a new user.
fn email(out: &mut impl Write, t: &IssuedToken, to: Option<&str>, issuer: &str) -> io::Result<()> {
    let file = t
        .seed_file
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| format!("{}.pskc", t.serial));
    let key = t.activation_key.as_ref().map(SecretString::expose);
    if let Some(to) = to {
        writeln!(out, "To: {to}")?;
    }
    writeln!(out, "From: {issuer} token service")?;
    writeln!(
        out,
        "Subject: Your software token {} is ready to activate",
        t.serial
    )?;
    writeln!(out)?;
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
    if let Some(key) = key {
        writeln!(out, "    Activation Key:   {key}")?;
    }
    writeln!(out, "    Token Serial:     {}", t.serial)?;
    writeln!(out, "    Application PIN:  {}", t.application_pin.expose())?;
    writeln!(
        out,
        "    Seed File:        {} (attached)",
        t.seed_file.display()
    )?;
    writeln!(out, "    Token Type:       {}", describe(&t.params))?;
    writeln!(out)?;
    instructions(out, t, &file, key)?;
    writeln!(out)?;
    writeln!(out, "-- ")?;
    writeln!(out, "{issuer} token service")?;
    Ok(())
}

/// The e-mail's steps, from saving the seed file to the lock-out rule.
fn instructions(
    out: &mut impl Write,
    t: &IssuedToken,
    file: &str,
    key: Option<&str>,
) -> io::Result<()> {
    writeln!(out, "To activate your token:")?;
    writeln!(out, "  1. Install softpass on your computer.")?;
    writeln!(out, "  2. Save the attached seed file, {file}.")?;
    writeln!(out, "  3. Run:")?;
    match key {
        Some(key) => writeln!(
            out,
            "       softpass import --seed-file {file} --activation-key {key}"
        )?,
        None => writeln!(out, "       softpass import --seed-file {file}")?,
    }
    writeln!(
        out,
        "  4. When asked for the application PIN, enter the Application PIN above."
    )?;
    writeln!(
        out,
        "  5. Whenever a login asks for a one-time password, generate an eToken:"
    )?;
    writeln!(out, "       softpass code {}", t.serial)?;
    writeln!(
        out,
        "     or open the terminal UI with `softpass` and press Enter."
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "You can change the application PIN with `softpass pin {}`.",
        t.serial
    )?;
    if key.is_some() {
        // Only PSKC carries the lock-out policy.
        writeln!(
            out,
            "The token locks after {} wrong application PINs; ask your administrator for a new",
            t.max_failed_attempts
        )?;
        writeln!(out, "activation if that happens.")?;
    }
    Ok(())
}

pub fn run(global: &Global, args: &IssueArgs) -> anyhow::Result<()> {
    let spec = spec(args)?;
    let mut tokens = Vec::with_capacity(args.count as usize);
    for _ in 0..args.count {
        tokens.push(issuer::issue(&args.out, &spec)?);
    }
    if global.json {
        let doc = TokensJson {
            tokens: tokens
                .iter()
                .map(|t| TokenJson {
                    serial: &t.serial,
                    activation_key: t.activation_key.as_ref().map(SecretString::expose),
                    application_pin: t.application_pin.expose(),
                    seed_file: t.seed_file.display().to_string(),
                    otpauth: t.otpauth.expose(),
                })
                .collect(),
        };
        return output::json(&doc);
    }
    // The e-mails carry activation keys and PINs: their buffer is wiped after the write.
    let mut out = zeroize::Zeroizing::new(Vec::new());
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            writeln!(out, "\n{}\n", "=".repeat(72))?;
        }
        email(&mut *out, t, args.email.as_deref(), &args.issuer)?;
    }
    output::bytes(&out)
}
