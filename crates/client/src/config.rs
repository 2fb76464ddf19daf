//! Settings from `config.toml` (docs/config.md): clipboard clear time, idle lock, default token,
//! and the server the terminal UI logs in to.
use crate::AppError;
use serde::Deserialize;
use std::path::Path;

/// The largest accepted value for the two delays: one day. Larger values are almost certainly
/// typos, and bounding them keeps `Instant + delay` arithmetic far from overflow.
pub(crate) const MAX_SECS: u64 = 86_400;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Clear the clipboard after this many seconds (if it still holds our value); 0 = never.
    pub clipboard_clear_secs: u64,
    /// Lock all tokens and wipe codes after this many idle seconds in the TUI; 0 = never.
    pub idle_lock_secs: u64,
    /// Token selected when the TUI opens / used by `code` when NAME is omitted.
    pub default_token: Option<String>,
    /// The server the TUI's login key sends OTP PIN + eToken to, and the login name there.
    pub login: Option<LoginServer>,
}

/// `server = "http://..."` and `user = "..."`: where and as whom the TUI logs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginServer {
    pub server: String,
    pub user: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            clipboard_clear_secs: 30,
            idle_lock_secs: 60,
            default_token: None,
            login: None,
        }
    }
}

/// The file as written; every key optional, unknown keys refused so typos are noticed.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    clipboard_clear_secs: Option<u64>,
    idle_lock_secs: Option<u64>,
    default_token: Option<String>,
    server: Option<String>,
    user: Option<String>,
}

/// `server` and `user` come together; the server is a plain http:// URL (as `login --server`).
fn login_server(text: &str, f: &File) -> Result<Option<LoginServer>, String> {
    let at = |key: &str| line_of_key(text, key);
    match (&f.server, &f.user) {
        (None, None) => Ok(None),
        (Some(_), None) => Err(format!(
            "key `server` (line {}): needs `user` too",
            at("server")
        )),
        (None, Some(_)) => Err(format!(
            "key `user` (line {}): needs `server` too",
            at("user")
        )),
        (Some(s), Some(u)) => {
            let host = s.strip_prefix("http://").unwrap_or("");
            if host.is_empty() || host.starts_with('/') {
                return Err(format!(
                    "key `server` (line {}): must be an http:// URL, e.g. \"http://127.0.0.1:8080\"",
                    at("server")
                ));
            }
            if u.trim().is_empty() {
                return Err(format!(
                    "key `user` (line {}): must not be empty",
                    at("user")
                ));
            }
            Ok(Some(LoginServer {
                server: s.clone(),
                user: u.clone(),
            }))
        }
    }
}

impl Settings {
    /// A missing file gives the defaults; a malformed one is an error naming the key and line.
    pub fn load(path: &Path) -> Result<Self, AppError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text).map_err(|message| AppError::Config {
                path: path.to_path_buf(),
                message,
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(AppError::io(path, e)),
        }
    }

    /// Parses the text of a settings file; `Err` is a one-line message naming the key and line.
    pub fn parse(text: &str) -> Result<Self, String> {
        let file: File = toml::from_str(text).map_err(|e| describe(text, &e))?;
        let defaults = Self::default();
        let settings = Self {
            clipboard_clear_secs: file
                .clipboard_clear_secs
                .unwrap_or(defaults.clipboard_clear_secs),
            idle_lock_secs: file.idle_lock_secs.unwrap_or(defaults.idle_lock_secs),
            login: login_server(text, &file)?,
            default_token: file.default_token,
        };
        for (key, value) in [
            ("clipboard_clear_secs", settings.clipboard_clear_secs),
            ("idle_lock_secs", settings.idle_lock_secs),
        ] {
            if value > MAX_SECS {
                return Err(format!(
                    "key `{key}` (line {}): {value} is more than {MAX_SECS} seconds (one day)",
                    line_of_key(text, key)
                ));
            }
        }
        if settings
            .default_token
            .as_deref()
            .is_some_and(|t| t.trim().is_empty())
        {
            return Err(format!(
                "key `default_token` (line {}): must not be empty",
                line_of_key(text, "default_token")
            ));
        }
        Ok(settings)
    }
}

/// One line: `key `k` (line n): message`. toml's own Display spans several lines with a snippet.
fn describe(text: &str, err: &toml::de::Error) -> String {
    let message = err.message().trim().replace('\n', " ");
    let Some(span) = err.span() else {
        return message;
    };
    let start = span.start.min(text.len());
    let line_no = text[..start].matches('\n').count() + 1;
    let line = text.lines().nth(line_no - 1).unwrap_or("");
    match key_of_line(line) {
        Some(key) => format!("key `{key}` (line {line_no}): {message}"),
        None => format!("line {line_no}: {message}"),
    }
}

/// The bare key of a `key = value` line, if the line has that shape.
fn key_of_line(line: &str) -> Option<&str> {
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
    (!key.is_empty() && !key.starts_with('#') && !key.starts_with('[')).then_some(key)
}

/// The 1-based line where `key` is set (for validation errors found after parsing).
fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| key_of_line(l) == Some(key))
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_of_line_reads_bare_and_quoted_keys() {
        assert_eq!(key_of_line("a = 1"), Some("a"));
        assert_eq!(key_of_line("  \"b\"=2"), Some("b"));
        assert_eq!(key_of_line("# c = 3"), None);
        assert_eq!(key_of_line("[table]"), None);
    }
}
