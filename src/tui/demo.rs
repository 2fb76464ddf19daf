//! `softpass demo`: the sample token from seeds/, embedded so the demo works from any folder.
use crate::tui::state::DemoInfo;

/// The published activation data of the demo token (seeds/README and the activation e-mail).
pub const INFO: DemoInfo = DemoInfo {
    serial: "4F214C507612A26A",
    activation_key: "YZQHoczZWw3cBCNo",
    app_pin: "4089",
};

/// The demo seed file (PSKC, encrypted with the activation key).
pub const SEED: Option<&str> = None;

/// Name the demo token gets in the throw-away vault.
pub const NAME: &str = "demo";
