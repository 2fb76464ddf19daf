//! `softpass calc` as a command (the codes themselves are checked in tests/vectors): --json,
//! the clock, errors and usage errors, long runs in order, and a reader that closes the pipe.
use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::support::*;

#[test]
fn totp_without_time_uses_the_clock() {
    let out = calc(&["--secret", SEED20_B32, "--totp", "--count", "3"]);
    assert_eq!(out.lines().count(), 3);
    assert!(
        out.lines()
            .all(|l| l.len() == 6 && l.bytes().all(|b| b.is_ascii_digit())),
        "{out}"
    );
}

#[test]
fn json_output() {
    let out = calc(&words(&format!(
        "--json --secret {SEED20_B32} --counter 8 --count 2"
    )));
    assert_eq!(
        out,
        "{\"codes\":[{\"counter\":8,\"code\":\"399871\"},{\"counter\":9,\"code\":\"520489\"}]}\n"
    );
    let out = calc(&words(&format!(
        "--secret {SEED20_B32} --totp --digits 8 --time 59 --json"
    )));
    assert_eq!(
        json(&out),
        serde_json::json!({"codes":[{"counter":1,"time":30,"code":"94287082"}]})
    );
}

/// `softpass calc ARGS` in a fresh sandbox, expected to fail with `want`.
fn calc_fails(args: &[&str], want: i32, secrets: &[&str]) -> String {
    let mut all = vec!["calc"];
    all.extend_from_slice(args);
    fails(Sandbox::new().novault(&all), want, secrets)
}

#[test]
fn invalid_input_exits_5_with_one_line_naming_the_place_not_the_secret() {
    let line = calc_fails(&["--mobilepass", "QVKYC-FM6KO-SY6FA-TR22W"], 5, &[]);
    assert_eq!(
        line,
        "softpass: invalid activation code: group 3 (characters 11-15) does not match its check character; a character in it is mistyped"
    );
    let s = SEED20_B32;
    // (arguments, a part of the message, secrets it must not hold)
    let cases: [(&[&str], &str, &[&str]); 11] = [
        (
            &["--mobilepass", "QVKYC-FM6KO-SY8F7-TR22W"],
            "illegal character '8' at position 15",
            &[],
        ),
        (&["--mobilepass", "QVKYC-FM6KO"], "10 characters", &[]),
        (&["--mobilepass", "QVKYC-FM6KO-SY6F7"], "", &[]),
        (&["--secret", "JBSWY3DP!"], "'!' at position 9", &[]),
        (&["--secret", "GEZDGNBVGY3TQOJ9"], "", &["GEZDGNBVGY3TQOJ9"]),
        (
            &["--uri", "otpauth://hotp/a?secret=JBSWY3DP"],
            "counter",
            &[],
        ),
        (&["--uri", "otpauth://totp/x?secret=&period=30"], "", &[]),
        (&["--secret", s, "--digits", "11"], "", &[s]),
        (&["--secret", s, "--digits", "5"], "", &[s]),
        (&["--secret", s, "--totp", "--period", "0"], "", &[s]),
        // With --json, stdout stays empty on error too.
        (
            &["--json", "--mobilepass", "QVKYC-FM6KO-SY6FA-TR22W"],
            "group 3",
            &[],
        ),
    ];
    for (args, part, secrets) in cases {
        let line = calc_fails(args, 5, secrets);
        assert!(line.contains(part), "{args:?}: {line}");
    }
}

#[test]
fn usage_errors_exit_2() {
    let s = SEED20_B32;
    let max = "18446744073709551615";
    let cases: [&[&str]; 11] = [
        &[],
        &["--secret", s, "--time", "59"],
        &["--secret", s, "--totp", "--counter", "1", "--time", "59"],
        // --counter and --time together, without --totp too.
        &["--secret", s, "--counter", "1", "--time", "5"],
        &["--uri", "otpauth://totp/a?secret=AAAA", "--digits", "8"],
        &["--mobilepass", MP_CODE, "--algorithm", "sha1"],
        &["--mobilepass", MP_CODE, "--totp"],
        &["--secret", s, "--period", "60"],
        &["--secret", s, "--count", "0"],
        &["--secret", s, "--counter", max, "--count", "2"],
        &["--secret", s, "--uri", "otpauth://totp/a?secret=AAAA"],
    ];
    for args in cases {
        calc_fails(args, 2, &[]);
    }
}

#[test]
fn the_last_counter_is_reachable() {
    let out = calc(&words(&format!(
        "--secret {SEED20_B32} --counter 18446744073709551614 --count 2"
    )));
    assert_eq!(out.lines().count(), 2);
}

#[test]
fn calc_needs_no_vault_and_no_pin() {
    let sb = Sandbox::new();
    assert_eq!(
        ok(sb.novault(&["calc", "--mobilepass", MP_CODE])),
        "374844\n"
    );
    assert!(!sb.vault().exists());
    assert!(
        !sb.path("data").exists(),
        "calc must not create the data folder"
    );
}

#[test]
fn a_reader_that_stops_early_is_exit_0() {
    // Deterministic form of `| head -1`: read one line, then close the pipe.
    let sources: [(&[&str], &str); 2] = [
        (
            &["--secret", SEED20_B32, "--count", "1000000000"],
            RFC4226[0],
        ),
        (
            &["--mobilepass", MP_CODE, "--count", "5000000"],
            MP_EMPTY[0],
        ),
    ];
    for (args, first_code) in sources {
        let sb = Sandbox::new();
        let mut c = sb.novault(&[&["calc"][..], args].concat());
        c.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = c.spawn().expect("spawn");
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        reader.read_line(&mut first).unwrap();
        assert_eq!(first, format!("{first_code}\n"));
        drop(reader); // like `| head -1`
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&o.stderr), "", "{args:?}");
    }
}

#[test]
fn head_dash_1_is_exit_0() {
    let sb = Sandbox::new();
    let line = format!(
        "set -o pipefail; {} calc --secret {SEED20_B32} --count 5000000 | head -1",
        sh_quote(BIN)
    );
    let mut c = std::process::Command::new("bash");
    sb.scrub(&mut c).arg("-c").arg(line);
    assert_eq!(quiet(c), format!("{}\n", RFC4226[0]));
}

#[test]
fn long_runs_stay_in_order_across_chunks() {
    // Long runs are computed in chunks of 32768 codes, possibly by several threads.
    let first = 1_000_000u64;
    let count = 300_001u64;
    let out = calc(&words(&format!(
        "--secret {SEED20_B32} --counter {first} --count {count}"
    )));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len() as u64, count);
    for i in [
        0, 1, 32767, 32768, 65535, 65536, 131072, 262143, 262144, 300_000,
    ] {
        assert_eq!(
            lines[i as usize],
            reference_code(SEED20, first + i),
            "line {i}"
        );
    }
}

#[test]
fn a_long_run_can_end_at_the_last_counter() {
    let count = 200_000u64;
    let first = u64::MAX - (count - 1);
    let out = calc(&words(&format!(
        "--secret {SEED20_B32} --counter {first} --count {count}"
    )));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len() as u64, count);
    assert_eq!(lines[0], reference_code(SEED20, first));
    assert_eq!(lines[lines.len() - 1], reference_code(SEED20, u64::MAX));
}

#[test]
fn streams_many_codes_correctly() {
    let out = calc(&["--secret", SEED20_B32, "--count", "200000"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 200_000);
    assert_eq!(lines[..10], RFC4226);
    let want = oathtool(&["--hotp", "-c", "199999", SEED20_HEX]);
    assert_eq!(lines[199_999], want[0]);
}
