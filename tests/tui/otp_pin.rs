//! The OTP PIN in the TUI: `o` stores one that `c` then puts in front of the eToken; `c` without
//! one asks for it and offers to store it. Copies go by OSC 52 into tmux's paste buffer.
use crate::support::tmux::*;
use crate::support::*;
use crate::unlock_alice;

#[test]
fn o_stores_the_otp_pin_and_c_copies_it_in_front_of_the_etoken() {
    let Some((sb, tmux)) = crate::alice(&[], "") else {
        return;
    };
    tmux.keys(&["o"]);
    tmux.wait_for("the OTP PIN dialog", |s| s.contains("New OTP PIN"));
    tmux.fill(&["4711", PIN]);
    tmux.wait_for("stored", |s| {
        s.contains("OTP PIN stored (sealed) for 'alice'")
    });
    // The token is unlocked now: `c` generates and copies at once, with the stored OTP PIN.
    tmux.keys(&["c"]);
    let screen = tmux.wait_for("the copy", |s| s.contains("Copied OTP PIN + eToken"));
    let code = shown_code(&screen, 5).expect("the eToken on screen");
    assert_eq!(code, calc_at(ALICE_URI, 5));
    assert_eq!(tmux.buffer(), Some(format!("4711{code}")));
    assert!(!screen.contains("4711"), "the OTP PIN is never drawn");
    // Also for the CLI: the OTP PIN is stored sealed with the token.
    assert_eq!(
        ok(sb.pin(PIN, &["code", "--combined"])).trim(),
        format!("4711{}", calc_at(ALICE_URI, 6))
    );
}

#[test]
fn c_asks_the_otp_pin_once_and_offers_to_store_it() {
    let Some((_sb, tmux)) = crate::alice(&[], "") else {
        return;
    };
    unlock_alice(&tmux, "c");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the OTP PIN question", |s| {
        s.contains("No OTP PIN is stored") && s.contains("to store it sealed")
    });
    tmux.fill(&["0815", PIN]);
    let screen = tmux.wait_for("the copy", |s| s.contains("Copied OTP PIN + eToken"));
    let code = shown_code(&screen, 5).expect("the eToken on screen");
    assert_eq!(tmux.buffer(), Some(format!("0815{code}")));
    // Stored: the next `c` asks nothing and copies the next eToken with it.
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the next eToken", |s| shown_code(s, 6).is_some());
    tmux.keys(&["c"]);
    tmux.wait_for("the second copy", |s| {
        s.contains("Copied OTP PIN + eToken") && !s.contains("No OTP PIN is stored")
    });
    let code = shown_code(&screen, 6).unwrap();
    assert_eq!(tmux.buffer(), Some(format!("0815{code}")));
}
