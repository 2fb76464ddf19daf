//! Getting a code in the TUI: Enter + PIN shows the eToken `softpass calc` computes, `c` copies
//! OTP PIN + eToken by OSC 52 (no display), `l` and the idle lock wipe it.
use crate::support::tmux::*;
use crate::support::*;
use crate::unlock_alice;

#[test]
fn pin_enter_shows_the_etoken_calc_computes() {
    let Some((sb, tmux)) = crate::alice(&[], "") else {
        return;
    };
    tmux.wait_for("the token list", |s| {
        s.contains("alice") && s.contains("PIN needed")
    });
    unlock_alice(&tmux, "Enter");
    let masked = tmux.wait_for("the masked PIN", |s| s.contains("[••••"));
    assert!(
        !masked.contains(PIN),
        "the PIN is never on screen:\n{masked}"
    );
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the eToken for counter 5", |s| shown_code(s, 5).is_some());
    assert_eq!(shown_code(&screen, 5).unwrap(), calc_at(ALICE_URI, 5));
    // RFC 4226 Appendix D, count 5: the outside vector, not only our own calc.
    assert_eq!(shown_code(&screen, 5).unwrap(), RFC4226[5]);

    // Unlocked now: Enter gives the next counter without asking again.
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the eToken for counter 6", |s| shown_code(s, 6).is_some());
    assert_eq!(shown_code(&screen, 6).unwrap(), calc_at(ALICE_URI, 6));

    // `l` wipes the code from the screen; `q` quits and hands the terminal back.
    tmux.keys(&["l"]);
    tmux.wait_for("the lock", |s| {
        s.contains("Locked all tokens") && !s.contains(&format!("eToken {}", RFC4226[6]))
    });
    tmux.keys(&["q"]);
    assert!(tmux.wait_exit(), "q must quit");

    // Both counters were saved: the vault's next counter is 7.
    assert_eq!(sb.token(0)["counter"], 7);
}

#[test]
fn c_copies_otp_pin_and_etoken_through_osc52() {
    let Some((_sb, tmux)) = crate::alice(&["--otp-pin", "77"], "") else {
        return;
    };
    unlock_alice(&tmux, "c");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the copy", |s| s.contains("Copied OTP PIN + eToken"));
    let code = shown_code(&screen, 5).expect("the copied eToken stays on screen");
    assert_eq!(code, calc_at(ALICE_URI, 5));
    assert!(
        !screen.contains(&format!("77{code}")),
        "the OTP PIN is never drawn"
    );
    assert_eq!(tmux.buffer(), Some(format!("77{code}")));
    // Quitting clears our value (the default clear time, 30 s, is far away).
    tmux.keys(&["q"]);
    assert!(tmux.wait_exit(), "q quits");
    assert_ne!(
        tmux.buffer(),
        Some(format!("77{code}")),
        "quitting clears the copied value"
    );
}

#[test]
fn idle_lock_wipes_the_code_and_asks_the_pin_again() {
    let Some((_sb, tmux)) = crate::alice(&[], "idle_lock_secs = 2\n") else {
        return;
    };
    unlock_alice(&tmux, "Enter");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the eToken", |s| shown_code(s, 5).is_some());
    let code = shown_code(&screen, 5).unwrap();
    let screen = tmux.wait_for("the idle lock", |s| {
        s.contains("Locked all tokens after 2 s")
    });
    assert!(
        !screen.contains(&code),
        "the code is wiped from the screen:\n{screen}"
    );
    assert!(screen.contains("PIN needed"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the PIN dialog again", |s| {
        s.contains("Application PIN for 'alice'")
    });
}
