//! `import --uri` and `import --mobilepass`: names, serials, kinds, codes against RFC 4226 and
//! the published MobilePASS vectors, PIN and name refusals, and `--replace` never rewinding a
//! counter.
use serde_json::json;

use crate::support::*;

#[test]
fn hotp_uri_import_list_and_code_follow_rfc4226() {
    let sb = Sandbox::new();
    let uri = format!("otpauth://hotp/ACME:alice?secret={SEED20_B32}&issuer=ACME&counter=0");
    let v = sb.import_uri(&uri, &[]);
    let serial = v["imported"][0]["serial"].as_str().unwrap().to_owned();
    assert_eq!(serial, uri_serial("hotp", SEED20));
    assert_eq!(v["imported"][0]["name"], "ACME:alice");
    assert_eq!(v["imported"][0]["kind"], "hotp");
    // NAME may be omitted with one token.
    for expected in &RFC4226[..3] {
        assert_eq!(ok(sb.pin(PIN, &["code"])), format!("{expected}\n"));
    }
    assert_eq!(
        sb.list(),
        json!({"tokens":[{"name":"ACME:alice","serial":serial,"kind":"hotp","algorithm":"sha1",
            "digits":6,"counter":3,"period":null,"locked":false,"failed_attempts":0}]})
    );
    // A serial works as NAME; --count gives an array with consecutive counters.
    let arr = json(&ok(
        sb.pin(PIN, &["code", &serial, "--count", "3", "--json"])
    ));
    for (k, item) in arr.as_array().unwrap().iter().enumerate() {
        assert_eq!(
            item,
            &json!({"name":"ACME:alice","serial":serial,"kind":"hotp","counter":3 + k,
                "code":RFC4226[3 + k]})
        );
    }
    let one = json(&ok(sb.pin(PIN, &["code", "ACME:alice", "--json"])));
    assert_eq!(one["counter"], 6);
    assert_eq!(one["code"], RFC4226[6]);
    assert_eq!(mode(&sb.vault()), 0o600);
    assert_eq!(mode(sb.vault().parent().unwrap()), 0o700);
}

#[test]
fn mobilepass_import_codes_serial_and_export() {
    let sb = Sandbox::new();
    let v = sb.import_mobilepass(MP_CODE, &[]);
    // docs/vault-format.md §4: first 8 bytes of SHA-256(entropy || policy), upper-case hex;
    // the entropy is the published one for this code.
    let serial = mobilepass_serial(MP_ENTROPY_HEX, "");
    assert_eq!(v["imported"][0]["serial"], serial.as_str());
    assert_eq!(v["imported"][0]["name"], serial.as_str());
    assert_eq!(v["imported"][0]["kind"], "mobilepass");
    assert_eq!(ok(sb.pin(PIN, &["code"])), "374844\n");
    // With the policy string and a starting counter of 10 (published vector 194672).
    sb.import_mobilepass(MP_CODE, &words("--policy 18888710 --counter 10 --name mp2"));
    assert_eq!(ok(sb.pin(PIN, &["code", "mp2"])), "194672\n");
    let t = sb.token(1);
    assert_eq!(t["algorithm"], "sha256");
    assert_eq!(t["counter"], 11);
    // Non-legacy code (published vector 641533 at counter 0).
    let v1 = format!("--policy {MP_V1_POLICY} --name mp3");
    sb.import_mobilepass(MP_V1_CODE, &words(&v1));
    assert_eq!(ok(sb.pin(PIN, &["code", "mp3"])), "641533\n");
    // Exported as an otpauth hotp URI with SHA256 and the next counter.
    let uri = ok(sb.pin(PIN, &["export", "mp2", "--uri"]));
    assert!(uri.starts_with("otpauth://hotp/"), "{uri}");
    assert!(
        uri.contains("algorithm=SHA256") && uri.contains("counter=11"),
        "{uri}"
    );
    // 8 digits: the same HOTP value mod 10^8 (computed with Python from the algorithm text).
    let sb = Sandbox::new();
    sb.import_mobilepass(MP_CODE, &words("--policy 18888710 --counter 10 --digits 8"));
    let t = sb.token(0);
    assert_eq!(t["digits"], 8);
    assert_eq!(t["counter"], 10);
    assert_eq!(ok(sb.pin(PIN, &["code"])), "60194672\n");
}

#[test]
fn mobilepass_and_uri_codes_match_calc() {
    let sb = Sandbox::new();
    sb.import_mobilepass(MP_CODE, &["--policy", MP_POLICY, "--name", "mp"]);
    let expected = calc(&words(&format!(
        "--mobilepass {MP_CODE} --policy {MP_POLICY} --counter 0 --count 25"
    )));
    assert_eq!(ok(sb.pin(PIN, &["code", "mp", "--count", "25"])), expected);
    let uri = "otpauth://hotp/u?secret=JBSWY3DPEHPK3PXP&algorithm=SHA512&digits=8&counter=40";
    sb.import_uri(uri, &["--name", "u"]);
    let expected = calc(&["--uri", uri, "--count", "10"]);
    assert_eq!(ok(sb.pin(PIN, &["code", "u", "--count", "10"])), expected);
}

#[test]
fn missing_pin_policy_and_name_conflicts() {
    let sb = Sandbox::new();
    let uri = format!("otpauth://hotp/x?secret={SEED20_B32}&counter=0");
    let import = |pin: &str, extra: &[&str]| {
        let mut args = vec!["import", "--uri", &uri];
        args.extend_from_slice(&KDF);
        args.extend_from_slice(extra);
        sb.pin(pin, &args)
    };
    // No PIN and no terminal: exit 2, and nothing was written.
    fails(sb.sp(&["import", "--uri", &uri]), 2, &[SEED20_B32]);
    assert!(!sb.vault().exists());
    // A PIN shorter than the default policy allows: exit 5.
    fails(import("12", &[]), 5, &[SEED20_B32]);
    sb.import_uri(&uri, &["--name", "x"]);
    fails(sb.sp(&["code"]), 2, &[]);
    // Same serial again: exit 5 unless --replace.
    fails(import(PIN, &["--name", "other"]), 5, &[SEED20_B32]);
    // Another token under an existing name: exit 5.
    let uri2 = "otpauth://hotp/y?secret=JBSWY3DPEHPK3PXP&counter=0";
    fails(
        sb.pin(PIN, &["import", "--uri", uri2, "--name", "x"]),
        5,
        &[],
    );
    fails(sb.pin(PIN, &["code", "nope"]), 7, &[PIN]);
    sb.import_uri(uri2, &["--name", "y"]);
    // Two tokens: NAME is required.
    fails(sb.pin(PIN, &["code"]), 2, &[PIN]);
    // SOFTPASS_NEW_PIN wins over SOFTPASS_PIN for a source without a PIN; --pin-stdin works.
    let uri3 = "otpauth://totp/z?secret=JBSWY3DPEHPK3PXQ";
    let mut c = sb.pin(PIN, &[&["import", "--uri", uri3][..], &KDF].concat());
    c.env("SOFTPASS_NEW_PIN", "97531");
    ok(c);
    fails(sb.pin(PIN, &["code", "z"]), 3, &[PIN]);
    let out = ok_with_stdin(sb.sp(&["--pin-stdin", "code", "z"]), "97531\nignored\n");
    assert_eq!(out.len(), 7);
}

#[test]
fn replace_of_a_mobilepass_token_never_rewinds_the_counter() {
    let sb = Sandbox::new();
    sb.import_mobilepass(MP_CODE, &[]);
    assert_eq!(
        ok(sb.pin(PIN, &["code", "--count", "3"])),
        one_a_line(&MP_EMPTY[..3])
    );
    // Re-activation with the same code (counter 0 by default) continues at 3.
    sb.import_mobilepass(MP_CODE, &["--replace"]);
    assert_eq!(sb.count(), 1);
    assert_eq!(ok(sb.pin(PIN, &["code"])), format!("{}\n", MP_EMPTY[3]));
    // A higher counter given on re-activation is honoured.
    sb.import_mobilepass(MP_CODE, &["--replace", "--counter", "10"]);
    assert_eq!(ok(sb.pin(PIN, &["code"])), format!("{}\n", MP_EMPTY[10]));
}

#[test]
fn replace_of_a_uri_token_never_rewinds_the_counter() {
    let sb = Sandbox::new();
    let uri = format!("otpauth://hotp/x?secret={SEED20_B32}&counter=2");
    sb.import_uri(&uri, &[]);
    ok(sb.pin(PIN, &["code", "--count", "4"]));
    // The URI says 2; counters 2..5 were used.
    sb.import_uri(&uri, &["--replace"]);
    assert_eq!(sb.token(0)["counter"], 6);
    assert_eq!(ok(sb.pin(PIN, &["code"])), format!("{}\n", RFC4226[6]));
}

#[test]
fn one_secret_with_two_algorithms_is_two_tokens() {
    let sb = Sandbox::new();
    let sha1 = format!("otpauth://hotp/one?secret={SEED20_B32}&counter=0");
    let sha256 = format!("otpauth://hotp/two?secret={SEED20_B32}&counter=0&algorithm=SHA256");
    sb.import_uri(&sha1, &[]);
    sb.import_uri(&sha256, &[]);
    // docs/vault-format.md §4, computed here from the spec: the first keeps the plain serial, the
    // second (same secret, other parameters) takes the one with its parameters.
    let secret = hex::decode(SEED20_HEX).unwrap();
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update(b"otpauth\0hotp\0sha256\x006\x0030\0");
    h.update(&secret);
    let variant = hex::encode_upper(&h.finalize()[..8]);
    let list = sb.list();
    let serials: Vec<&str> = (0..2)
        .map(|i| list["tokens"][i]["serial"].as_str().unwrap())
        .collect();
    assert_eq!(
        serials,
        [uri_serial("hotp", &secret).as_str(), variant.as_str()]
    );
    // Codes from oathtool for each algorithm (counter 0).
    let want1 = oathtool(&["--hotp", SEED20_HEX])[0].clone();
    // oathtool has SHA-256 for TOTP only: a 1 s step at time 0 is counter 0.
    let want256 = oathtool(&["--totp=sha256", "-s", "1s", "-N", "@0", SEED20_HEX])[0].clone();
    assert_eq!(sb.etokens(PIN, "one", 1), [want1]);
    assert_eq!(sb.etokens(PIN, "two", 1), [want256]);
    // Importing the second again is recognised as the same token.
    let again = format!("otpauth://hotp/three?secret={SEED20_B32}&counter=0&algorithm=SHA256");
    let mut args = vec!["import", "--uri", again.as_str()];
    args.extend(KDF);
    let err = fails(sb.pin(PIN, &args), 5, &[]);
    assert!(err.contains(&variant) && err.contains("'two'"), "{err}");
}
