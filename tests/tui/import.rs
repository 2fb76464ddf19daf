//! The TUI's import dialog: an otpauth URI with a name correction in step 2, a MobilePASS
//! activation giving the published eToken, a locked token re-activated from its seed file, and
//! a wrong activation key that keeps the seed path and asks again, and an activation e-mail
//! imported with the Application PIN it gives.
use crate::support::tmux::*;
use crate::support::*;

/// Step 2 of the dialog: replace the proposed name (`erase` characters) by `name`, then give the
/// new token's PIN twice.
fn name_and_pin(tmux: &Tmux, erase: usize, name: &str, pin: &str) {
    for _ in 0..erase {
        tmux.keys(&["BSpace"]);
    }
    tmux.fill(&[name, "", pin, pin]);
}

#[test]
fn import_dialog_lets_the_second_step_be_corrected() {
    let Some((_sb, tmux)) = crate::alice(&[], "") else {
        return;
    };
    // Left twice from the first source: past the e-mail to the URI.
    tmux.keys(&["i", "Left", "Left"]);
    tmux.wait_for("the URI form", |s| {
        s.contains("otpauth URI") && s.contains("(1/2)")
    });
    tmux.type_text("otpauth://totp/ACME:bob?secret=JBSWY3DPEHPK3PXP");
    tmux.keys(&["Enter"]);
    tmux.wait_for("step 2", |s| s.contains("(2/2)") && s.contains("[ACME:bob"));
    // A name that is taken: refused, the dialog stays for a correction.
    name_and_pin(&tmux, "ACME:bob".len(), "alice", "123456");
    tmux.wait_for("the refusal", |s| {
        s.contains("already exists") && s.contains("(2/2)")
    });
    // The cursor is on the name, the field that was wrong; the PINs keep what was typed.
    for _ in 0.."alice".len() {
        tmux.keys(&["BSpace"]);
    }
    tmux.type_text("bob");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the import", |s| s.contains("Imported bob"));
    assert!(screen.contains("2 token(s)") && screen.contains("totp"));
}

#[test]
fn mobilepass_activation_through_the_dialog_gives_the_published_etoken() {
    let Some((_sb, tmux)) = crate::alice(&[], "") else {
        return;
    };
    tmux.keys(&["i", "Right"]);
    tmux.wait_for("the MobilePASS form", |s| s.contains("Activation code"));
    tmux.fill(&[MP_CODE, MP_POLICY, "10"]);
    tmux.wait_for("step 2", |s| {
        s.contains("(2/2)") && s.contains("mobilepass")
    });
    name_and_pin(&tmux, 40, "mp", "123456");
    tmux.wait_for("the import", |s| s.contains("Imported mp"));
    tmux.keys(&["/"]);
    tmux.type_text("mp");
    tmux.keys(&["Enter", "Enter"]);
    tmux.wait_for("the PIN dialog", |s| s.contains("Application PIN for 'mp'"));
    tmux.type_text("123456");
    tmux.keys(&["Enter"]);
    // The published MobilePASS vector: policy 18888710, counter 10.
    let screen = tmux.wait_for("the eToken", |s| shown_code(s, 10).is_some());
    assert_eq!(shown_code(&screen, 10).unwrap(), "194672");
}

#[test]
fn a_locked_token_is_reactivated_from_its_seed_in_the_import_dialog() {
    if !require(&["tmux"]) {
        return;
    }
    let sb = Sandbox::new();
    import_alice(&sb, &[]);
    // The token server's side: a seed that locks after one wrong PIN.
    let t = &sb.issue(&["--app-pin", PIN, "--max-failed-attempts", "1"])[0];
    ok(sb.import_issued(t, PIN, &[]));

    let tmux = Tmux::tui(&sb, None);
    tmux.wait_for("the token list", |s| s.contains(&t.serial));
    tmux.keys(&["/"]);
    tmux.type_text(&t.serial);
    tmux.keys(&["Enter", "Enter"]);
    tmux.wait_for("the PIN dialog", |s| s.contains("Application PIN for"));
    tmux.type_text("0000");
    tmux.keys(&["Enter"]);
    // The wrong PIN that uses up the last attempt is answered "... now locked".
    tmux.wait_for("the lock", |s| {
        s.contains("LOCKED") && s.contains("now locked")
    });

    tmux.keys(&["i"]);
    tmux.fill(&[&t.file, &t.key]);
    tmux.wait_for("step 2", |s| {
        s.contains("(2/2)") && s.contains("Re-activate")
    });
    tmux.fill(&["", "", PIN, "yes"]);
    let screen = tmux.wait_for("the re-activation", |s| s.contains("Imported"));
    assert!(!screen.contains("LOCKED"), "re-activated:\n{screen}");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the PIN dialog", |s| s.contains("Application PIN for"));
    tmux.type_text(PIN);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the eToken", |s| shown_code(s, 0).is_some());
    assert_eq!(shown_code(&screen, 0).unwrap(), calc_at(&t.uri, 0));
}

#[test]
fn a_wrong_activation_key_keeps_the_path_and_asks_again() {
    let Some((sb, tmux)) = crate::alice(&[], "") else {
        return;
    };
    // A seed file from `softpass issue` (fast PBKDF2), its key known.
    let t = &sb.issue(&["--activation-key", DEMO_KEY, "--app-pin", "8642"])[0];
    tmux.keys(&["i"]);
    tmux.wait_for("the import dialog", |s| s.contains("Seed file (path)"));
    tmux.fill(&[&t.file, "YZQHoczZWw3cBCNO"]); // the key's last letter in the wrong case
    let name = std::path::Path::new(&t.file).file_name().unwrap();
    let name = name.to_str().unwrap();
    tmux.wait_for("the refusal", |sc| {
        sc.contains("does not open this seed file") && sc.contains(name) && sc.contains("(1/2)")
    });
    // The cursor is on the (wiped) key; the path is still there. A pasted key with stray
    // spaces and dashes opens it.
    tmux.type_text(" YZQH-oczZ Ww3c-BCNo ");
    tmux.keys(&["Enter"]);
    tmux.wait_for("step 2", |s| s.contains("(2/2)"));
}

#[test]
fn an_activation_email_imports_with_the_pin_it_gives() {
    if !require(&["tmux"]) {
        return;
    }
    let sb = Sandbox::new();
    // The token server's side: the activation e-mail beside the seed file.
    let t = &sb.issue(&["--eml", "--app-pin", "2468"])[0];
    let eml = t.file.replace(".pskc", ".eml");
    assert!(
        std::path::Path::new(&eml).exists() || sb.path(&eml).exists(),
        "{eml}"
    );
    let tmux = Tmux::tui(&sb, None);
    tmux.wait_for("the empty list", |s| s.contains("0 token(s)"));
    // Left from the first source wraps round to the last: the e-mail.
    tmux.keys(&["i", "Left"]);
    tmux.wait_for("the e-mail form", |s| s.contains("Activation e-mail"));
    tmux.type_text(&eml);
    tmux.keys(&["Enter"]);
    tmux.wait_for("step 2", |s| {
        s.contains("(2/2)") && s.contains("Enter uses it") && s.contains(&t.serial)
    });
    // Nothing typed: the Application PIN from the e-mail seals the token.
    tmux.keys(&["Enter"]);
    tmux.wait_for("the import", |s| s.contains("Imported"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the PIN dialog", |s| s.contains("Application PIN for"));
    tmux.type_text("2468");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the eToken", |s| shown_code(s, 0).is_some());
    assert_eq!(shown_code(&screen, 0).unwrap(), calc_at(&t.uri, 0));
}
