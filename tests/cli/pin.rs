//! Where the application PIN comes from (`--pin-stdin` > `SOFTPASS_PIN` > no-echo terminal
//! prompt > exit 2), `SOFTPASS_NEW_PIN` for `pin` and for PIN-less imports, and PIN changes.
use crate::support::*;

const URI_HOTP: &str = "otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0";

fn next_code(sb: &Sandbox) -> String {
    let v = &sb.list()["tokens"][0]["counter"];
    RFC4226[v.as_u64().expect("hotp counter") as usize].to_owned()
}

#[test]
fn pin_stdin_beats_env() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    // Right PIN on stdin, wrong in the environment: stdin wins.
    let want = next_code(&sb);
    let c = sb.pin("9999", &["--pin-stdin", "code"]);
    assert_eq!(ok_with_stdin(c, "1234\nignored\n"), format!("{want}\n"));
    // Wrong PIN on stdin, right in the environment: still stdin, so exit 3.
    let o = with_stdin(sb.pin(PIN, &["--pin-stdin", "code"]), "9999\n");
    assert_eq!(o.status.code(), Some(3));
    assert!(o.stdout.is_empty());
    // Without a trailing newline the whole input is the first line.
    let want = next_code(&sb);
    let c = sb.sp(&["--pin-stdin", "code"]);
    assert_eq!(ok_with_stdin(c, "1234"), format!("{want}\n"));
}

#[test]
fn pin_stdin_empty_is_missing_input() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    let o = with_stdin(sb.sp(&["--pin-stdin", "code"]), "");
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(sb.list()["tokens"][0]["counter"], 0);
}

#[test]
fn env_used_when_no_pin_stdin_flag() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    // Stdin holds a wrong PIN but --pin-stdin was not given: it must not be read.
    let got = ok_with_stdin(sb.pin(PIN, &["code"]), "9999\n");
    assert_eq!(got, format!("{}\n", RFC4226[0]));
}

#[test]
fn terminal_prompt_without_echo_when_nothing_else_given() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    let (t, rc) = sb.pty(&["code"], &[], &["1234"]);
    assert_eq!(rc, 0, "{t:?}");
    assert!(t.contains(RFC4226[0]), "{t:?}");
    assert!(!t.contains("1234"), "the PIN was echoed: {t:?}");
    // A wrong PIN typed at the prompt is exit 3.
    let (t, rc) = sb.pty(&["code"], &[], &["8888"]);
    assert_eq!(rc, 3, "{t:?}");
    assert!(!t.contains("8888"), "{t:?}");
}

#[test]
fn env_beats_terminal_prompt() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    let (t, rc) = sb.pty(&["code"], &[("SOFTPASS_PIN", PIN)], &[]);
    assert_eq!(rc, 0, "{t:?}");
    assert!(t.contains(RFC4226[0]), "{t:?}");
    assert!(
        !t.contains("PIN"),
        "must not prompt when SOFTPASS_PIN is set: {t:?}"
    );
}

#[test]
fn pin_change_with_softpass_new_pin() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    // NAME may be given or, with one token, left out.
    let mut c = sb.pin(PIN, &["pin", "x"]);
    c.args(KDF).env("SOFTPASS_NEW_PIN", "86420");
    let o = code(c, 0);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!all.contains("86420") && !all.contains(PIN), "{all}");
    fails(sb.pin(PIN, &["code"]), 3, &[PIN]);
    assert_eq!(ok(sb.pin("86420", &["code"])), format!("{}\n", RFC4226[0]));
    // Old PIN from --pin-stdin works the same way.
    let mut c = sb.sp(&["--pin-stdin", "pin"]);
    c.args(KDF).env("SOFTPASS_NEW_PIN", "97531");
    ok_with_stdin(c, "86420\n");
    assert_eq!(ok(sb.pin("97531", &["code"])), format!("{}\n", RFC4226[1]));
}

#[test]
fn pin_change_refusals() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    // No new PIN and no terminal: exit 2.
    let mut c = sb.pin(PIN, &["pin"]);
    c.args(KDF);
    fails(c, 2, &[PIN]);
    // Wrong old PIN: 3, and the new PIN is not installed.
    let mut c = sb.pin("1111", &["pin"]);
    c.args(KDF).env("SOFTPASS_NEW_PIN", "5555");
    fails(c, 3, &["1111", "5555"]);
    // A new PIN violating the policy: 5.
    let mut c = sb.pin(PIN, &["pin"]);
    c.args(KDF).env("SOFTPASS_NEW_PIN", "1");
    fails(c, 5, &[PIN]);
    fails(sb.pin("5555", &["code"]), 3, &["5555"]);
    assert_eq!(ok(sb.pin(PIN, &["code"])), format!("{}\n", RFC4226[0]));
}

#[test]
fn pin_change_prompts_twice_on_a_terminal() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    let mut args = vec!["pin"];
    args.extend(KDF);
    let (t, rc) = sb.pty(&args, &[("SOFTPASS_PIN", PIN)], &["6543", "6543"]);
    assert_eq!(rc, 0, "{t:?}");
    assert!(!t.contains("6543"), "echoed: {t:?}");
    assert_eq!(ok(sb.pin("6543", &["code"])), format!("{}\n", RFC4226[0]));
    // Two different entries: refused, PIN unchanged.
    let (t, rc) = sb.pty(&args, &[("SOFTPASS_PIN", "6543")], &["7777", "7778"]);
    assert_ne!(rc, 0, "{t:?}");
    assert_eq!(ok(sb.pin("6543", &["code"])), format!("{}\n", RFC4226[1]));
}

#[test]
fn pinless_import_prefers_softpass_new_pin() {
    let sb = Sandbox::new();
    let mut c = sb.pin("2222", &["import", "--uri", URI_HOTP]);
    c.args(KDF).env("SOFTPASS_NEW_PIN", "3333");
    ok(c);
    fails(sb.pin("2222", &["code"]), 3, &["2222"]);
    assert_eq!(ok(sb.pin("3333", &["code"])), format!("{}\n", RFC4226[0]));
}

#[test]
fn pinless_import_falls_back_to_the_pin_rules() {
    // SOFTPASS_PIN
    let sb = Sandbox::new();
    let mut c = sb.pin("2222", &["import", "--uri", URI_HOTP]);
    c.args(KDF);
    ok(c);
    assert_eq!(ok(sb.pin("2222", &["code"])), format!("{}\n", RFC4226[0]));
    // --pin-stdin
    let sb = Sandbox::new();
    let mut c = sb.sp(&["--pin-stdin", "import", "--uri", URI_HOTP]);
    c.args(KDF);
    ok_with_stdin(c, "4444\n");
    assert_eq!(ok(sb.pin("4444", &["code"])), format!("{}\n", RFC4226[0]));
    // Nothing at all, no terminal: 2, and no token was added.
    let sb = Sandbox::new();
    let mut c = sb.sp(&["import", "--uri", URI_HOTP]);
    c.args(KDF);
    fails(c, 2, &[SEED20_B32]);
    let o = out(sb.sp(&["--json", "list"]));
    if o.status.success() {
        assert_eq!(
            json(&String::from_utf8_lossy(&o.stdout))["tokens"],
            serde_json::json!([])
        );
    }
}

#[test]
fn pinless_import_prompts_twice_on_a_terminal() {
    let sb = Sandbox::new();
    let mut args = vec!["import", "--uri", URI_HOTP];
    args.extend(KDF);
    let (t, rc) = sb.pty(&args, &[], &["7531", "7531"]);
    assert_eq!(rc, 0, "{t:?}");
    assert!(!t.contains("7531"), "{t:?}");
    assert_eq!(ok(sb.pin("7531", &["code"])), format!("{}\n", RFC4226[0]));
}
