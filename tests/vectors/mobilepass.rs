//! MobilePASS activation codes: every published vector of docs/mobilepass.md §5 from the core and
//! through `softpass calc`, the lenient input rules, and the negative cases (each names the
//! failing group or character).
use softpass_core::activation::{ActivationCode, ActivationError};
use softpass_core::otp::mobilepass;

use crate::support::*;

fn etoken(code: &str, policy: &str, counter: u64) -> String {
    let code = ActivationCode::parse(code).unwrap();
    mobilepass::generator(&code, policy, 6)
        .unwrap()
        .code(counter)
        .to_string()
}

/// `softpass calc --mobilepass CODE [--policy P] [--counter C]`: the options are left out at
/// their defaults (empty policy, counter 0), so the defaults are tested too.
fn calc_mp(code: &str, policy: &str, counter: u64) -> String {
    let mut args = vec!["--mobilepass", code];
    if !policy.is_empty() {
        args.extend(["--policy", policy]);
    }
    let counter = counter.to_string();
    if counter != "0" {
        args.extend(["--counter", &counter]);
    }
    calc(&args)
}

#[test]
fn published_vectors() {
    for (code, policy, counter, expected) in MP_PUBLISHED {
        assert_eq!(
            etoken(code, policy, counter),
            expected,
            "{policy} {counter}"
        );
        assert_eq!(
            calc_mp(code, policy, counter),
            format!("{expected}\n"),
            "calc {policy} {counter}"
        );
    }
}

#[test]
fn calc_count_runs_consecutive_counters() {
    assert_eq!(
        calc(&["--mobilepass", MP_CODE, "--count", "12"]),
        one_a_line(&MP_EMPTY)
    );
    let args = ["--mobilepass", MP_CODE, "--counter", "9", "--count", "3"];
    assert_eq!(calc(&args), one_a_line(&MP_EMPTY[9..12]));
}

#[test]
fn legacy_code_entropy_and_key() {
    let code = ActivationCode::parse(MP_CODE).unwrap();
    assert!(code.is_legacy());
    assert_eq!(code.capability(), None);
    assert_eq!(hex::encode(code.entropy()), MP_ENTROPY_HEX);
    // Expected keys computed with Python's hashlib: sha256(entropy + policy + b"\0\0\0\0").
    assert_eq!(
        hex::encode(code.key("").expose()),
        "08598d9cd3af25e6978f00a9bb6d0e856097d4e606c8bf1feda4816ac3d4f3e9"
    );
    assert_eq!(
        hex::encode(code.key(MP_POLICY).expose()),
        "bb9930529da00b9e4f974b5fb8ce9296f5bcd7bf3eae49165b4ad2466b732e48"
    );
}

#[test]
fn policy_changes_the_result() {
    assert_ne!(etoken(MP_CODE, "", 0), etoken(MP_CODE, MP_POLICY, 0));
    assert_ne!(
        etoken(MP_CODE, MP_POLICY, 0),
        etoken(MP_CODE, "18888711", 0)
    );
}

#[test]
fn non_legacy_payload_v1() {
    let code = ActivationCode::parse(MP_V1_CODE).unwrap();
    assert!(!code.is_legacy());
    assert_eq!(hex::encode(code.entropy()), "9113482b148d90c2fd74");
    assert_eq!(code.capability(), Some(3));
}

#[test]
fn lenient_spellings_decode_to_the_same_code() {
    for spelling in MP_SPELLINGS {
        assert_eq!(etoken(spelling, "", 0), "374844", "{spelling:?}");
        assert_eq!(calc_mp(spelling, "", 0), "374844\n", "calc {spelling:?}");
    }
    assert_eq!(
        calc_mp("qvkyc fm6k0 sy6f7 tr22w", MP_POLICY, 10),
        "194672\n"
    );
    // 1 is read as I: the payload-V1 vector has an I in its third group.
    assert_eq!(etoken(MP_V1_SPELLING, MP_V1_POLICY, 0), "641533");
    assert_eq!(calc_mp(MP_V1_SPELLING, MP_V1_POLICY, 0), "641533\n");
}

fn err(code: &str) -> ActivationError {
    refused(ActivationCode::parse(code), code)
}

#[test]
fn one_wrong_check_character_per_group() {
    // The valid check characters are C, O, 7 and W; replacing each with A must name its group.
    let cases = [
        ("QVKYA-FM6KO-SY6F7-TR22W", 1, "QVKYA", 1, 5),
        ("QVKYC-FM6KA-SY6F7-TR22W", 2, "FM6KA", 6, 10),
        ("QVKYC-FM6KO-SY6FA-TR22W", 3, "SY6FA", 11, 15),
        ("QVKYC-FM6KO-SY6F7-TR22A", 4, "TR22A", 16, 20),
    ];
    for (code, group, chars, first, last) in cases {
        let e = err(code);
        assert_eq!(e, ActivationError::GroupCheck { group, first, last });
        let msg = e.to_string();
        assert_eq!(
            msg,
            format!(
                "invalid activation code: group {group} (characters {first}-{last}) does not match its check character; a character in it is mistyped"
            )
        );
        // The code is a secret: the message must not echo the group.
        assert!(!msg.contains(chars), "{msg}");
    }
}

#[test]
fn a_mistyped_data_character_fails_its_group() {
    // S,Y,7,F: 83 + 178 + 165 + 280 = 706; 706 mod 32 = 2 = C, so the check 7 no longer fits.
    assert_eq!(
        err("QVKYC-FM6KO-SY7F7-TR22W"),
        ActivationError::GroupCheck {
            group: 3,
            first: 11,
            last: 15
        }
    );
}

#[test]
fn wrong_length() {
    assert_eq!(
        err("QVKYC-FM6KO-SY6F7-TR22"),
        ActivationError::Length { len: 19 }
    );
    assert_eq!(err(""), ActivationError::Length { len: 0 });
    assert_eq!(err(&"A".repeat(65)), ActivationError::Length { len: 65 });
    let msg = err("QVKYC-FM6KO").to_string();
    assert!(msg.contains("10 characters, expected 20"), "{msg}");
}

#[test]
fn illegal_character_with_its_position() {
    // Positions count the input as typed, hyphens included.
    assert_eq!(
        err("QVKYC-FM6KO-SY8F7-TR22W"),
        ActivationError::IllegalChar {
            ch: '8',
            position: 15
        }
    );
    assert_eq!(
        err("QVKYC-FM6KO-SY6F7-TR22W!").to_string(),
        "invalid activation code: illegal character '!' at position 24"
    );
    assert_eq!(
        err("é").to_string(),
        "invalid activation code: illegal character 'é' at position 1"
    );
}

#[test]
fn a_broken_payload_v1_code_fails_its_error_byte() {
    // Last character changed: every legacy group still fails, and E is now 0xac, not 0xab.
    assert_eq!(err("SEJUQ-KYURW-IMF7L-UDAFM"), ActivationError::ErrorByte);
    // A data character changed: the digest's last byte becomes 0x96.
    assert_eq!(err("SEJUR-KYURW-IMF7L-UDAFL"), ActivationError::ErrorByte);
}

#[test]
fn errors_never_echo_the_whole_code() {
    for bad in [
        "QVKYC-FM6KO-SY6FA-TR22W",
        "SEJUQ-KYURW-IMF7L-UDAFM",
        "QVKYC-FM6KO-SY6F7-TR22W-X",
    ] {
        let msg = err(bad).to_string();
        let compact: String = bad.chars().filter(|c| *c != '-').collect();
        assert!(!msg.contains(&compact) && !msg.contains(bad), "{msg}");
        assert!(!msg.contains("QVKYC") && !msg.contains("TR22W"), "{msg}");
    }
}

proptest::proptest! {
    #[test]
    fn any_entropy_formats_to_a_legacy_code_that_parses_back(entropy in proptest::array::uniform10(0u8..)) {
        let code = ActivationCode::format_legacy(&entropy);
        let parsed = ActivationCode::parse(code.expose()).unwrap();
        proptest::prop_assert!(parsed.is_legacy());
        proptest::prop_assert_eq!(parsed.entropy(), &entropy[..]);
    }

    #[test]
    fn arbitrary_input_never_panics_and_errors_stay_short(s in "[A-Za-z0-9 \\-]{0,80}|\\PC{0,30}") {
        if let Err(e) = ActivationCode::parse(&s) {
            let msg = e.to_string();
            proptest::prop_assert!(!msg.contains('\n') && msg.len() < 160, "{}", msg);
        }
    }
}
