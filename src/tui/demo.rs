//! `softpass demo`: the sample token from seeds/, embedded so the demo works from any folder,
//! imported into a throw-away vault through the normal import path.
use crate::tui::state::DemoInfo;
use softpass_client::client::{ImportOptions, ImportSource, TokenInfo};
use softpass_client::{AppError, Client};
use softpass_core::secret::SecretString;
use softpass_core::vault::KdfCost;

/// The published activation data of the demo token (the activation e-mail in seeds/).
pub const INFO: DemoInfo = DemoInfo {
    serial: "4F214C507612A26A",
    activation_key: "YZQHoczZWw3cBCNo",
    app_pin: "4089",
};

/// The demo seed file (PSKC, encrypted with the activation key; seeds/README.md).
pub const SEED: &str = include_str!("../../seeds/4F214C507612A26A.pskc");

/// Name the demo token gets in the throw-away vault.
pub const NAME: &str = "demo";

/// Import `pskc` with its activation key and application PIN through the normal import path,
/// as a user would through the import dialog.
pub fn import(
    client: &Client,
    pskc: &str,
    activation_key: &str,
    app_pin: &str,
    kdf: KdfCost,
) -> Result<Vec<TokenInfo>, AppError> {
    let prepared = client.prepare_import(ImportSource::SeedXml {
        origin: "the demo seed".into(),
        xml: pskc.to_owned(),
        activation_key: SecretString::from(activation_key),
        serial: None,
    })?;
    let options = ImportOptions {
        name: Some(NAME.into()),
        otp_pin: None,
        replace: false,
        pin: SecretString::from(app_pin),
        kdf,
    };
    client.commit_import(prepared, options)
}
