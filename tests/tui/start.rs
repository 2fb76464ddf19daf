//! What the TUI shows when it starts: the demo (key, PIN, the published eTokens, a throw-away
//! vault; on a 40×12 terminal too) and an unreadable vault (reported, left untouched).
use crate::support::tmux::*;
use crate::support::*;

/// Enter on the demo token, its PIN once the dialog shows `dialog`: the first eToken must be the
/// published one. Returns the screen that shows it.
fn first_demo_etoken(tmux: &Tmux, dialog: &str) -> String {
    tmux.keys(&["Enter"]);
    tmux.wait_for("the PIN dialog", |s| s.contains(dialog));
    tmux.type_text(DEMO_PIN);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the first eToken", |s| shown_code(s, 0).is_some());
    assert_eq!(shown_code(&screen, 0).unwrap(), DEMO_CODES[0]);
    screen
}

#[test]
fn demo_shows_key_and_pin_gives_the_published_etokens_and_leaves_no_vault_behind() {
    if !require(&["tmux"]) {
        return;
    }
    // The sample token of seeds/README.md: its key, PIN and eTokens (computed with oathtool).
    let sb = Sandbox::new();
    let tmp = sb.path("tmp");
    let tmux = Tmux::start(&sb, &shell_line(None, &["demo"]));
    let screen = tmux.wait_for("the demo token", |s| s.contains("Demo token ready"));
    assert!(screen.contains(DEMO_KEY) && screen.contains(&format!("application PIN {DEMO_PIN}")));
    tmux.wait_for("the demo token row", |s| {
        s.contains(DEMO_SERIAL) && s.contains("hotp")
    });
    first_demo_etoken(&tmux, "Application PIN for 'demo'");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the second eToken", |s| shown_code(s, 1).is_some());
    assert_eq!(shown_code(&screen, 1).unwrap(), DEMO_CODES[1]);
    assert_eq!(
        std::fs::read_dir(&tmp).unwrap().count(),
        1,
        "the throw-away vault folder"
    );
    tmux.keys(&["q"]);
    assert!(tmux.wait_exit(), "q quits");
    tmux.wait_gone(DEMO_CODES[1]);
    assert_eq!(
        std::fs::read_dir(&tmp).unwrap().count(),
        0,
        "deleted on exit"
    );
    assert!(
        !sb.path("data/softpass").exists(),
        "demo must not touch the real vault"
    );
}

#[test]
fn an_unreadable_vault_is_reported_and_left_untouched() {
    if !require(&["tmux"]) {
        return;
    }
    let sb = Sandbox::new();
    let junk = b"{ this is not a softpass vault";
    std::fs::create_dir_all(sb.vault().parent().unwrap()).unwrap();
    std::fs::write(sb.vault(), junk).unwrap();
    let tmux = Tmux::tui(&sb, None);
    tmux.wait_for("the error", |s| {
        s.contains("The vault cannot be read") && s.contains("✗")
    });
    tmux.keys(&["q"]);
    assert!(tmux.wait_exit(), "q quits");
    assert_eq!(sb.read_vault(), junk);
}

#[test]
fn the_demo_on_a_40x12_terminal_shows_its_pin_and_the_etoken() {
    if !require(&["tmux"]) {
        return;
    }
    let sb = Sandbox::new();
    let tmux = Tmux::start(&sb, &shell_line(None, &["demo"]));
    let resized = tmux.run(&["resize-window", "-t", "t", "-x", "40", "-y", "12"]);
    assert!(resized.status.success());
    let screen = tmux.wait_for("the demo token", |s| s.contains("Demo token ready"));
    assert!(
        screen.contains(DEMO_KEY) && screen.contains(DEMO_PIN),
        "{screen}"
    );
    // seeds/README.md: the first eToken, computed with oathtool.
    let screen = first_demo_etoken(&tmux, "'demo'");
    assert!(screen.contains(DEMO_PIN), "the PIN stays visible: {screen}");
    tmux.keys(&["q"]);
    assert!(tmux.wait_exit());
}
