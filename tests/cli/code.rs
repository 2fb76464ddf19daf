//! `softpass code` and `list`: NAME rules, `--json` shapes, `--count`, `--combined`, `--time`
//! without a state change, wrong PINs counted and delayed, and the counter saved before the code
//! is shown.
use std::io::Read;
use std::process::Stdio;

use serde_json::{Value, json};

use crate::support::*;

const URI_HOTP: &str =
    "otpauth://hotp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&counter=0";
const URI_TOTP: &str = "otpauth://totp/ACME:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&digits=8&period=30";

#[test]
fn mobilepass_import_list_and_code_shapes() {
    let sb = Sandbox::new();
    let v = sb.import_mobilepass(MP_CODE, &["--name", "work"]);
    let serial = v["imported"][0]["serial"].as_str().unwrap().to_owned();
    assert_eq!(
        v,
        json!({"imported":[{"name":"work","serial":serial,"kind":"mobilepass"}]})
    );
    assert_eq!(
        sb.list(),
        json!({"tokens":[{"name":"work","serial":serial,"kind":"mobilepass","algorithm":"sha256",
            "digits":6,"counter":0,"period":null,"locked":false,"failed_attempts":0}]})
    );
    let c = json(&ok(sb.pin(PIN, &["--json", "code"])));
    assert_eq!(
        c,
        json!({"name":"work","serial":serial,"kind":"mobilepass","counter":0,"code":MP_EMPTY[0]})
    );
    // --count K: an array of the same objects, consecutive counters, one unlock.
    let arr = json(&ok(sb.pin(PIN, &["--json", "code", "--count", "3"])));
    let want: Vec<Value> = (1..=3)
        .map(|k| json!({"name":"work","serial":serial,"kind":"mobilepass","counter":k,"code":MP_EMPTY[k]}))
        .collect();
    assert_eq!(arr, Value::Array(want));
    assert_eq!(sb.token(0)["counter"], 4);
}

#[test]
fn json_count_1_is_still_an_array() {
    let sb = Sandbox::new();
    sb.import_mobilepass(MP_CODE, &[]);
    let one = json(&ok(sb.pin(PIN, &["--json", "code", "--count", "1"])));
    assert!(one.is_array(), "{one}");
    assert_eq!(one[0]["code"], MP_EMPTY[0]);
}

#[test]
fn plain_output_is_the_code_alone_and_never_repeats() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    for want in &RFC4226[..4] {
        assert_eq!(ok(sb.pin(PIN, &["code"])), format!("{want}\n"));
    }
    assert_eq!(
        ok(sb.pin(PIN, &["code", "--count", "3"])),
        one_a_line(&RFC4226[4..7])
    );
    assert_eq!(sb.token(0)["counter"], 7);
}

#[test]
fn name_rules_serial_works_one_token_may_omit_two_may_not() {
    let sb = Sandbox::new();
    let v = sb.import_uri(URI_HOTP, &[]);
    let serial = v["imported"][0]["serial"].as_str().unwrap().to_owned();
    assert_eq!(v["imported"][0]["name"], "ACME:alice");
    assert_eq!(v["imported"][0]["kind"], "hotp");
    ok(sb.sp(&["rename", "ACME:alice", "mine"]));
    let code = |args: &[&str]| ok(sb.pin(PIN, &[&["code"][..], args].concat()));
    assert_eq!(code(&[&serial]), format!("{}\n", RFC4226[0]));
    assert_eq!(code(&["mine"]), format!("{}\n", RFC4226[1]));
    assert_eq!(code(&[]), format!("{}\n", RFC4226[2]));
    sb.import_uri(URI_TOTP, &[]);
    fails(sb.pin(PIN, &["code"]), 2, &[PIN]);
    assert_eq!(code(&[&serial]), format!("{}\n", RFC4226[3]));
}

#[test]
fn totp_code_time_shape_and_no_state_change() {
    let sb = Sandbox::new();
    let v = sb.import_uri(URI_TOTP, &[]);
    let serial = v["imported"][0]["serial"].as_str().unwrap().to_owned();
    assert_eq!(v["imported"][0]["kind"], "totp");
    assert_eq!(
        sb.list(),
        json!({"tokens":[{"name":"ACME:bob","serial":serial,"kind":"totp","algorithm":"sha1",
            "digits":8,"counter":null,"period":30,"locked":false,"failed_attempts":0}]})
    );
    let before = sb.read_vault();
    let c = json(&ok(sb.pin(PIN, &["--json", "code", "--time", "1111111109"])));
    // RFC 6238 Appendix B; 1111111109 = 37037036 * 30 + 29: 1 s left.
    assert_eq!(
        c,
        json!({"name":"ACME:bob","serial":serial,"kind":"totp","counter":null,
            "code":"07081804","valid_for":1})
    );
    assert_eq!(ok(sb.pin(PIN, &["code", "--time", "59"])), "94287082\n");
    assert_eq!(
        ok(sb.pin(PIN, &["code", "ACME:bob", "--time", "59"])),
        "94287082\n"
    );
    let arr = json(&ok(
        sb.pin(PIN, &["--json", "code", "--time", "59", "--count", "2"])
    ));
    assert_eq!(arr[0]["code"], "94287082");
    let want = oathtool(&["--totp", "-d", "8", "--now", "@89", SEED20_HEX]);
    assert_eq!(arr[1]["code"], want[0].as_str());
    assert_eq!(
        sb.read_vault(),
        before,
        "code --time must not change the vault"
    );
    // Without --time: the current step, valid_for within 1..=30.
    let now = json(&ok(sb.pin(PIN, &["--json", "code"])));
    let vf = now["valid_for"].as_u64().expect("valid_for number");
    assert!((1..=30).contains(&vf), "{now}");
    assert_eq!(now["code"].as_str().unwrap().len(), 8);
}

#[test]
fn combined_output() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    // No OTP PIN stored and none given: 5, and no counter spent.
    fails(sb.pin(PIN, &["code", "--combined"]), 5, &[PIN]);
    fails(sb.pin(PIN, &["--json", "code", "--combined"]), 5, &[PIN]);
    assert_eq!(sb.token(0)["counter"], 0);
    assert_eq!(
        ok(sb.pin(PIN, &["code", "--combined", "--otp-pin", "4711"])),
        format!("4711{}\n", RFC4226[0])
    );
    // Stored OTP PIN.
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &["--otp-pin", "0815"]);
    assert_eq!(
        ok(sb.pin(PIN, &["code", "--combined"])),
        format!("0815{}\n", RFC4226[0])
    );
    let c = json(&ok(sb.pin(PIN, &["--json", "code", "--combined"])));
    assert_eq!(c["code"], RFC4226[1]);
    assert_eq!(c["combined"], format!("0815{}", RFC4226[1]));
    assert_eq!(c["counter"], 1);
    assert!(c.get("valid_for").is_none(), "valid_for is TOTP only: {c}");
    // Without --combined there is no "combined" field and the output is the code alone.
    let c = json(&ok(sb.pin(PIN, &["--json", "code"])));
    assert!(c.get("combined").is_none(), "{c}");
    assert_eq!(ok(sb.pin(PIN, &["code"])), format!("{}\n", RFC4226[3]));
    // --otp-pin overrides the stored one for this call, in both forms.
    assert_eq!(
        ok(sb.pin(PIN, &["code", "--combined", "--otp-pin", "99"])),
        format!("99{}\n", RFC4226[4])
    );
    let c = json(&ok(
        sb.pin(PIN, &["code", "--combined", "--otp-pin", "7", "--json"])
    ));
    assert_eq!(c["combined"], format!("7{}", RFC4226[5]));
    assert_eq!(c["code"], RFC4226[5]);
    let arr = json(&ok(
        sb.pin(PIN, &["--json", "code", "--combined", "--count", "2"])
    ));
    assert_eq!(arr[1]["combined"], format!("0815{}", RFC4226[7]));
}

#[test]
fn counter_is_saved_even_if_the_code_cannot_be_shown() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    let mut c = sb.pin(PIN, &["code"]);
    let (mut r, w) = std::io::pipe().expect("pipe");
    c.stdout(w).stderr(Stdio::null());
    let status = c.status().expect("run");
    // The Command holds the parent's copy of the write end: drop it to see EOF.
    drop(c);
    let mut shown = String::new();
    r.read_to_string(&mut shown).unwrap();
    assert!(status.success());
    assert_eq!(shown, format!("{}\n", RFC4226[0]));
    // Reader gone before the code is written: whatever the exit, the counter was spent.
    let mut c = sb.pin(PIN, &["code"]);
    let (r, w) = std::io::pipe().expect("pipe");
    drop(r);
    c.stdout(w).stderr(Stdio::null());
    let _ = c.status().expect("run");
    assert_eq!(sb.token(0)["counter"], 2);
    assert_eq!(ok(sb.pin(PIN, &["code"])), format!("{}\n", RFC4226[2]));
}

#[test]
fn wrong_pins_are_counted_then_delayed_list_shows_it_and_a_good_pin_resets() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    // No PIN anywhere and no terminal: list still works, in both forms.
    let text = ok(sb.sp(&["list"]));
    assert!(text.contains("ACME:alice"), "{text}");
    let err = fails(sb.pin("0000", &["code"]), 3, &["0000"]);
    assert!(err.contains("wrong application PIN"), "{err}");
    let t = sb.token(0);
    assert_eq!(t["failed_attempts"], 1);
    assert_eq!(t["locked"], false);
    // A right PIN resets the failure count.
    assert_eq!(ok(sb.pin(PIN, &["code"])), format!("{}\n", RFC4226[0]));
    assert_eq!(sb.token(0)["failed_attempts"], 0);
    // Without a lock-out policy: after three failures the next try must wait (exit 4).
    for _ in 0..3 {
        fails(sb.pin("0000", &["code"]), 3, &["0000"]);
    }
    let err = fails(sb.pin(PIN, &["code"]), 4, &[PIN]);
    assert!(err.contains("try again in"), "{err}");
    let t = sb.token(0);
    assert_eq!(t["failed_attempts"], 3);
    assert_eq!(t["locked"], false);
    assert_eq!(t["counter"], 1);
}

#[test]
fn global_options_work_after_the_subcommand() {
    let sb = Sandbox::new();
    sb.import_uri(URI_HOTP, &[]);
    let v = sb.vault();
    let vault = v.to_str().unwrap();
    let list = json(&ok(sb.novault(&["list", "--vault", vault, "--json"])));
    assert_eq!(list["tokens"][0]["name"], "ACME:alice");
    let c = sb.novault(&["code", "--json", "--vault", vault, "--pin-stdin"]);
    assert_eq!(json(&ok_with_stdin(c, "1234\n"))["code"], RFC4226[0]);
}
