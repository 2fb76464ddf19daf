//! The runtime's side of the two-step import dialog: holds the decoded seed between the steps
//! and, when the commit is refused (seed PIN mistyped, name taken), decodes it again so the user
//! can correct the second step without retyping the first.
use crate::tui::msg::Msg;
use softpass_client::Client;
use softpass_client::client::{ImportOptions, ImportSource, OtpPinCarry, PreparedImport};
use softpass_core::secret::SecretString;
use softpass_core::vault::KdfCost;

#[derive(Default)]
pub struct Importer {
    /// What step 1 read (kept to decode again after a refused commit).
    source: Option<ImportSource>,
    prepared: Option<PreparedImport>,
}

/// An explicit copy: `ImportSource` holds secrets and is deliberately not `Clone`.
fn duplicate(source: &ImportSource) -> ImportSource {
    match source {
        ImportSource::SeedFile {
            path,
            activation_key,
            serial,
        } => ImportSource::SeedFile {
            path: path.clone(),
            activation_key: activation_key.duplicate(),
            serial: serial.clone(),
        },
        ImportSource::MobilePass {
            code,
            policy,
            counter,
            digits,
        } => ImportSource::MobilePass {
            code: code.duplicate(),
            policy: policy.clone(),
            counter: *counter,
            digits: *digits,
        },
        ImportSource::SeedFilePsk { path, psk, serial } => ImportSource::SeedFilePsk {
            path: path.clone(),
            psk: psk.duplicate(),
            serial: serial.clone(),
        },
        ImportSource::Uri(uri) => ImportSource::Uri(uri.duplicate()),
        ImportSource::Issued(path) => ImportSource::Issued(path.clone()),
        ImportSource::Email(path) => ImportSource::Email(path.clone()),
        ImportSource::SeedXml {
            origin,
            xml,
            activation_key,
            serial,
        } => ImportSource::SeedXml {
            origin: origin.clone(),
            xml: xml.clone(),
            activation_key: activation_key.duplicate(),
            serial: serial.clone(),
        },
    }
}

impl Importer {
    /// Step 1: decode (and decrypt) the source; nothing is stored yet.
    pub fn prepare(&mut self, client: &Client, source: ImportSource) -> Msg {
        self.cancel();
        let copy = duplicate(&source);
        match client.prepare_import(source) {
            Ok(p) => {
                let msg = Msg::Prepared {
                    tokens: p.tokens(),
                    carries_pin: p.carries_pin(),
                    mail_pin: p.mail_pin().is_some(),
                    policy: p.pin_policy(),
                };
                self.source = Some(copy);
                self.prepared = Some(p);
                msg
            }
            Err(e) => super::outcome::source_failure(&e),
        }
    }

    /// Step 2: store the token(s) sealed with `pin`.
    pub fn commit(
        &mut self,
        client: &Client,
        name: Option<String>,
        otp_pin: Option<SecretString>,
        pin: SecretString,
        replace: bool,
    ) -> Vec<Msg> {
        let Some(prepared) = self.prepared.take() else {
            return vec![super::outcome::plain(
                "nothing to import: start again with i".into(),
            )];
        };
        // An empty PIN after an activation e-mail: the Application PIN the e-mail gave.
        let pin = match prepared.mail_pin() {
            Some(m) if pin.is_empty() => m.duplicate(),
            _ => pin,
        };
        let options = ImportOptions {
            name,
            otp_pin,
            replace,
            pin,
            kdf: KdfCost::DEFAULT,
        };
        match client.commit_import_detailed(prepared, options) {
            Ok(list) => {
                self.cancel();
                // A re-activation keeps the stored OTP PIN only when the PIN opens the old token.
                let lost: Vec<String> = list
                    .iter()
                    .filter(|t| t.otp_pin == OtpPinCarry::Unknown)
                    .map(|t| t.info.name.clone())
                    .collect();
                let mut msgs = vec![Msg::Imported(
                    list.into_iter().map(|t| t.info.name).collect(),
                )];
                if !lost.is_empty() {
                    msgs.push(Msg::OtpPinNotKept(lost));
                }
                msgs
            }
            Err(e) => {
                // The prepared import was consumed: decode again for the next try.
                self.prepared = self
                    .source
                    .as_ref()
                    .and_then(|s| client.prepare_import(duplicate(s)).ok());
                vec![super::outcome::failure(&e)]
            }
        }
    }

    /// Forget the source and the decoded secret (dialog closed, lock, quit).
    pub fn cancel(&mut self) {
        self.source = None;
        self.prepared = None;
    }
}
