//! RFC 4226 Appendix D: the ten HOTP values for the ASCII secret "12345678901234567890", from the
//! core and through `softpass calc`.
use softpass_core::otp::Hotp;
use softpass_core::token::Algorithm;

use crate::support::*;

#[test]
fn rfc4226_appendix_d() {
    let hotp = Hotp::new(Algorithm::Sha1, SEED20, 6).unwrap();
    for (count, truncated, code) in RFC4226_TABLE {
        assert_eq!(hotp.truncated(count), truncated, "count {count}");
        assert_eq!(hotp.code(count).to_string(), code, "count {count}");
    }
}

#[test]
fn the_keyed_state_is_reused_without_carrying_over() {
    // Same generator asked out of order and twice: each code depends on its counter alone.
    let hotp = Hotp::new(Algorithm::Sha1, SEED20, 6).unwrap();
    for &i in &[9usize, 0, 5, 0, 9] {
        let (count, _, code) = RFC4226_TABLE[i];
        assert_eq!(hotp.code(count).to_string(), code);
    }
}

#[test]
fn longer_codes_keep_leading_digits() {
    // Snum for count 0 is 0x4c93cf18 = 1284755224; 8, 9 and 10 digits take its low digits.
    let hotp = |d| Hotp::new(Algorithm::Sha1, SEED20, d).unwrap();
    assert_eq!(hotp(8).code(0).to_string(), "84755224");
    assert_eq!(hotp(9).code(0).to_string(), "284755224");
    assert_eq!(hotp(10).code(0).to_string(), "1284755224");
    // count 7: 0x04e5b397 = 82162583, printed with two leading zeros at 10 digits.
    assert_eq!(hotp(10).code(7).to_string(), "0082162583");
}

#[test]
fn calc_secret_gives_appendix_d() {
    let all = one_a_line(&RFC4226);
    // The counter defaults to 0.
    assert_eq!(
        calc(&words(&format!("--secret {SEED20_B32} --count 10"))),
        all
    );
    let from0 = format!("--secret {SEED20_B32} --counter 0 --count 10");
    assert_eq!(calc(&words(&from0)), all);
    // --counter starts mid-table.
    let mid = format!("--secret {SEED20_B32} --counter 7 --count 3");
    assert_eq!(calc(&words(&mid)), one_a_line(&RFC4226[7..10]));
    // Lower case, grouped and padded secrets are the same key.
    let lenient = "gezd gnbv-gy3t qojq gezd gnbv gy3t qojq";
    assert_eq!(
        calc(&["--secret", lenient, "--counter", "8", "--count", "2"]),
        "399871\n520489\n"
    );
    let lower = SEED20_B32.to_lowercase() + "====";
    assert_eq!(
        calc(&["--secret", &lower, "--counter", "4"]),
        one_a_line(&[RFC4226[4]])
    );
}
