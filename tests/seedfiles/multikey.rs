//! One device with several keys (RFC 6030 Figure 10: two keys under SerialNo 9999999; python-pskc
//! writes the same): each key is a token of its own, `SERIAL:KEYID`, and no key replaces another.
use crate::support::*;
use crate::vault_support::{Sandbox, fails, run};

fn figure10() -> String {
    testdata("pskc/rfc6030/figure10.xml")
        .to_str()
        .unwrap()
        .to_owned()
}

#[test]
fn figure10_gives_four_tokens_and_warns_about_expired_keys() {
    let sb = Sandbox::new();
    let out = import(&sb, &figure10(), "2468", &[]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(serials(&sb), ["654321", "123456", "9999999:3", "9999999:4"]);
    // RFC 4226 Appendix D, counter 0, 8 digits (Figure 10's ResponseFormat).
    for s in serials(&sb) {
        assert_eq!(codes(&sb, "2468", &s, 1), ["84755224"], "{s}");
    }
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 4, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "softpass: warning: {}: KeyContainer/KeyPackage[3]/Key: the key expired on \
             2006-03-31T00:00:00Z (ExpiryDate); imported all the same",
            figure10()
        )),
        "{stderr}"
    );
}

#[test]
fn serial_and_key_id_pick_and_replace_never_swaps_keys() {
    let sb = Sandbox::new();
    run(
        import(&sb, &figure10(), "2468", &["--serial", "9999999:4"]),
        0,
    );
    assert_eq!(serials(&sb), ["9999999:4"]);
    // The device serial picks every key of the device: 9999999:4 exists already (exit 5).
    fails(
        import(&sb, &figure10(), "2468", &["--serial", "9999999"]),
        5,
    );
    run(
        import(&sb, &figure10(), "2468", &["--serial", "9999999:3"]),
        0,
    );
    assert_eq!(codes(&sb, "2468", "9999999:4", 2), ["84755224", "94287082"]);
    // Re-activating the device replaces each key by itself: 9999999:4 keeps its counter (2).
    run(
        import(
            &sb,
            &figure10(),
            "2468",
            &["--serial", "9999999", "--replace"],
        ),
        0,
    );
    assert_eq!(serials(&sb), ["9999999:4", "9999999:3"]);
    let list = sb.list();
    assert_eq!(list["tokens"][0]["counter"], 2);
    assert_eq!(list["tokens"][1]["counter"], 0);
    fails(
        import(&sb, &figure10(), "2468", &["--serial", "9999999:5"]),
        7,
    );
}

#[test]
fn keys_of_one_device_need_distinct_ids() {
    let sb = Sandbox::new();
    let xml = read("pskc/rfc6030/figure10.xml").replace("Id=\"4\"", "Id=\"3\"");
    let f = sb.dir.path().join("same-id.xml");
    std::fs::write(&f, xml).unwrap();
    let err = fails(import(&sb, f.to_str().unwrap(), "2468", &[]), 5);
    assert!(
        err.contains("KeyContainer/KeyPackage[4]/Key: serial 9999999 has two keys with Id 3"),
        "{err}"
    );
    let xml = read("pskc/rfc6030/figure10.xml").replace("Id=\"4\"", "");
    std::fs::write(&f, xml).unwrap();
    let err = fails(import(&sb, f.to_str().unwrap(), "2468", &[]), 5);
    assert!(
        err.contains("KeyPackage[4]/Key: serial 9999999 has several keys"),
        "{err}"
    );
    assert!(!sb.vault().exists() || serials(&sb).is_empty());
}

#[test]
fn python_pskc_devices_with_two_keys() {
    let sb = Sandbox::new();
    let key = ["--activation-key", "YZQHoczZWw3cBCNo"];
    for f in ["multikey-one-package.pskc", "multikey-same-serial.pskc"] {
        let path = testdata(&format!("pskc/python-pskc-multikey/{f}"));
        run(import(&sb, path.to_str().unwrap(), "2468", &key), 0);
    }
    assert_eq!(
        serials(&sb),
        [
            "MULTI0001:MULTI0001-hotp",
            "MULTI0001:MULTI0001-totp",
            "MULTI0002:MULTI0002-hotp",
            "MULTI0002:MULTI0002-totp"
        ]
    );
    // oathtool -c 42 3132…3930; RFC 6238 Appendix B (SHA-256, 8 digits, t=59).
    assert_eq!(
        codes(&sb, "2468", "MULTI0002:MULTI0002-hotp", 1),
        ["435478"]
    );
    assert_eq!(
        codes_at(&sb, "2468", "MULTI0001:MULTI0001-totp", &[59]),
        ["46119246"]
    );
}
