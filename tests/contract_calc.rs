//! Contract acceptance: `softpass calc` (all input forms, `--counter`/`--time` with `--count`,
//! streaming into a closed pipe) against RFC 4226/6238 and the published MobilePASS vectors.
mod contract_support;

use std::io::Read;
use std::process::Stdio;

use contract_support::*;

const SHA256_B32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";
const SHA512_B32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA";

/// RFC 6238 Appendix B: (time, SHA-1, SHA-256, SHA-512), 8 digits.
const RFC6238: [(&str, &str, &str, &str); 6] = [
    ("59", "94287082", "46119246", "90693936"),
    ("1111111109", "07081804", "68084774", "25091201"),
    ("1111111111", "14050471", "67062674", "99943326"),
    ("1234567890", "89005924", "91819424", "93441116"),
    ("2000000000", "69279037", "90698825", "38618901"),
    ("20000000000", "65353130", "77737706", "47863826"),
];

fn calc(sb: &Sb, args: &[&str]) -> Vec<String> {
    let mut a = vec!["calc"];
    a.extend(args);
    ok(sb.novault(&a)).lines().map(str::to_owned).collect()
}

#[test]
fn mobilepass_published_vectors() {
    let sb = Sb::new();
    assert_eq!(calc(&sb, &["--mobilepass", MP_CODE]), ["374844"]);
    assert_eq!(
        calc(&sb, &["--mobilepass", MP_CODE, "--counter", "10"]),
        ["690483"]
    );
    let p = ["--policy", "18888710"];
    assert_eq!(
        calc(&sb, &["--mobilepass", MP_CODE, p[0], p[1]]),
        ["310551"]
    );
    assert_eq!(
        calc(
            &sb,
            &["--mobilepass", MP_CODE, p[0], p[1], "--counter", "10"]
        ),
        ["194672"]
    );
    // Non-legacy ("payload V1") code.
    let v1 = [
        "--mobilepass",
        "SEJUQ-KYURW-IMF7L-UDAFL",
        "--policy",
        "42962449345",
    ];
    assert_eq!(calc(&sb, &v1), ["641533"]);
}

#[test]
fn mobilepass_code_spelling_is_forgiving() {
    let sb = Sb::new();
    // Lower case, white space instead of hyphens, 0 for O.
    assert_eq!(
        calc(&sb, &["--mobilepass", "qvkyc fm6k0 sy6f7 tr22w"]),
        ["374844"]
    );
    assert_eq!(
        calc(&sb, &["--mobilepass", "QVKYCFM6KOSY6F7TR22W"]),
        ["374844"]
    );
    // 1 for I.
    let v1 = [
        "--mobilepass",
        "SEJUQ-KYURW-1MF7L-UDAFL",
        "--policy",
        "42962449345",
    ];
    assert_eq!(calc(&sb, &v1), ["641533"]);
}

#[test]
fn mobilepass_count_runs_consecutive_counters() {
    let sb = Sb::new();
    assert_eq!(
        calc(&sb, &["--mobilepass", MP_CODE, "--count", "12"]),
        MP_EMPTY
    );
    assert_eq!(
        calc(
            &sb,
            &["--mobilepass", MP_CODE, "--counter", "9", "--count", "3"]
        ),
        MP_EMPTY[9..12]
    );
}

#[test]
fn secret_hotp_rfc4226() {
    let sb = Sb::new();
    assert_eq!(
        calc(&sb, &["--secret", RFC_SHA1_B32, "--count", "10"]),
        RFC4226
    );
    assert_eq!(
        calc(
            &sb,
            &["--secret", RFC_SHA1_B32, "--counter", "7", "--count", "3"]
        ),
        RFC4226[7..10]
    );
    // Lower case and padding are accepted in a base32 secret.
    let lower = RFC_SHA1_B32.to_lowercase() + "====";
    assert_eq!(
        calc(&sb, &["--secret", &lower, "--counter", "4"]),
        [RFC4226[4]]
    );
}

#[test]
fn secret_totp_rfc6238_all_algorithms() {
    let sb = Sb::new();
    for (t, s1, s256, s512) in RFC6238 {
        for (alg, secret, want) in [
            ("sha1", RFC_SHA1_B32, s1),
            ("sha256", SHA256_B32, s256),
            ("sha512", SHA512_B32, s512),
        ] {
            let got = calc(
                &sb,
                &[
                    "--secret",
                    secret,
                    "--algorithm",
                    alg,
                    "--digits",
                    "8",
                    "--totp",
                    "--time",
                    t,
                ],
            );
            assert_eq!(got, [want], "{alg} at {t}");
        }
    }
}

#[test]
fn totp_time_with_count_gives_consecutive_steps() {
    let sb = Sb::new();
    let got = calc(
        &sb,
        &[
            "--secret",
            RFC_SHA1_B32,
            "--totp",
            "--digits",
            "8",
            "--time",
            "59",
            "--count",
            "3",
        ],
    );
    let mut want = Vec::new();
    for t in ["@59", "@89", "@119"] {
        want.extend(oathtool(&["--totp", "-d", "8", "--now", t, RFC_SHA1_HEX]));
    }
    assert_eq!(got, want);
}

#[test]
fn totp_period() {
    let sb = Sb::new();
    let got = calc(
        &sb,
        &[
            "--secret",
            RFC_SHA1_B32,
            "--totp",
            "--period",
            "60",
            "--time",
            "1234567890",
            "--count",
            "2",
        ],
    );
    let mut want = oathtool(&["--totp", "-s", "60", "--now", "@1234567890", RFC_SHA1_HEX]);
    want.extend(oathtool(&[
        "--totp",
        "-s",
        "60",
        "--now",
        "@1234567950",
        RFC_SHA1_HEX,
    ]));
    assert_eq!(got, want);
}

#[test]
fn uri_forms() {
    let sb = Sb::new();
    let hotp = format!("otpauth://hotp/ACME:alice?secret={RFC_SHA1_B32}&issuer=ACME&counter=3");
    assert_eq!(calc(&sb, &["--uri", &hotp, "--count", "2"]), RFC4226[3..5]);
    // An explicit --counter wins over the URI's counter.
    assert_eq!(calc(&sb, &["--uri", &hotp, "--counter", "8"]), [RFC4226[8]]);
    let totp = format!(
        "otpauth://totp/ACME:bob?secret={SHA512_B32}&issuer=ACME&algorithm=SHA512&digits=8&period=30"
    );
    assert_eq!(
        calc(&sb, &["--uri", &totp, "--time", "20000000000"]),
        ["47863826"]
    );
    let t60 = format!("otpauth://totp/x?secret={RFC_SHA1_B32}&period=60");
    let want = oathtool(&["--totp", "-s", "60", "--now", "@2000000000", RFC_SHA1_HEX]);
    assert_eq!(calc(&sb, &["--uri", &t60, "--time", "2000000000"]), want);
}

#[test]
fn head_dash_1_is_exit_0() {
    let sb = Sb::new();
    let bin = env!("CARGO_BIN_EXE_softpass");
    let o = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; '{bin}' calc --secret {RFC_SHA1_B32} --count 5000000 | head -1"
        ))
        .current_dir(sb.dir.path())
        .output()
        .expect("bash");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        format!("{}\n", RFC4226[0])
    );
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn stdout_closed_by_the_reader_is_exit_0() {
    // Deterministic form of `| head -1`: read one line, then close the pipe.
    let sb = Sb::new();
    let mut c = sb.novault(&["calc", "--mobilepass", MP_CODE, "--count", "5000000"]);
    c.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn");
    let mut so = child.stdout.take().unwrap();
    let mut first = [0u8; 7];
    so.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"374844\n");
    drop(so);
    let o = child.wait_with_output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn streams_many_codes_correctly() {
    let sb = Sb::new();
    let got = ok(sb.novault(&["calc", "--secret", RFC_SHA1_B32, "--count", "200000"]));
    let lines: Vec<&str> = got.lines().collect();
    assert_eq!(lines.len(), 200_000);
    assert_eq!(lines[..10], RFC4226);
    let want = oathtool(&["--hotp", "-c", "199999", RFC_SHA1_HEX]);
    assert_eq!(lines[199_999], want[0]);
}

#[test]
fn calc_needs_no_vault_and_no_pin() {
    let sb = Sb::new();
    assert_eq!(calc(&sb, &["--mobilepass", MP_CODE]), ["374844"]);
    assert!(!sb.vault().exists());
    assert!(
        !sb.path("data").exists(),
        "calc must not create the data folder"
    );
}

#[test]
fn calc_refusals() {
    let sb = Sb::new();
    // --counter and --time together, and no source at all: usage errors.
    let o = out(sb.novault(&[
        "calc",
        "--secret",
        RFC_SHA1_B32,
        "--counter",
        "1",
        "--time",
        "5",
    ]));
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    // Out-of-range digits, bad base32, bad activation code: invalid input.
    fails(
        sb.novault(&["calc", "--secret", RFC_SHA1_B32, "--digits", "5"]),
        5,
        &[RFC_SHA1_B32],
    );
    fails(
        sb.novault(&["calc", "--secret", "GEZDGNBVGY3TQOJ9"]),
        5,
        &["GEZDGNBVGY3TQOJ9"],
    );
    fails(
        sb.novault(&["calc", "--mobilepass", "QVKYC-FM6KO-SY6F7"]),
        5,
        &[],
    );
    fails(
        sb.novault(&["calc", "--uri", "otpauth://totp/x?secret=&period=30"]),
        5,
        &[],
    );
}

#[test]
fn calc_grammar_rejects_totp_with_mobilepass() {
    let sb = Sb::new();
    let o = out(sb.novault(&["calc", "--mobilepass", MP_CODE, "--totp"]));
    assert_eq!(o.status.code(), Some(2));
}
