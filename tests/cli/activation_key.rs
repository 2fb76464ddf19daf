//! Activation keys as people paste them: a key that does not open the seed file as given is
//! tried once more without white space and dashes; a wrong key says so in plain words (and what
//! a key looks like), exit 3; at the prompt a wrong key is asked for again. (A passphrase with a
//! dash of its own is tried as given first: cli::seed::python_pskc_seed_with_pin_and_counter.)
use crate::support::*;

const KEY: &str = "YZQHoczZWw3cBCNo";
const APP_PIN: &str = "8642";

/// Issues one HOTP token with activation key `KEY` and application PIN `APP_PIN` (fast PBKDF2);
/// returns its seed file.
fn issue(sb: &Sandbox) -> String {
    let t = sb.issue(&["--app-pin", APP_PIN, "--activation-key", KEY]);
    t[0].file.clone()
}

#[test]
fn pasted_keys_with_stray_spaces_and_dashes_open_the_file() {
    for pasted in [
        "  YZQHoczZWw3cBCNo  ",
        "YZQH-oczZ-Ww3c-BCNo",
        "YZQH oczZ Ww3c BCNo",
        "\tYZQH - oczZ Ww3cBCNo\t",
    ] {
        let sb = Sandbox::new();
        let seed = issue(&sb);
        assert!(
            ok(sb.import_seed(&seed, pasted, APP_PIN, &[])).starts_with("imported "),
            "{pasted:?}"
        );
    }
}

#[test]
fn a_wrong_key_says_it_does_not_open_the_file_and_what_a_key_looks_like() {
    let sb = Sandbox::new();
    let seed = issue(&sb);
    let wrong = "YZQHoczZWw3cBCNO"; // the last letter in the wrong case
    let err = fails(
        sb.import_seed(&seed, wrong, APP_PIN, &[]),
        3,
        &[wrong, KEY, APP_PIN],
    );
    assert!(err.contains(&seed), "names the file: {err}");
    assert!(err.contains("does not open this seed file"), "{err}");
    assert!(
        err.contains("16 characters") && err.contains("upper and lower case differ"),
        "{err}"
    );
    assert_eq!(sb.count(), 0);
}

/// `import --seed-file SEED` on a pseudo-terminal, answering each `Activation key: ` prompt
/// with the next of `keys`: the transcript and the exit code.
fn pty_import(sb: &Sandbox, seed: &str, keys: &[&str]) -> (String, i32) {
    let mut args = vec!["import", "--seed-file", seed];
    args.extend(KDF);
    sb.pty_answering(&args, &[("SOFTPASS_PIN", APP_PIN)], "Activation key", keys)
}

#[test]
fn the_prompt_asks_again_after_a_wrong_key() {
    let sb = Sandbox::new();
    let seed = issue(&sb);
    let (t, rc) = pty_import(&sb, &seed, &["AAAAAAAAAAAAAAAA", " YZQH-oczZ Ww3c-BCNo "]);
    assert_eq!(rc, 0, "{t}");
    assert!(t.contains("does not open this seed file"), "{t}");
    assert!(t.contains("try again"), "{t}");
    assert!(t.contains("imported "), "{t}");
    assert!(
        !t.contains(KEY) && !t.contains("AAAAAAAA"),
        "no key echoed: {t}"
    );
    // Three wrong keys: exit 3.
    let sb = Sandbox::new();
    let seed = issue(&sb);
    let (t, rc) = pty_import(&sb, &seed, &["AAAAAAAAAAAAAAAA"; 3]);
    assert_eq!(rc, 3, "{t}");
    assert_eq!(t.matches("Activation key: ").count(), 3, "{t}");
}
