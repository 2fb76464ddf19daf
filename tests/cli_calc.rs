//! Black-box tests of `softpass calc`: every input form, --count, --time, --json, exit codes of bad
//! input, and a reader that closes the pipe early. Runs in a temp dir with a throw-away HOME.
use assert_cmd::Command;
use std::io::{BufRead, BufReader};
use std::process::Stdio;

/// RFC 4226/6238 seed "12345678901234567890" in base32.
const SEED20: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
/// RFC 6238's 32- and 64-byte seeds in base32 (Python's base64.b32encode, padding removed).
const SEED32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";
const SEED64: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA";

fn softpass(home: &tempfile::TempDir) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_softpass"));
    cmd.current_dir(home.path())
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .env("SOFTPASS_VAULT", home.path().join("vault.json"))
        .env_remove("SOFTPASS_CONFIG");
    cmd
}

fn calc(args: &[&str]) -> (i32, String, String) {
    let home = tempfile::tempdir().unwrap();
    let out = softpass(&home).arg("calc").args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn ok(args: &[&str]) -> String {
    let (code, out, err) = calc(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    assert_eq!(err, "", "{args:?}");
    out
}

/// Exit code and the error text; stdout must be empty. Our own errors are one `softpass: ` line;
/// clap's usage errors (exit 2) add a usage hint.
fn fails(args: &[&str]) -> (i32, String) {
    let (code, out, err) = calc(args);
    assert_eq!(out, "", "{args:?}");
    if err.starts_with("softpass: ") {
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    } else {
        assert!(err.starts_with("error: ") && code == 2, "{args:?}: {err}");
    }
    (code, err)
}

#[test]
fn mobilepass_vectors() {
    // mobilepass-algorithm.md §4.
    let code = "QVKYC-FM6KO-SY6F7-TR22W";
    assert_eq!(ok(&["--mobilepass", code]), "374844\n");
    assert_eq!(ok(&["--mobilepass", code, "--counter", "10"]), "690483\n");
    assert_eq!(
        ok(&["--mobilepass", code, "--policy", "18888710"]),
        "310551\n"
    );
    assert_eq!(
        ok(&[
            "--mobilepass",
            "qvkyc fm6k0 sy6f7 tr22w",
            "--policy",
            "18888710",
            "--counter",
            "10"
        ]),
        "194672\n"
    );
    let v1 = [
        "--mobilepass",
        "SEJUQ-KYURW-IMF7L-UDAFL",
        "--policy",
        "42962449345",
    ];
    assert_eq!(ok(&v1), "641533\n");
}

#[test]
fn secret_with_count_gives_rfc4226_appendix_d() {
    let out = ok(&["--secret", SEED20, "--counter", "0", "--count", "10"]);
    let expected =
        "755224\n287082\n359152\n969429\n338314\n254676\n287922\n162583\n399871\n520489\n";
    assert_eq!(out, expected);
    // Lower case, grouped and padded secrets are the same key; --counter starts mid-table.
    let lenient = "gezd gnbv-gy3t qojq gezd gnbv gy3t qojq";
    assert_eq!(
        ok(&["--secret", lenient, "--counter", "8", "--count", "2"]),
        "399871\n520489\n"
    );
}

#[test]
fn totp_gives_rfc6238_appendix_b() {
    let rows = [
        ("sha1", SEED20, "1111111109", "07081804"),
        ("sha256", SEED32, "1111111109", "68084774"),
        ("sha512", SEED64, "1111111109", "25091201"),
        ("sha1", SEED20, "20000000000", "65353130"),
        ("sha256", SEED32, "2000000000", "90698825"),
        ("sha512", SEED64, "1234567890", "93441116"),
    ];
    for (alg, seed, time, code) in rows {
        let args = [
            "--secret",
            seed,
            "--algorithm",
            alg,
            "--digits",
            "8",
            "--totp",
            "--time",
            time,
        ];
        assert_eq!(ok(&args), format!("{code}\n"), "{alg} {time}");
    }
}

#[test]
fn count_with_time_gives_consecutive_steps() {
    // Steps 1 and 2 at 30 s: HOTP counters 1 and 2 of RFC 4226 (Snum 0x41397eea, 0x082fef30) at 8 digits.
    let args = [
        "--secret", SEED20, "--totp", "--digits", "8", "--time", "59", "--count", "2",
    ];
    assert_eq!(ok(&args), "94287082\n37359152\n");
    // With --period 60, time 59 is step 0 (Snum 0x4c93cf18 = 1284755224).
    let args = [
        "--secret", SEED20, "--totp", "--period", "60", "--time", "59", "--digits", "10",
    ];
    assert_eq!(ok(&args), "1284755224\n");
}

#[test]
fn totp_without_time_uses_the_clock() {
    let out = ok(&["--secret", SEED20, "--totp", "--count", "3"]);
    assert_eq!(out.lines().count(), 3);
    assert!(
        out.lines()
            .all(|l| l.len() == 6 && l.bytes().all(|b| b.is_ascii_digit())),
        "{out}"
    );
}

#[test]
fn uri_forms() {
    let hotp = format!("otpauth://hotp/QA:t?secret={SEED20}&counter=3&issuer=QA");
    assert_eq!(ok(&["--uri", &hotp]), "969429\n");
    assert_eq!(ok(&["--uri", &hotp, "--counter", "0"]), "755224\n");
    let totp = format!("otpauth://totp/t?secret={SEED32}&algorithm=SHA256&digits=8");
    assert_eq!(ok(&["--uri", &totp, "--time", "59"]), "46119246\n");
}

#[test]
fn json_output() {
    let out = ok(&[
        "--json",
        "--secret",
        SEED20,
        "--counter",
        "8",
        "--count",
        "2",
    ]);
    assert_eq!(
        out,
        "{\"codes\":[{\"counter\":8,\"code\":\"399871\"},{\"counter\":9,\"code\":\"520489\"}]}\n"
    );
    let out = ok(&[
        "--secret", SEED20, "--totp", "--digits", "8", "--time", "59", "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"codes":[{"counter":1,"time":30,"code":"94287082"}]})
    );
}

#[test]
fn invalid_input_exits_5_with_one_line() {
    let (code, err) = fails(&["--mobilepass", "QVKYC-FM6KO-SY6FA-TR22W"]);
    assert_eq!(code, 5);
    assert_eq!(
        err,
        "softpass: invalid activation code: group 3 (characters 11-15) does not match its check character; a character in it is mistyped\n"
    );
    let (code, err) = fails(&["--mobilepass", "QVKYC-FM6KO-SY8F7-TR22W"]);
    assert_eq!(code, 5);
    assert!(
        err.contains("illegal character '8' at position 15"),
        "{err}"
    );
    let (code, err) = fails(&["--mobilepass", "QVKYC-FM6KO"]);
    assert_eq!(code, 5);
    assert!(err.contains("10 characters"), "{err}");
    let (code, err) = fails(&["--secret", "JBSWY3DP!"]);
    assert_eq!(code, 5);
    assert!(err.contains("'!' at position 9"), "{err}");
    let (code, err) = fails(&["--uri", "otpauth://hotp/a?secret=JBSWY3DP"]);
    assert_eq!(code, 5);
    assert!(err.contains("counter"), "{err}");
    let (code, _) = fails(&["--secret", SEED20, "--digits", "11"]);
    assert_eq!(code, 5);
    let (code, _) = fails(&["--secret", SEED20, "--totp", "--period", "0"]);
    assert_eq!(code, 5);
    // With --json, stdout stays empty on error too.
    let (code, _) = fails(&["--json", "--mobilepass", "QVKYC-FM6KO-SY6FA-TR22W"]);
    assert_eq!(code, 5);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["--secret", SEED20, "--time", "59"],
        &[
            "--secret",
            SEED20,
            "--totp",
            "--counter",
            "1",
            "--time",
            "59",
        ],
        &["--uri", "otpauth://totp/a?secret=AAAA", "--digits", "8"],
        &[
            "--mobilepass",
            "QVKYC-FM6KO-SY6F7-TR22W",
            "--algorithm",
            "sha1",
        ],
        &["--secret", SEED20, "--period", "60"],
        &["--secret", SEED20, "--count", "0"],
        &[
            "--secret",
            SEED20,
            "--counter",
            "18446744073709551615",
            "--count",
            "2",
        ],
        &["--secret", SEED20, "--uri", "otpauth://totp/a?secret=AAAA"],
    ] {
        let (code, _) = fails(args);
        assert_eq!(code, 2, "{args:?}");
    }
}

#[test]
fn the_last_counter_is_reachable() {
    let out = ok(&[
        "--secret",
        SEED20,
        "--counter",
        "18446744073709551614",
        "--count",
        "2",
    ]);
    assert_eq!(out.lines().count(), 2);
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let home = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_softpass"))
        .current_dir(home.path())
        .env("HOME", home.path())
        .args(["calc", "--secret", SEED20, "--count", "1000000000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    assert_eq!(first, "755224\n");
    drop(reader); // like `| head -1`
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// HOTP-SHA1 of the RFC 4226 seed computed with the `hmac` crate, independently of softpass.
fn reference_code(counter: u64) -> String {
    use hmac::{Hmac, KeyInit, Mac};
    let d = Hmac::<sha1::Sha1>::new_from_slice(b"12345678901234567890")
        .unwrap()
        .chain_update(counter.to_be_bytes())
        .finalize()
        .into_bytes();
    let o = usize::from(d[19] & 0x0f);
    let snum = u32::from_be_bytes([d[o] & 0x7f, d[o + 1], d[o + 2], d[o + 3]]);
    format!("{:06}", snum % 1_000_000)
}

#[test]
fn long_runs_stay_in_order_across_chunks() {
    // Long runs are computed in chunks of 32768 codes, possibly by several threads.
    let first = 1_000_000u64;
    let count = 300_001u64;
    let out = ok(&[
        "--secret",
        SEED20,
        "--counter",
        &first.to_string(),
        "--count",
        &count.to_string(),
    ]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len() as u64, count);
    for i in [
        0, 1, 32767, 32768, 65535, 65536, 131072, 262143, 262144, 300_000,
    ] {
        assert_eq!(lines[i as usize], reference_code(first + i), "line {i}");
    }
}

#[test]
fn a_long_run_can_end_at_the_last_counter() {
    let count = 200_000u64;
    let first = u64::MAX - (count - 1);
    let out = ok(&[
        "--secret",
        SEED20,
        "--counter",
        &first.to_string(),
        "--count",
        &count.to_string(),
    ]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len() as u64, count);
    assert_eq!(lines[0], reference_code(first));
    assert_eq!(lines[lines.len() - 1], reference_code(u64::MAX));
}
