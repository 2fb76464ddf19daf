//! The settings file (docs/config.md) through the client library: defaults, a full file,
//! malformed values and unknown keys.
use softpass_client::AppError;
use softpass_client::config::{LoginServer, Settings};
use std::path::PathBuf;

fn write(dir: &tempfile::TempDir, text: &str) -> PathBuf {
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).expect("write config");
    path
}

fn config_error(text: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(&dir, text);
    match Settings::load(&path) {
        Err(AppError::Config { path: p, message }) => {
            assert_eq!(p, path, "the error names the file");
            assert!(!message.contains('\n'), "one line: {message:?}");
            message
        }
        Err(other) => panic!("expected a settings error, got {other}"),
        Ok(s) => panic!("expected a settings error, got {s:?}"),
    }
}

#[test]
fn missing_file_gives_the_documented_defaults() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = Settings::load(&dir.path().join("absent.toml")).expect("defaults");
    assert_eq!(s.clipboard_clear_secs, 30);
    assert_eq!(s.idle_lock_secs, 60);
    assert_eq!(s.default_token, None);
}

#[test]
fn empty_and_partial_files_fill_in_defaults() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = Settings::load(&write(&dir, "")).expect("empty");
    assert_eq!((s.clipboard_clear_secs, s.idle_lock_secs), (30, 60));
    let s = Settings::load(&write(&dir, "idle_lock_secs = 0\n")).expect("partial");
    assert_eq!((s.clipboard_clear_secs, s.idle_lock_secs), (30, 0));
}

#[test]
fn full_file_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "# softpass settings\n\
                clipboard_clear_secs = 12\n\
                idle_lock_secs = 300\n\
                default_token = \"work vpn\"\n\
                server = \"http://127.0.0.1:8080\"\n\
                user = \"alice\"\n";
    let s = Settings::load(&write(&dir, text)).expect("full file");
    assert_eq!(
        s,
        Settings {
            clipboard_clear_secs: 12,
            idle_lock_secs: 300,
            default_token: Some("work vpn".into()),
            login: Some(LoginServer {
                server: "http://127.0.0.1:8080".into(),
                user: "alice".into(),
            }),
        }
    );
}

#[test]
fn server_and_user_come_together_and_the_server_is_http() {
    for (text, want) in [
        (
            "server = \"http://h:1\"\n",
            "key `server` (line 1): needs `user` too",
        ),
        (
            "idle_lock_secs = 1\nuser = \"a\"\n",
            "key `user` (line 2): needs `server` too",
        ),
        (
            "server = \"https://h\"\nuser = \"a\"\n",
            "key `server` (line 1): must be an http:// URL",
        ),
        (
            "server = \"http://h\"\nuser = \" \"\n",
            "key `user` (line 2): must not be empty",
        ),
    ] {
        let msg = config_error(text);
        assert!(msg.contains(want), "{text:?}: {msg}");
    }
}

#[test]
fn malformed_value_names_the_key_and_line() {
    let msg = config_error("idle_lock_secs = 10\nclipboard_clear_secs = \"soon\"\n");
    assert!(msg.contains("clipboard_clear_secs"), "{msg}");
    assert!(msg.contains("line 2"), "{msg}");

    let msg = config_error("clipboard_clear_secs = -5\n");
    assert!(msg.contains("clipboard_clear_secs"), "{msg}");
    assert!(msg.contains("line 1"), "{msg}");

    let msg = config_error("\n\ndefault_token = 7\n");
    assert!(msg.contains("default_token"), "{msg}");
    assert!(msg.contains("line 3"), "{msg}");
}

#[test]
fn broken_toml_syntax_names_the_line() {
    let msg = config_error("idle_lock_secs = 10\nclipboard_clear_secs = \n");
    assert!(msg.contains("line 2"), "{msg}");
}

#[test]
fn unknown_key_is_refused_so_typos_show() {
    let msg = config_error("clipboard_clear_sec = 10\n");
    assert!(msg.contains("clipboard_clear_sec"), "{msg}");
    assert!(msg.contains("line 1"), "{msg}");
    assert!(msg.contains("unknown"), "{msg}");
}

#[test]
fn out_of_range_and_empty_values_are_refused() {
    let msg = config_error("idle_lock_secs = 86401\n");
    assert!(
        msg.contains("idle_lock_secs") && msg.contains("line 1"),
        "{msg}"
    );
    let msg = config_error("default_token = \"  \"\n");
    assert!(msg.contains("default_token"), "{msg}");
    // The bound itself is accepted.
    let dir = tempfile::tempdir().expect("tempdir");
    let s = Settings::load(&write(&dir, "clipboard_clear_secs = 86400\n")).expect("bound");
    assert_eq!(s.clipboard_clear_secs, 86_400);
}

#[test]
fn unreadable_path_is_an_io_error_not_defaults() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A directory where the file should be: reading fails with something other than NotFound.
    match Settings::load(dir.path()) {
        Err(AppError::Io { path, .. }) => assert_eq!(path, dir.path()),
        other => panic!(
            "expected an I/O error, got {:?}",
            other.map_err(|e| e.to_string())
        ),
    }
}
