//! One device with several keys (RFC 6030 Figure 10: two keys under SerialNo 9999999; python-pskc
//! writes the same): each key is a token of its own, `SERIAL:KEYID`, and no key replaces another.
use std::path::PathBuf;

use crate::support::*;

fn figure10() -> PathBuf {
    fixture("pskc/rfc6030/figure10.xml")
}

#[test]
fn figure10_gives_four_tokens_and_warns_about_expired_keys() {
    let sb = Sandbox::new();
    let o = code(sb.import_file(figure10(), "2468", &[]), 0);
    assert_eq!(sb.serials(), ["654321", "123456", "9999999:3", "9999999:4"]);
    // RFC 4226 Appendix D, counter 0, 8 digits (Figure 10's ResponseFormat).
    for s in sb.serials() {
        assert_eq!(sb.etokens("2468", &s, 1), ["84755224"], "{s}");
    }
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 4, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "softpass: warning: {}: KeyContainer/KeyPackage[3]/Key: the key expired on \
             2006-03-31T00:00:00Z (ExpiryDate); imported all the same",
            figure10().display()
        )),
        "{stderr}"
    );
}

#[test]
fn serial_and_key_id_pick_and_replace_never_swaps_keys() {
    let sb = Sandbox::new();
    let import = |extra: &[&str]| sb.import_file(figure10(), "2468", extra);
    ok(import(&["--serial", "9999999:4"]));
    assert_eq!(sb.serials(), ["9999999:4"]);
    // The device serial picks every key of the device: 9999999:4 exists already (exit 5).
    fails(import(&["--serial", "9999999"]), 5, &[]);
    ok(import(&["--serial", "9999999:3"]));
    assert_eq!(sb.etokens("2468", "9999999:4", 2), ["84755224", "94287082"]);
    // Re-activating the device replaces each key by itself: 9999999:4 keeps its counter (2).
    ok(import(&["--serial", "9999999", "--replace"]));
    assert_eq!(sb.serials(), ["9999999:4", "9999999:3"]);
    assert_eq!(sb.token(0)["counter"], 2);
    assert_eq!(sb.token(1)["counter"], 0);
    fails(import(&["--serial", "9999999:5"]), 7, &[]);
}

#[test]
fn keys_of_one_device_need_distinct_ids() {
    let sb = Sandbox::new();
    let f = sb.path("same-id.xml");
    let fig = fixture_text("pskc/rfc6030/figure10.xml");
    std::fs::write(&f, fig.replace("Id=\"4\"", "Id=\"3\"")).unwrap();
    let err = fails(sb.import_file(&f, "2468", &[]), 5, &[]);
    assert!(
        err.contains("KeyContainer/KeyPackage[4]/Key: serial 9999999 has two keys with Id 3"),
        "{err}"
    );
    std::fs::write(&f, fig.replace("Id=\"4\"", "")).unwrap();
    let err = fails(sb.import_file(&f, "2468", &[]), 5, &[]);
    assert!(
        err.contains("KeyPackage[4]/Key: serial 9999999 has several keys"),
        "{err}"
    );
    assert_eq!(sb.count(), 0);
}

#[test]
fn python_pskc_devices_with_two_keys() {
    let sb = Sandbox::new();
    for f in ["multikey-one-package.pskc", "multikey-same-serial.pskc"] {
        let path = fixture(&format!("pskc/python-pskc-multikey/{f}"));
        ok(sb.import_seed(&path, DEMO_KEY, "2468", &[]));
    }
    assert_eq!(
        sb.serials(),
        [
            "MULTI0001:MULTI0001-hotp",
            "MULTI0001:MULTI0001-totp",
            "MULTI0002:MULTI0002-hotp",
            "MULTI0002:MULTI0002-totp"
        ]
    );
    // oathtool -c 42 3132…3930; RFC 6238 Appendix B (SHA-256, 8 digits, t=59).
    assert_eq!(
        sb.etokens("2468", "MULTI0002:MULTI0002-hotp", 1),
        ["435478"]
    );
    assert_eq!(
        sb.etokens_at("2468", "MULTI0001:MULTI0001-totp", &[59]),
        ["46119246"]
    );
}
