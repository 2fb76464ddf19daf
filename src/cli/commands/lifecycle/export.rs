//! `softpass export --uri`: the token as an otpauth:// URI (carries the secret; needs the PIN).
use super::common::client;
use crate::cli::args::{ExportArgs, Global};
use crate::cli::output;
use softpass_client::pin;

pub fn export(g: &Global, a: &ExportArgs) -> anyhow::Result<()> {
    let client = client(g)?;
    let target = client.resolve(a.name.as_deref())?;
    let name = &target.name;
    let pin = pin::read_pin(g.pin_stdin, &format!("token {name}"))?;
    let token = client.unlock(&target, &pin)?;
    let uri = client.export_uri(&token)?;
    if g.json {
        return output::json(&serde_json::json!({ "name": name, "uri": uri.expose() }));
    }
    output::print(&format!("{}\n", uri.expose()))
}
