//! RFC 4226 Appendix D: the ten HOTP values for the ASCII secret "12345678901234567890".
use softpass_core::otp::Hotp;
use softpass_core::token::Algorithm;

/// (count, truncated value in hex, HOTP) exactly as printed in RFC 4226 Appendix D.
const APPENDIX_D: [(u64, u32, &str); 10] = [
    (0, 0x4c93cf18, "755224"),
    (1, 0x41397eea, "287082"),
    (2, 0x082fef30, "359152"),
    (3, 0x66ef7655, "969429"),
    (4, 0x61c5938a, "338314"),
    (5, 0x33c083d4, "254676"),
    (6, 0x7256c032, "287922"),
    (7, 0x04e5b397, "162583"),
    (8, 0x2823443f, "399871"),
    (9, 0x2679dc69, "520489"),
];

#[test]
fn rfc4226_appendix_d() {
    let hotp = Hotp::new(Algorithm::Sha1, b"12345678901234567890", 6).unwrap();
    for (count, truncated, code) in APPENDIX_D {
        assert_eq!(hotp.truncated(count), truncated, "count {count}");
        assert_eq!(hotp.code(count).to_string(), code, "count {count}");
    }
}

#[test]
fn the_keyed_state_is_reused_without_carrying_over() {
    // Same generator asked out of order and twice: each code depends on its counter alone.
    let hotp = Hotp::new(Algorithm::Sha1, b"12345678901234567890", 6).unwrap();
    for &i in &[9usize, 0, 5, 0, 9] {
        let (count, _, code) = APPENDIX_D[i];
        assert_eq!(hotp.code(count).to_string(), code);
    }
}

#[test]
fn longer_codes_keep_leading_digits() {
    // Snum for count 0 is 0x4c93cf18 = 1284755224; 8, 9 and 10 digits take its low digits.
    let hotp = |d| Hotp::new(Algorithm::Sha1, b"12345678901234567890", d).unwrap();
    assert_eq!(hotp(8).code(0).to_string(), "84755224");
    assert_eq!(hotp(9).code(0).to_string(), "284755224");
    assert_eq!(hotp(10).code(0).to_string(), "1284755224");
    // count 7: 0x04e5b397 = 82162583, printed with two leading zeros at 10 digits.
    assert_eq!(hotp(10).code(7).to_string(), "0082162583");
}
