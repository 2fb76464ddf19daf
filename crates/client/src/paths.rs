//! Where files live: the vault (data dir) and the settings (config dir), from `directories`.
use crate::AppError;
use std::path::PathBuf;

/// File name of the default vault inside the data folder.
pub const VAULT_FILE: &str = "vault.json";
/// File name of the settings inside the config folder.
pub(crate) const CONFIG_FILE: &str = "config.toml";

fn project_dirs() -> Result<directories::ProjectDirs, AppError> {
    directories::ProjectDirs::from("", "", "softpass").ok_or(AppError::NoHome)
}

/// `~/...` as a shell would expand it (paths typed into the TUI do not go through a shell).
pub(crate) fn expand_home(path: &std::path::Path) -> PathBuf {
    let home = directories::BaseDirs::new().map(|b| b.home_dir().to_owned());
    match (path.strip_prefix("~"), home) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => path.to_owned(),
    }
}

/// `<data dir>/softpass/vault.json`, e.g. `~/.local/share/softpass/vault.json`.
pub fn default_vault_path() -> Result<PathBuf, AppError> {
    Ok(project_dirs()?.data_dir().join(VAULT_FILE))
}

/// `<config dir>/softpass/config.toml`, e.g. `~/.config/softpass/config.toml`.
pub fn default_config_path() -> Result<PathBuf, AppError> {
    Ok(project_dirs()?.config_dir().join(CONFIG_FILE))
}

/// `<data dir>/softpass/server/`: the OTP service's data folder (`softpass serve`).
pub fn default_server_dir() -> Result<PathBuf, AppError> {
    Ok(project_dirs()?.data_dir().join("server"))
}
