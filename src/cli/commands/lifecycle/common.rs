//! What every vault command needs: the client over the chosen vault, the KDF cost.
use crate::cli::args::{Global, KdfArgs};
use softpass_client::Client;
use softpass_client::clock::SystemClock;
use softpass_client::paths;
use softpass_core::vault::KdfCost;

pub fn client(g: &Global) -> anyhow::Result<Client> {
    let path = match &g.vault {
        Some(p) => p.clone(),
        None => paths::default_vault_path()?,
    };
    Ok(Client::new(path, Box::new(SystemClock)))
}

pub fn kdf(a: &KdfArgs) -> KdfCost {
    KdfCost {
        memory_kib: a.kdf_memory_kib,
        iterations: a.kdf_iterations,
        parallelism: 1,
    }
}
