//! `softpass issue`: create tokens, write seed files (and with `--eml` activation messages),
//! print activation e-mails (or `--json`).
use crate::cli::args::{Global, HashArg, IssueArgs, SeedFormatArg, TokenTypeArg};
use crate::cli::output;
use serde::Serialize;
use softpass_client::AppError;
use softpass_client::clock::{Clock, SystemClock};
use softpass_client::issuer::{self, IssuedToken};
use softpass_client::mail::{self, ActivationMessage};
use softpass_core::activation_mail::{self, MailFacts};
use softpass_core::pskc::IssueSpec;
use softpass_core::secret::{SecretBytes, SecretString};
use softpass_core::seedfile::Format;
use softpass_core::token::{Algorithm, OtpParams};
use std::io::{self, Write};
use std::path::PathBuf;
use std::time::{Duration, UNIX_EPOCH};

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
    /// With `--eml` only (an additive field): the activation message written.
    #[serde(skip_serializing_if = "Option::is_none")]
    eml: Option<String>,
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

/// The facts of `t` for its activation e-mail (the body is one function of them, in the core).
fn facts<'a>(t: &'a IssuedToken, file: &'a str, issuer: &'a str) -> MailFacts<'a> {
    MailFacts {
        serial: &t.serial,
        activation_key: t.activation_key.as_ref(),
        application_pin: &t.application_pin,
        seed_file: file,
        params: &t.params,
        // Only PSKC carries the lock-out policy.
        max_failed_attempts: t.format.is_encrypted().then_some(t.max_failed_attempts),
        issuer,
    }
}

/// The seed file's name, as the e-mail names and attaches it.
fn file_name(t: &IssuedToken) -> String {
    t.seed_file
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| format!("{}.{}", t.serial, t.format.extension()))
}

/// The activation e-mail as text, modelled on the one a token server sends to a new user: the
/// headers as a person reads them, then the very body the `.eml` carries.
fn email(out: &mut impl Write, t: &IssuedToken, mail: &Mail<'_>, issuer: &str) -> io::Result<()> {
    let file = file_name(t);
    if let Some(to) = mail.to {
        writeln!(out, "To: {to}")?;
    }
    match mail.from {
        // A bare address gets the display name the message gives it.
        Some(from) if !from.contains('<') => {
            writeln!(out, "From: {issuer} token service <{}>", from.trim())?
        }
        Some(from) => writeln!(out, "From: {}", from.trim())?,
        None => writeln!(out, "From: {issuer} token service")?,
    }
    writeln!(out, "Subject: {}", activation_mail::subject(&t.serial))?;
    writeln!(out)?;
    out.write_all(activation_mail::body(&facts(t, &file, issuer)).as_bytes())
}

/// Who the e-mail is from and to, as given (checked as addresses before anything is issued
/// when `.eml` files are written).
struct Mail<'a> {
    to: Option<&'a str>,
    from: Option<&'a str>,
}

/// Writes `<SERIAL>.eml` beside the seed file: the activation message dated now.
fn write_eml(t: &IssuedToken, mail: &Mail<'_>, issuer: &str) -> Result<PathBuf, AppError> {
    let file = file_name(t);
    let from = mail.from.unwrap_or(mail::DEFAULT_FROM);
    let message_id = mail::new_message_id(from)?;
    let now = UNIX_EPOCH + Duration::from_secs(SystemClock.now_unix());
    let message = mail::activation_message(&ActivationMessage {
        facts: &facts(t, &file, issuer),
        seed_file: t.seed_content.as_bytes(),
        format: t.format,
        from,
        to: mail.to,
        date: now,
        message_id: &message_id,
    })?;
    issuer::write_eml(t, &message)
}

/// With `--eml`, bad addresses are refused before any token is issued.
fn check_addresses(args: &IssueArgs) -> Result<(), AppError> {
    if args.mail_from.is_some() || args.eml {
        let from = args.mail_from.as_deref().unwrap_or(mail::DEFAULT_FROM);
        mail::check_address("sender address", from)
            .map_err(|e| AppError::Invalid(format!("--mail-from: {e}")))?;
    }
    if let (true, Some(to)) = (args.eml, &args.email) {
        mail::check_address("recipient address", to)
            .map_err(|e| AppError::Invalid(format!("--email: {e}")))?;
    }
    Ok(())
}

pub fn run(global: &Global, args: &IssueArgs) -> anyhow::Result<()> {
    let spec = spec(args)?;
    check_addresses(args)?;
    let mail = Mail {
        to: args.email.as_deref(),
        from: args.mail_from.as_deref(),
    };
    let mut tokens = Vec::with_capacity(args.count as usize);
    let mut emls = Vec::with_capacity(args.count as usize);
    for _ in 0..args.count {
        let t = issuer::issue(&args.out, &spec)?;
        if args.eml {
            emls.push(write_eml(&t, &mail, &args.issuer)?);
        }
        tokens.push(t);
    }
    if global.json {
        let doc = TokensJson {
            tokens: tokens
                .iter()
                .enumerate()
                .map(|(i, t)| TokenJson {
                    serial: &t.serial,
                    activation_key: t.activation_key.as_ref().map(SecretString::expose),
                    application_pin: t.application_pin.expose(),
                    seed_file: t.seed_file.display().to_string(),
                    otpauth: t.otpauth.expose(),
                    eml: emls.get(i).map(|p| p.display().to_string()),
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
        email(&mut *out, t, &mail, &args.issuer)?;
    }
    output::bytes(&out)
}
