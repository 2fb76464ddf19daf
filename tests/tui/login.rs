//! `s` in a real terminal against a real `softpass serve`: the token enrolled by e-mail (login
//! --enroll, the outbox, import --email), the server set in config.toml; `s` asks the
//! application PIN, logs in off the UI thread and shows the server's ACCEPT in the status line;
//! once the server's OTP PIN no longer matches, `s` shows its REJECT.
use crate::support::chain::{enrol, fact, import_mail};
use crate::support::serve::{start, users_file};
use crate::support::tmux::Tmux;
use crate::support::{Sandbox, require};

#[test]
fn s_logs_in_to_the_configured_server() {
    if !require(&["tmux"]) {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let users = users_file(d.path(), &["alice"]);
    let s = start(
        &d.path().join("data"),
        &["--mode", "create-token", "--users", users.to_str().unwrap()],
    );
    let url = format!("http://{}", s.addr);
    let sb = Sandbox::new();
    let (code, out) = enrol(&sb, &url, "alice", "alice@example.org", "4711");
    assert_eq!(code, 9, "{out}");
    let eml = std::fs::read_dir(s.dir.join("outbox"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let serial = import_mail(&sb, &eml, "4711");
    let pin = fact(&eml, "Application PIN");
    sb.write_config(&format!("server = \"{url}\"\nuser = \"alice\"\n"));
    let tmux = Tmux::tui(&sb, None);
    tmux.wait_text(&serial);
    tmux.wait_text("s login");
    tmux.keys(&["s"]);
    tmux.wait_text(&format!("Application PIN for '{serial}'"));
    tmux.type_text(&pin);
    tmux.keys(&["Enter"]);
    tmux.wait_text("ACCEPT: matching 1 tokens");
    // The server's OTP PIN changes: the stored one no longer matches.
    let (st, v) = s.admin(
        "POST",
        "/token/setpin",
        &format!("serial={serial}&otppin=9999"),
    );
    assert_eq!(st, 200, "{v}");
    tmux.keys(&["s"]);
    tmux.wait_text("REJECT: wrong otp pin");
    tmux.keys(&["q"]);
    assert!(tmux.wait_exit());
}
