//! `rename`, `remove` and `export --uri`: no PIN for a rename, PIN and `--yes` for a removal,
//! exported URIs that continue the codes through `calc` and a new import.
use serde_json::json;

use crate::support::*;

const URI_HOTP: &str =
    "otpauth://hotp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&counter=7";

#[test]
fn rename_needs_no_pin_and_keeps_the_token() {
    let sb = Sandbox::new();
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
    // The old name is gone: renaming it again is "no such token".
    fails(sb.sp(&["rename", "ACME:alice", "again"]), 7, &[]);
    // Renaming by serial works too.
    ok(sb.sp(&["rename", &serial, "home"]));
    assert_eq!(sb.list()["tokens"][0]["name"], "home");
}

#[test]
fn rename_onto_an_existing_name_is_refused() {
    let sb = Sandbox::new();
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
    let sb = Sandbox::new();
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
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    // Spend counters 7 and 8: the export carries the next one, 9.
    ok(sb.pin(PIN, &["code", "--count", "2"]));
    let uri = ok(sb.pin(PIN, &["export", "--uri"]));
    let uri = uri.trim_end();
    assert_eq!(uri.lines().count(), 1);
    assert!(uri.starts_with("otpauth://hotp/"), "{uri}");
    assert!(uri.contains("counter=9"), "{uri}");
    assert!(uri.contains(&format!("secret={SEED20_B32}")), "{uri}");
    // The same URI as a JSON field.
    let v = json(&ok(
        sb.pin(PIN, &["--json", "export", "ACME:alice", "--uri"])
    ));
    assert_eq!(v["uri"].as_str().unwrap().trim(), uri);
    let want = oathtool(&["--hotp", "-c", "9", "-w", "1", SEED20_HEX]);
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
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    let uri = ok(sb.pin(PIN, &["export", "--uri"]));
    let other = Sandbox::new();
    let v = other.import_uri(uri.trim_end(), &[]);
    assert_eq!(v["imported"][0]["name"], "ACME:alice");
}

#[test]
fn export_totp_and_mobilepass_round_trip_through_calc() {
    let sb = Sandbox::new();
    let totp = format!("otpauth://totp/t?secret={SEED32_B32}&algorithm=SHA256&digits=8");
    sb.import_uri(&totp, &[]);
    let uri = ok(sb.pin(PIN, &["export", "t", "--uri"]));
    let got = ok(sb.novault(&["calc", "--uri", uri.trim_end(), "--time", "59"]));
    assert_eq!(got, "46119246\n", "RFC 6238 SHA-256 at 59");
    // A MobilePASS token exports as an otpauth URI whose codes continue the vectors.
    sb.import_mobilepass(MP_CODE, &["--name", "mp"]);
    ok(sb.pin(PIN, &["code", "mp", "--count", "2"]));
    let uri = ok(sb.pin(PIN, &["export", "mp", "--uri"]));
    let got = ok(sb.novault(&["calc", "--uri", uri.trim_end(), "--count", "2"]));
    assert_eq!(got, one_a_line(&MP_EMPTY[2..4]));
}

#[test]
fn a_serial_keeps_working_as_name_after_a_colliding_rename() {
    let sb = Sandbox::new();
    let v = sb.import_uri(URI_HOTP, &[]);
    let hotp_serial = v["imported"][0]["serial"].as_str().unwrap().to_owned();
    let mp = sb.import_mobilepass(MP_CODE, &["--name", "work"]);
    let mp_serial = mp["imported"][0]["serial"].as_str().unwrap().to_owned();
    // Either refused, or harmless: the serial must still name the MobilePASS token.
    let _ = out(sb.sp(&["rename", "ACME:alice", &mp_serial]));
    let c = json(&ok(sb.pin(PIN, &["--json", "code", &mp_serial])));
    assert_eq!(c["serial"], mp_serial.as_str(), "{c}");
    assert_eq!(c["code"], MP_EMPTY[0]);
    assert_ne!(c["serial"], hotp_serial.as_str());
}
