//! The TUI keys of docs/tui.md on two tokens: Enter + PIN, j/k, l, r, d, /, ?, Esc, p, q; the
//! results are checked on screen and through the CLI.
use crate::support::tmux::*;
use crate::support::*;

const ALICE: &str = "otpauth://hotp/alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0";
/// 32-byte secret "12345678901234567890123456789012", HMAC-SHA-1; codes from oathtool.
const BOB: &str =
    "otpauth://hotp/bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&counter=5";

/// The TUI on a vault holding alice (counter 0) and bob (counter 5); `None` without tmux.
fn two_tokens() -> Option<(Sandbox, Tmux)> {
    if !require(&["tmux"]) {
        return None;
    }
    let sb = Sandbox::new();
    sb.import_uri(ALICE, &[]);
    sb.import_uri(BOB, &[]);
    let t = Tmux::tui(&sb, None);
    t.wait_text("alice");
    Some((sb, t))
}

#[test]
fn enter_asks_the_pin_then_shows_the_etoken_and_l_locks_all() {
    let Some((sb, t)) = two_tokens() else { return };
    t.keys(&["Enter"]);
    t.wait_text("PIN");
    t.keys(&[PIN, "Enter"]);
    t.wait_text(RFC4226[0]);
    // Unlocked in this session: the next Enter needs no PIN.
    t.keys(&["Enter"]);
    t.wait_text(RFC4226[1]);
    // j selects bob (counter 5); k goes back to alice.
    t.keys(&["j", "Enter"]);
    t.wait_text("PIN");
    t.keys(&[PIN, "Enter"]);
    let bob5 = oathtool(&["--hotp", "-c", "5", SEED32_HEX]);
    t.wait_text(&bob5[0]);
    t.keys(&["k", "Enter"]);
    t.wait_text(RFC4226[2]);
    // l locks all and wipes the code from the screen; Enter asks the PIN again.
    t.keys(&["l"]);
    t.wait_gone(RFC4226[2]);
    t.keys(&["Enter"]);
    t.wait_text("PIN");
    t.keys(&["Escape"]);
    // The counters the TUI used were saved.
    let l = sb.list();
    assert_eq!(l["tokens"][0]["counter"], 3);
    assert_eq!(l["tokens"][1]["counter"], 6);
    t.keys(&["q"]);
    t.wait_gone("alice");
}

#[test]
fn r_renames_d_deletes_slash_filters_question_mark_helps() {
    let Some((sb, t)) = two_tokens() else { return };
    // ? shows help, Esc closes it.
    t.keys(&["?"]);
    t.wait_text("rename");
    t.keys(&["Escape"]);
    t.wait_gone("rename");
    // / filters by name.
    t.keys(&["/", "b", "o"]);
    t.wait_for("only bob listed", |s| {
        s.contains("bob") && !s.contains("alice")
    });
    t.keys(&["Escape"]);
    t.wait_text("alice");
    // r renames the selected token (alice).
    t.keys(&["r"]);
    t.wait_text("New name");
    t.keys(&["C-u"]);
    for _ in 0..8 {
        t.keys(&["BSpace"]);
    }
    t.keys(&["carol", "Enter"]);
    // "carol" is on screen as soon as it is typed; the rename is done when the dialog is gone.
    t.wait_for("rename saved", |s| {
        s.contains("carol") && !s.contains("New name")
    });
    assert_eq!(sb.token(0)["name"], "carol");
    // d deletes after confirmation and the PIN.
    t.keys(&["d"]);
    t.wait_text("Delete");
    t.keys(&["Enter"]);
    t.wait_text("PIN");
    t.keys(&[PIN, "Enter"]);
    t.wait_gone("carol");
    let l = sb.list();
    assert_eq!(l["tokens"].as_array().unwrap().len(), 1);
    assert_eq!(l["tokens"][0]["name"], "bob");
    t.keys(&["q"]);
}

#[test]
fn p_changes_the_pin() {
    let Some((sb, t)) = two_tokens() else { return };
    t.keys(&["p"]);
    t.wait_text("Current PIN");
    t.keys(&[PIN, "Tab", "86420", "Tab", "86420", "Enter"]);
    t.wait_gone("Current PIN");
    t.keys(&["q"]);
    t.wait_gone("alice");
    fails(sb.pin(PIN, &["code", "alice"]), 3, &[PIN]);
    assert_eq!(
        ok(sb.pin("86420", &["code", "alice"])),
        format!("{}\n", RFC4226[0])
    );
}
