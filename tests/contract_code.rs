//! Contract acceptance: `softpass code` (NAME rules, `--json` shapes, `--count`, `--combined`,
//! `--time` without state change, the counter saved before the code is shown) and `list --json`.
mod contract_support;

use std::io::Read;
use std::process::Stdio;

use contract_support::*;
use serde_json::{Value, json};

const URI_HOTP: &str =
    "otpauth://hotp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&counter=0";
const URI_TOTP: &str = "otpauth://totp/ACME:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&digits=8&period=30";

fn import_mp(sb: &Sb, extra: &[&str]) -> Value {
    let mut args = vec!["--json", "import", "--mobilepass", MP_CODE];
    args.extend(KDF);
    args.extend(extra);
    json(&ok(sb.pin(PIN, &args)))
}

#[test]
fn mobilepass_import_list_and_code_shapes() {
    let sb = Sb::new();
    let v = import_mp(&sb, &["--name", "work"]);
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
    assert_eq!(sb.list()["tokens"][0]["counter"], 4);
}

#[test]
fn json_count_1_is_still_an_array() {
    let sb = Sb::new();
    import_mp(&sb, &[]);
    let one = json(&ok(sb.pin(PIN, &["--json", "code", "--count", "1"])));
    assert!(one.is_array(), "{one}");
    assert_eq!(one[0]["code"], MP_EMPTY[0]);
}

#[test]
fn mobilepass_import_policy_counter_digits() {
    let sb = Sb::new();
    import_mp(&sb, &["--policy", "18888710", "--counter", "10"]);
    assert_eq!(ok(sb.pin(PIN, &["code"])), "194672\n");
    // 8 digits: the same HOTP value mod 10^8 (computed with Python from the algorithm text).
    let sb = Sb::new();
    import_mp(
        &sb,
        &["--policy", "18888710", "--counter", "10", "--digits", "8"],
    );
    let t = &sb.list()["tokens"][0];
    assert_eq!(t["digits"], 8);
    assert_eq!(t["counter"], 10);
    assert_eq!(ok(sb.pin(PIN, &["code"])), "60194672\n");
}

#[test]
fn plain_output_is_the_code_alone_and_never_repeats() {
    let sb = Sb::new();
    sb.import_uri(URI_HOTP, &[]);
    for want in &RFC4226[..4] {
        assert_eq!(ok(sb.pin(PIN, &["code"])), format!("{want}\n"));
    }
    assert_eq!(
        ok(sb.pin(PIN, &["code", "--count", "3"])),
        format!("{}\n{}\n{}\n", RFC4226[4], RFC4226[5], RFC4226[6])
    );
    assert_eq!(sb.list()["tokens"][0]["counter"], 7);
}

#[test]
fn name_rules_serial_works_one_token_may_omit_two_may_not() {
    let sb = Sb::new();
    let v = sb.import_uri(URI_HOTP, &[]);
    let serial = v["imported"][0]["serial"].as_str().unwrap().to_owned();
    assert_eq!(v["imported"][0]["name"], "ACME:alice");
    assert_eq!(v["imported"][0]["kind"], "hotp");
    ok(sb.sp(&["rename", "ACME:alice", "mine"]));
    assert_eq!(
        ok(sb.pin(PIN, &["code", &serial])),
        format!("{}\n", RFC4226[0])
    );
    assert_eq!(
        ok(sb.pin(PIN, &["code", "mine"])),
        format!("{}\n", RFC4226[1])
    );
    assert_eq!(ok(sb.pin(PIN, &["code"])), format!("{}\n", RFC4226[2]));
    sb.import_uri(URI_TOTP, &[]);
    fails(sb.pin(PIN, &["code"]), 2, &[PIN]);
    assert_eq!(
        ok(sb.pin(PIN, &["code", &serial])),
        format!("{}\n", RFC4226[3])
    );
}

#[test]
fn totp_code_time_shape_and_no_state_change() {
    let sb = Sb::new();
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
    let arr = json(&ok(
        sb.pin(PIN, &["--json", "code", "--time", "59", "--count", "2"])
    ));
    assert_eq!(arr[0]["code"], "94287082");
    let want = oathtool(&["--totp", "-d", "8", "--now", "@89", RFC_SHA1_HEX]);
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
    let sb = Sb::new();
    sb.import_uri(URI_HOTP, &[]);
    // No OTP PIN stored and none given: 5, and no counter spent.
    fails(sb.pin(PIN, &["code", "--combined"]), 5, &[PIN]);
    fails_json(sb.pin(PIN, &["--json", "code", "--combined"]), 5, &[PIN]);
    assert_eq!(sb.list()["tokens"][0]["counter"], 0);
    assert_eq!(
        ok(sb.pin(PIN, &["code", "--combined", "--otp-pin", "4711"])),
        format!("4711{}\n", RFC4226[0])
    );
    // Stored OTP PIN.
    let sb = Sb::new();
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
    // --otp-pin overrides the stored one for this call.
    assert_eq!(
        ok(sb.pin(PIN, &["code", "--combined", "--otp-pin", "99"])),
        format!("99{}\n", RFC4226[4])
    );
    let arr = json(&ok(
        sb.pin(PIN, &["--json", "code", "--combined", "--count", "2"])
    ));
    assert_eq!(arr[1]["combined"], format!("0815{}", RFC4226[6]));
}

#[test]
fn counter_is_saved_even_if_the_code_cannot_be_shown() {
    let sb = Sb::new();
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
    assert_eq!(sb.list()["tokens"][0]["counter"], 2);
    assert_eq!(ok(sb.pin(PIN, &["code"])), format!("{}\n", RFC4226[2]));
}

#[test]
fn list_needs_no_pin_and_shows_lock_state() {
    let sb = Sb::new();
    sb.import_uri(URI_HOTP, &[]);
    // No PIN anywhere and no terminal: list still works, in both forms.
    let text = ok(sb.sp(&["list"]));
    assert!(text.contains("ACME:alice"), "{text}");
    fails(sb.pin("9753", &["code"]), 3, &["9753"]);
    let t = &sb.list()["tokens"][0];
    assert_eq!(t["failed_attempts"], 1);
    assert_eq!(t["locked"], false);
    // A right PIN resets the failure count.
    ok(sb.pin(PIN, &["code"]));
    assert_eq!(sb.list()["tokens"][0]["failed_attempts"], 0);
}

#[test]
fn global_options_work_after_the_subcommand() {
    let sb = Sb::new();
    sb.import_uri(URI_HOTP, &[]);
    let v = sb.vault();
    let vault = v.to_str().unwrap();
    let list = json(&ok(sb.novault(&["list", "--vault", vault, "--json"])));
    assert_eq!(list["tokens"][0]["name"], "ACME:alice");
    let mut c = sb.novault(&["code", "--json", "--vault", vault, "--pin-stdin"]);
    c.stdin(Stdio::piped()).stdout(Stdio::piped());
    let mut child = c.spawn().unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), b"1234\n").unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        json(&String::from_utf8_lossy(&o.stdout))["code"],
        RFC4226[0]
    );
}

#[test]
fn parallel_codes_are_all_different() {
    let sb = Sb::new();
    sb.import_uri(URI_HOTP, &[]);
    let children: Vec<_> = (0..8)
        .map(|_| {
            let mut c = sb.pin(PIN, &["code"]);
            c.stdout(Stdio::piped()).stderr(Stdio::piped());
            c.spawn().expect("spawn")
        })
        .collect();
    let mut got: Vec<String> = children
        .into_iter()
        .map(|ch| {
            let o = ch.wait_with_output().unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            String::from_utf8(o.stdout).unwrap().trim().to_owned()
        })
        .collect();
    got.sort();
    let mut want: Vec<String> = RFC4226[..8].iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(got, want, "each counter 0..8 used exactly once");
    assert_eq!(sb.list()["tokens"][0]["counter"], 8);
}
