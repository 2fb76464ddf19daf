//! `softpass import`: seed file (PSKC, Aladdin XML, OATH CSV), activation e-mail, MobilePASS
//! activation code, otpauth URI, or every token of an issue document.
use super::common::{client, kdf};
use crate::cli::args::{Global, ImportArgs};
use crate::cli::output;
use crate::cli::secret_arg::SecretArg;
use serde::Serialize;
use softpass_client::client::{
    ImportOptions, ImportSource, OtpPinCarry, PreparedImport, TokenInfo, parse_psk,
};
use softpass_client::{AppError, Client, Input, pin};
use softpass_core::secret::SecretString;

#[derive(Serialize)]
struct Imported {
    name: String,
    serial: String,
    kind: softpass_core::token::Kind,
}

/// How many times the activation key is asked for on the terminal before giving up.
const KEY_TRIES: u32 = 3;

/// A seed file's key: the activation key (password) or the pre-shared key, each from its
/// option, else from its variable; a variable only where the other option is not given.
struct SeedKeys {
    activation_key: Option<SecretArg>,
    psk: Option<SecretArg>,
}

impl SeedKeys {
    fn of(a: &ImportArgs, pin_stdin: bool) -> anyhow::Result<Self> {
        if a.seed_file.is_none() {
            return Ok(SeedKeys {
                activation_key: None,
                psk: None,
            });
        }
        let var = |name: &str| -> anyhow::Result<Option<SecretArg>> {
            match std::env::var(name) {
                // `-` and `@FILE` work in the variable as on the command line.
                Ok(v) => {
                    let usage = |why: String| AppError::Usage(format!("{name}: {why}"));
                    let value = v.parse().map_err(usage)?;
                    // As for the options: `-` and --pin-stdin cannot both have stdin's first line.
                    crate::cli::secret_arg::check_stdin(pin_stdin).map_err(usage)?;
                    Ok(Some(value))
                }
                Err(_) => Ok(None),
            }
        };
        let (key, psk) = match (&a.activation_key, &a.psk) {
            (Some(_), _) | (_, Some(_)) => (None, None),
            (None, None) => (var("SOFTPASS_ACTIVATION_KEY")?, var("SOFTPASS_PSK")?),
        };
        if key.is_some() && psk.is_some() {
            anyhow::bail!(AppError::Usage(
                "SOFTPASS_ACTIVATION_KEY and SOFTPASS_PSK are both set: give --activation-key or --psk, or unset one".into()
            ));
        }
        Ok(SeedKeys {
            activation_key: key,
            psk,
        })
    }
}

/// The source; `true` when its activation key was typed at the prompt (so a wrong one may be
/// asked for again).
fn source(
    client: &Client,
    a: &ImportArgs,
    keys: &SeedKeys,
) -> anyhow::Result<(ImportSource, bool)> {
    let given_key = a.activation_key.as_ref().or(keys.activation_key.as_ref());
    let psk = a.psk.as_ref().or(keys.psk.as_ref());
    if let (Some(path), None) = (&a.seed_file, psk) {
        let (activation_key, asked) = match given_key {
            Some(k) => (SecretString::from(k.as_str()), false),
            None if !client.seed_file_needs_key(path)? => (SecretString::from(""), false),
            None => (
                pin::ask_secret("Activation key", Input::ActivationKey)?,
                true,
            ),
        };
        let source = ImportSource::SeedFile {
            path: path.clone(),
            activation_key,
            serial: a.serial.clone(),
        };
        return Ok((source, asked));
    }
    Ok((other_source(a, psk)?, false))
}

fn other_source(a: &ImportArgs, psk: Option<&SecretArg>) -> anyhow::Result<ImportSource> {
    if let Some(path) = &a.issued {
        // --pin-stdin and SOFTPASS_PIN do not apply: each token is sealed under its own
        // application_pin (stdin is left unread).
        return Ok(ImportSource::Issued(path.clone()));
    }
    // `-` and `@FILE` were read when the arguments were parsed (cli/secret_arg.rs).
    if let (Some(path), Some(psk)) = (&a.seed_file, psk) {
        return Ok(ImportSource::SeedFilePsk {
            path: path.clone(),
            psk: parse_psk(psk.as_str())?,
            serial: a.serial.clone(),
        });
    }
    if let Some(code) = &a.mobilepass {
        let digits = match a.digits.as_deref() {
            None | Some("6") => 6,
            _ => 8,
        };
        return Ok(ImportSource::MobilePass {
            code: SecretString::from(code.as_str()),
            policy: a.policy.clone().unwrap_or_default(),
            counter: a.counter.unwrap_or(0),
            digits,
        });
    }
    match &a.uri {
        Some(uri) => Ok(ImportSource::Uri(SecretString::from(uri.as_str()))),
        None => anyhow::bail!(AppError::Usage(
            "one of --seed-file, --email, --mobilepass, --uri or --issued is required".into()
        )),
    }
}

/// Phase 1; an activation key typed at the prompt that does not open the file is asked again.
fn prepare(client: &Client, a: &ImportArgs, pin_stdin: bool) -> anyhow::Result<PreparedImport> {
    let keys = SeedKeys::of(a, pin_stdin)?;
    let mut tries = 1;
    loop {
        let (source, asked) = source(client, a, &keys)?;
        match client.prepare_import(source) {
            Err(e @ AppError::WrongActivationKey { .. }) if asked && tries < KEY_TRIES => {
                eprintln!("softpass: {e}; try again");
                tries += 1;
            }
            result => return Ok(result?),
        }
    }
}

pub fn import(g: &Global, a: &ImportArgs) -> anyhow::Result<()> {
    let client = client(g)?;
    let prepared = match &a.email {
        Some(input) => client.prepare_import(ImportSource::Email(input.path().map(Into::into)))?,
        None => prepare(&client, a, g.pin_stdin)?,
    };
    // The Application PIN an activation e-mail gives, unless one is given the usual ways.
    let mail_pin = prepared.mail_pin().map(SecretString::duplicate);
    // Shown once the tokens are stored: a failed import stays one error line.
    let warnings = prepared.warnings().to_vec();
    let what = match prepared.tokens().as_slice() {
        [one] => format!("token {}", a.name.as_deref().unwrap_or(&one.default_name)),
        many => format!("{} tokens", many.len()),
    };
    let pin = if prepared.has_own_pins() {
        // Each token is sealed under the application PIN its issue document gives.
        SecretString::from("")
    } else if prepared.carries_pin() {
        pin::read_pin_or(g.pin_stdin, &what, mail_pin)?
    } else {
        pin::read_import_pin_or(g.pin_stdin, &what, mail_pin)?
    };
    let options = ImportOptions {
        name: a.name.clone(),
        otp_pin: a.otp_pin.as_deref().map(SecretString::from),
        replace: a.replace,
        pin,
        kdf: kdf(&a.kdf),
    };
    let imported: Vec<TokenInfo> = client
        .commit_import_detailed(prepared, options)?
        .into_iter()
        .map(|t| {
            if t.otp_pin == OtpPinCarry::Unknown {
                eprintln!(
                    "softpass: note: token '{}' was re-activated with an application PIN that does not open the old one, so an OTP PIN stored with it could not be kept (set one with `softpass otp-pin`)",
                    t.info.name
                );
            }
            t.info
        })
        .collect();
    for w in &warnings {
        output::warn(w);
    }
    if g.json {
        let list: Vec<Imported> = imported
            .into_iter()
            .map(|t| Imported {
                name: t.name,
                serial: t.serial,
                kind: t.kind,
            })
            .collect();
        return output::json(&serde_json::json!({ "imported": list }));
    }
    let mut out = String::new();
    for t in imported {
        out.push_str(&format!(
            "imported {} (serial {}, {})\n",
            t.name, t.serial, t.kind
        ));
    }
    output::print(&out)
}
