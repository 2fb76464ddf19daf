//! Contract acceptance: rename / remove / export round trips, the vault location and modes,
//! a missing vault, `completions` and `man`, and the TUI refusing to start without a terminal.
mod contract_support;

use std::process::Stdio;

use contract_support::*;
use serde_json::json;

const URI_HOTP: &str =
    "otpauth://hotp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&counter=7";

#[test]
fn rename_needs_no_pin_and_keeps_the_token() {
    let sb = Sb::new();
    let v = sb.import_uri(URI_HOTP, &[]);
    let serial = v["imported"][0]["serial"].as_str().unwrap().to_owned();
    ok(sb.sp(&["rename", "ACME:alice", "work"]));
    let t = &sb.list()["tokens"][0];
    assert_eq!(t["name"], "work");
    assert_eq!(t["serial"], serial.as_str());
    assert_eq!(t["counter"], 7);
    fails(sb.pin(PIN, &["code", "ACME:alice"]), 7, &[PIN]);
    assert_eq!(
        ok(sb.pin(PIN, &["code", "work"])),
        format!("{}\n", RFC4226[7])
    );
    // Renaming by serial works too.
    ok(sb.sp(&["rename", &serial, "home"]));
    assert_eq!(sb.list()["tokens"][0]["name"], "home");
}

#[test]
fn rename_onto_an_existing_name_is_refused() {
    let sb = Sb::new();
    sb.import_uri(URI_HOTP, &[]);
    sb.import_uri(
        "otpauth://totp/other?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&algorithm=SHA256",
        &[],
    );
    let before = sb.read_vault();
    let o = out(sb.sp(&["rename", "other", "ACME:alice"]));
    assert_ne!(o.status.code(), Some(0));
    assert_eq!(sb.read_vault(), before);
}

#[test]
fn remove_needs_the_pin_and_yes_without_a_terminal() {
    let sb = Sb::new();
    sb.import_uri(URI_HOTP, &[]);
    // No PIN: 2. Wrong PIN: 3. No --yes and no terminal to confirm: 2. Token still there.
    fails(sb.sp(&["remove", "ACME:alice", "--yes"]), 2, &[]);
    fails(
        sb.pin("9753", &["remove", "ACME:alice", "--yes"]),
        3,
        &["9753"],
    );
    fails(sb.pin(PIN, &["remove", "ACME:alice"]), 2, &[PIN]);
    assert_eq!(sb.list()["tokens"].as_array().unwrap().len(), 1);
    ok(sb.pin(PIN, &["remove", "ACME:alice", "--yes"]));
    assert_eq!(sb.list(), json!({"tokens":[]}));
    fails(sb.pin(PIN, &["code", "ACME:alice"]), 7, &[PIN]);
}

#[test]
fn export_uri_round_trips_through_calc_and_import() {
    let sb = Sb::new();
    sb.import_uri(URI_HOTP, &[]);
    // Spend counters 7 and 8: the export carries the next one, 9.
    ok(sb.pin(PIN, &["code", "--count", "2"]));
    let uri = ok(sb.pin(PIN, &["export", "--uri"]));
    let uri = uri.trim_end();
    assert_eq!(uri.lines().count(), 1);
    assert!(uri.starts_with("otpauth://hotp/"), "{uri}");
    assert!(uri.contains("counter=9"), "{uri}");
    let want = oathtool(&["--hotp", "-c", "9", "-w", "1", RFC_SHA1_HEX]);
    let got = ok(sb.novault(&["calc", "--uri", uri, "--count", "2"]));
    assert_eq!(got.lines().collect::<Vec<_>>(), want);
    // Export needs the PIN.
    fails(sb.sp(&["export", "--uri"]), 2, &[]);
    fails(sb.pin("9753", &["export", "--uri"]), 3, &["9753"]);
    // Remove and re-import the exported URI: the codes continue.
    ok(sb.pin(PIN, &["remove", "ACME:alice", "--yes"]));
    sb.import_uri(uri, &[]);
    assert_eq!(ok(sb.pin(PIN, &["code"])), format!("{}\n", want[0]));
}

#[test]
fn export_then_import_keeps_the_name() {
    let sb = Sb::new();
    sb.import_uri(URI_HOTP, &[]);
    let uri = ok(sb.pin(PIN, &["export", "--uri"]));
    let other = Sb::new();
    let v = other.import_uri(uri.trim_end(), &[]);
    assert_eq!(v["imported"][0]["name"], "ACME:alice");
}

#[test]
fn export_totp_and_mobilepass_round_trip_through_calc() {
    let sb = Sb::new();
    let totp = "otpauth://totp/t?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&algorithm=SHA256&digits=8";
    sb.import_uri(totp, &[]);
    let uri = ok(sb.pin(PIN, &["export", "t", "--uri"]));
    let got = ok(sb.novault(&["calc", "--uri", uri.trim_end(), "--time", "59"]));
    assert_eq!(got, "46119246\n", "RFC 6238 SHA-256 at 59");
    // A MobilePASS token exports as an otpauth URI whose codes continue the vectors.
    let mut args = vec!["import", "--mobilepass", MP_CODE, "--name", "mp"];
    args.extend(KDF);
    ok(sb.pin(PIN, &args));
    ok(sb.pin(PIN, &["code", "mp", "--count", "2"]));
    let uri = ok(sb.pin(PIN, &["export", "mp", "--uri"]));
    let got = ok(sb.novault(&["calc", "--uri", uri.trim_end(), "--count", "2"]));
    assert_eq!(got, format!("{}\n{}\n", MP_EMPTY[2], MP_EMPTY[3]));
}

#[test]
fn missing_vault_lists_empty() {
    let sb = Sb::new();
    let o = code(sb.sp(&["list"]), 0);
    assert!(o.stderr.is_empty() || String::from_utf8_lossy(&o.stderr).starts_with("softpass"));
    assert_eq!(sb.list(), json!({"tokens":[]}));
    let mut c = sb.bare();
    c.args(["--vault", "no/such/dir/v.json", "--json", "list"]);
    assert_eq!(json(&ok(c)), json!({"tokens":[]}));
    fails(sb.pin(PIN, &["code"]), 7, &[PIN]);
}

#[test]
fn vault_folder_0700_file_0600_and_env_and_default_location() {
    let sb = Sb::new();
    sb.import_uri(URI_HOTP, &[]);
    assert_eq!(mode(&sb.vault()), 0o600);
    assert_eq!(mode(sb.vault().parent().unwrap()), 0o700);
    // SOFTPASS_VAULT is the same as --vault.
    let mut c = sb.bare();
    c.args(["--json", "list"]).env("SOFTPASS_VAULT", sb.vault());
    assert_eq!(json(&ok(c))["tokens"][0]["name"], "ACME:alice");
    // Default: softpass/ under the platform data directory (XDG_DATA_HOME here).
    let mut c = sb.bare();
    c.args(["import", "--uri", URI_HOTP])
        .args(KDF)
        .env("SOFTPASS_PIN", PIN);
    ok(c);
    let dir = sb.path("data/softpass");
    assert!(dir.is_dir(), "default vault folder {}", dir.display());
    assert_eq!(mode(&dir), 0o700);
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!files.is_empty());
    for f in files {
        assert_eq!(mode(&f), 0o600, "{}", f.display());
    }
    let mut c = sb.bare();
    c.args(["--json", "list"]);
    assert_eq!(json(&ok(c))["tokens"][0]["counter"], 7);
}

#[test]
fn completions_and_man_produce_output() {
    let sb = Sb::new();
    for shell in ["bash", "zsh", "fish"] {
        let s = ok(sb.novault(&["completions", shell]));
        assert!(s.contains("softpass"), "{shell}");
        for sub in ["import", "calc", "issue"] {
            assert!(s.contains(sub), "{shell} completions lack {sub}");
        }
    }
    let bash = ok(sb.novault(&["completions", "bash"]));
    assert!(bash.contains("--seed-file") && bash.contains("--pin-stdin"));
    let man = ok(sb.novault(&["man"]));
    assert!(man.contains(".TH"), "roff header");
    assert!(man.to_lowercase().contains("softpass"));
    let o = out(sb.novault(&["completions", "no-such-shell"]));
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn man_page_documents_the_whole_surface() {
    let sb = Sb::new();
    // roff escapes '-' as '\-'.
    let man = ok(sb.novault(&["man"])).replace("\\-", "-");
    for needle in [
        "--seed-file",
        "--activation-key",
        "--mobilepass",
        "--serial",
        "--replace",
        "--otp-pin",
        "--combined",
        "--copy",
        "--count",
        "--time",
        "--totp",
        "--period",
        "--out",
        "--app-pin",
        "--max-failed-attempts",
        "--kdf-memory-kib",
        "SOFTPASS_PIN",
        "SOFTPASS_NEW_PIN",
        "SOFTPASS_VAULT",
    ] {
        assert!(man.contains(needle), "man page lacks {needle}");
    }
}

#[test]
fn completions_and_man_survive_a_closed_stdout() {
    let sb = Sb::new();
    for args in [&["completions", "bash"][..], &["man"][..]] {
        let mut c = sb.novault(args);
        let (r, w) = std::io::pipe().expect("pipe");
        drop(r);
        c.stdout(w).stderr(Stdio::piped());
        let o = c.output().expect("run");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_ne!(o.status.code(), Some(101), "{args:?}");
    }
}

#[test]
fn tui_without_a_terminal_is_a_clean_error() {
    let sb = Sb::new();
    for args in [&[][..], &["tui"][..]] {
        let o = out(sb.sp(args));
        assert_ne!(o.status.code(), Some(0), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.starts_with("softpass: ") && err.lines().count() == 1,
            "{err}"
        );
    }
}

#[test]
fn a_serial_keeps_working_as_name_after_a_colliding_rename() {
    let sb = Sb::new();
    let v = sb.import_uri(URI_HOTP, &[]);
    let hotp_serial = v["imported"][0]["serial"].as_str().unwrap().to_owned();
    let mut args = vec![
        "--json",
        "import",
        "--mobilepass",
        MP_CODE,
        "--name",
        "work",
    ];
    args.extend(KDF);
    let mp = json(&ok(sb.pin(PIN, &args)));
    let mp_serial = mp["imported"][0]["serial"].as_str().unwrap().to_owned();
    // Either refused, or harmless: the serial must still name the MobilePASS token.
    let _ = out(sb.sp(&["rename", "ACME:alice", &mp_serial]));
    let c = json(&ok(sb.pin(PIN, &["--json", "code", &mp_serial])));
    assert_eq!(c["serial"], mp_serial.as_str(), "{c}");
    assert_eq!(c["code"], MP_EMPTY[0]);
    assert_ne!(c["serial"], hotp_serial.as_str());
}
