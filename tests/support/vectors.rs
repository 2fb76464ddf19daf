//! The outside vector tables, each kept once: RFC 4226 Appendix D, RFC 6238 Appendix B, the
//! published MobilePASS vectors (docs/mobilepass.md §5) and the sample seeds of seeds/README.md.
//! None of these values was computed by softpass.
use softpass_core::token::Algorithm;

/// The RFC 4226 / RFC 6238 SHA-1 secret, and RFC 6238's 32- and 64-byte seeds (its reference
/// code uses one per hash).
pub const SEED20: &[u8] = b"12345678901234567890";
pub const SEED32: &[u8] = b"12345678901234567890123456789012";
pub const SEED64: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";
/// The same seeds in base32 (Python's base64.b32encode, padding removed).
pub const SEED20_B32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
pub const SEED32_B32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";
pub const SEED64_B32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA";
/// The same seeds in hex (what oathtool takes).
pub const SEED20_HEX: &str = "3132333435363738393031323334353637383930";
pub const SEED32_HEX: &str = "3132333435363738393031323334353637383930313233343536373839303132";
pub const SEED64_HEX: &str = "31323334353637383930313233343536373839303132333435363738393031323334353637383930313233343536373839303132333435363738393031323334";

/// RFC 4226 Appendix D: (count, truncated value in hex, HOTP) exactly as printed.
pub const RFC4226_TABLE: [(u64, u32, &str); 10] = [
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

/// The HOTP column of Appendix D: `RFC4226[c]` is the code for counter `c`.
pub const RFC4226: [&str; 10] = {
    let mut codes = [""; 10];
    let mut i = 0;
    while i < 10 {
        codes[i] = RFC4226_TABLE[i].2;
        i += 1;
    }
    codes
};

/// The RFC 4226 secret's codes for counters 0..=25: `oathtool --hotp -d 6 -c 0 -w 25 3132...3930`.
pub const HOTP26: [&str; 26] = [
    "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
    "520489", "403154", "481090", "868912", "736127", "229903", "436521", "186581", "447589",
    "903435", "578337", "328281", "191635", "184416", "574561", "797908", "396619",
];

/// RFC 6238 Appendix B: (time, step in hex, TOTP, mode) exactly as printed, all 18 rows.
pub const RFC6238: [(u64, u64, &str, Algorithm); 18] = [
    (59, 0x1, "94287082", Algorithm::Sha1),
    (59, 0x1, "46119246", Algorithm::Sha256),
    (59, 0x1, "90693936", Algorithm::Sha512),
    (1111111109, 0x23523EC, "07081804", Algorithm::Sha1),
    (1111111109, 0x23523EC, "68084774", Algorithm::Sha256),
    (1111111109, 0x23523EC, "25091201", Algorithm::Sha512),
    (1111111111, 0x23523ED, "14050471", Algorithm::Sha1),
    (1111111111, 0x23523ED, "67062674", Algorithm::Sha256),
    (1111111111, 0x23523ED, "99943326", Algorithm::Sha512),
    (1234567890, 0x273EF07, "89005924", Algorithm::Sha1),
    (1234567890, 0x273EF07, "91819424", Algorithm::Sha256),
    (1234567890, 0x273EF07, "93441116", Algorithm::Sha512),
    (2000000000, 0x3F940AA, "69279037", Algorithm::Sha1),
    (2000000000, 0x3F940AA, "90698825", Algorithm::Sha256),
    (2000000000, 0x3F940AA, "38618901", Algorithm::Sha512),
    (20000000000, 0x27BC86AA, "65353130", Algorithm::Sha1),
    (20000000000, 0x27BC86AA, "77737706", Algorithm::Sha256),
    (20000000000, 0x27BC86AA, "47863826", Algorithm::Sha512),
];

/// The seed RFC 6238's reference code uses for each hash.
pub fn rfc6238_seed(alg: Algorithm) -> &'static [u8] {
    match alg {
        Algorithm::Sha1 => SEED20,
        Algorithm::Sha256 => SEED32,
        Algorithm::Sha512 => SEED64,
    }
}

/// The same seed in base32, for `--secret` and otpauth URIs.
pub fn rfc6238_seed_b32(alg: Algorithm) -> &'static str {
    match alg {
        Algorithm::Sha1 => SEED20_B32,
        Algorithm::Sha256 => SEED32_B32,
        Algorithm::Sha512 => SEED64_B32,
    }
}

/// The Appendix B code at `time` for `alg`.
pub fn rfc6238(time: u64, alg: Algorithm) -> &'static str {
    RFC6238
        .iter()
        .find(|r| r.0 == time && r.3 == alg)
        .map(|r| r.2)
        .expect("a row of RFC 6238 Appendix B")
}

/// The published MobilePASS activation code (legacy format) and the policy of its vectors.
pub const MP_CODE: &str = "QVKYC-FM6KO-SY6F7-TR22W";
pub const MP_POLICY: &str = "18888710";
/// The entropy that code carries (published with it).
pub const MP_ENTROPY_HEX: &str = "855582b3ca963c59c75a";
/// The published non-legacy ("payload V1") code and its policy.
pub const MP_V1_CODE: &str = "SEJUQ-KYURW-IMF7L-UDAFL";
pub const MP_V1_POLICY: &str = "42962449345";

/// docs/mobilepass.md §5: (activation code, policy, counter, eToken), all published.
pub const MP_PUBLISHED: [(&str, &str, u64, &str); 5] = [
    (MP_CODE, "", 0, "374844"),
    (MP_CODE, "", 10, "690483"),
    (MP_CODE, MP_POLICY, 0, "310551"),
    (MP_CODE, MP_POLICY, 10, "194672"),
    (MP_V1_CODE, MP_V1_POLICY, 0, "641533"),
];

/// [`MP_CODE`] with the empty policy, counters 0..=11. 0 and 10 are the published vectors; the
/// others were computed with Python's hashlib/hmac from the algorithm text: key =
/// SHA-256(855582b3ca963c59c75a || policy || 00000000), HOTP dynamic truncation over HMAC-SHA-256.
pub const MP_EMPTY: [&str; 12] = [
    "374844", "124927", "048405", "555522", "888255", "869881", "033086", "583054", "898317",
    "219544", "690483", "880233",
];

/// Ways of typing [`MP_CODE`] the reader accepts (lower case, no or other separators, 0 for O).
pub const MP_SPELLINGS: [&str; 5] = [
    "QVKYCFM6KOSY6F7TR22W",
    "qvkyc-fm6ko-sy6f7-tr22w",
    " QVKYC FM6KO\tSY6F7\nTR22W ",
    "QVKYC-FM6K0-SY6F7-TR22W",
    "qvkyc fm6k0 sy6f7 tr22w",
];
/// [`MP_V1_CODE`] with 1 typed for I (in its third group).
pub const MP_V1_SPELLING: &str = "SEJUQ-KYURW-1MF7L-UDAFL";

/// seeds/README.md: the demo token's file, activation key, PIN and secret, and its eTokens for
/// counters 0..=4 (computed there with oathtool).
pub const DEMO_SERIAL: &str = "4F214C507612A26A";
pub const DEMO_KEY: &str = "YZQHoczZWw3cBCNo";
pub const DEMO_PIN: &str = "4089";
pub const DEMO_SECRET_HEX: &str = "f95737e7a4d9f2f8f2bccba902685d124a0a90e6";
pub const DEMO_CODES: [&str; 5] = ["033529", "413361", "336688", "355795", "280350"];

/// seeds/README.md: the TOTP sample, and its eTokens at the listed Unix times.
pub const TOTP_SAMPLE_SERIAL: &str = "7D3A9C41E05B28F6";
pub const TOTP_SAMPLE_KEY: &str = "Qm4Tz8WcLp2VxR7n";
pub const TOTP_SAMPLE_PIN: &str = "1357";
pub const TOTP_SAMPLE_CODES: [(u64, &str); 3] = [
    (59, "643245"),
    (1_111_111_109, "183396"),
    (2_000_000_000, "011926"),
];
