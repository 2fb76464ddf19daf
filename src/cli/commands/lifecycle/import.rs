//! `softpass import`: seed file (PSKC, Aladdin XML, OATH CSV), MobilePASS activation code, otpauth
//! URI, or every token of an issue document.
use super::common::{client, kdf};
use crate::cli::args::{Global, ImportArgs};
use crate::cli::output;
use serde::Serialize;
use softpass_client::client::{ImportOptions, ImportSource, read_psk};
use softpass_client::{AppError, Client, Input, pin};
use softpass_core::secret::SecretString;

#[derive(Serialize)]
struct Imported {
    name: String,
    serial: String,
    kind: softpass_core::token::Kind,
}

fn source(client: &Client, g: &Global, a: &ImportArgs) -> anyhow::Result<ImportSource> {
    if let Some(path) = &a.issued {
        if g.pin_stdin {
            anyhow::bail!(AppError::Usage(
                "--pin-stdin does not apply to --issued: each token is sealed under its application_pin".into()
            ));
        }
        return Ok(ImportSource::Issued(path.clone()));
    }
    if let (Some(path), Some(psk)) = (&a.seed_file, &a.psk) {
        if psk.as_str() == "-" && g.pin_stdin {
            anyhow::bail!(AppError::Usage(
                "--psk - and --pin-stdin both read standard input: give one of them otherwise"
                    .into()
            ));
        }
        return Ok(ImportSource::SeedFilePsk {
            path: path.clone(),
            psk: read_psk(psk.as_str())?,
            serial: a.serial.clone(),
        });
    }
    if let Some(path) = &a.seed_file {
        let activation_key = match &a.activation_key {
            Some(k) => SecretString::from(k.as_str()),
            None if !client.seed_file_needs_key(path)? => SecretString::from(""),
            None => pin::ask_secret("Activation key", Input::ActivationKey)?,
        };
        return Ok(ImportSource::SeedFile {
            path: path.clone(),
            activation_key,
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
            "one of --seed-file, --mobilepass, --uri or --issued is required".into()
        )),
    }
}

pub fn import(g: &Global, a: &ImportArgs) -> anyhow::Result<()> {
    let client = client(g)?;
    let prepared = client.prepare_import(source(&client, g, a)?)?;
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
        pin::read_pin(g.pin_stdin, &what)?
    } else {
        pin::read_import_pin(g.pin_stdin, &what)?
    };
    let options = ImportOptions {
        name: a.name.clone(),
        otp_pin: a.otp_pin.as_deref().map(SecretString::from),
        replace: a.replace,
        pin,
        kdf: kdf(&a.kdf),
    };
    let imported = client.commit_import(prepared, options)?;
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
