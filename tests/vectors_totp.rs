//! RFC 6238 Appendix B: all 18 rows, with the 20/32/64-byte seeds of the RFC's reference code.
use softpass_core::otp::{Generator, Hotp, Totp};
use softpass_core::secret::SecretBytes;
use softpass_core::token::{Algorithm, OtpParams};

const SEED20: &[u8] = b"12345678901234567890";
const SEED32: &[u8] = b"12345678901234567890123456789012";
const SEED64: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";

/// (time, step in hex, TOTP, mode) exactly as printed in RFC 6238 Appendix B.
const APPENDIX_B: [(u64, u64, &str, Algorithm); 18] = [
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

fn seed(a: Algorithm) -> &'static [u8] {
    match a {
        Algorithm::Sha1 => SEED20,
        Algorithm::Sha256 => SEED32,
        Algorithm::Sha512 => SEED64,
    }
}

#[test]
fn rfc6238_appendix_b() {
    for (time, step, code, alg) in APPENDIX_B {
        let totp = Totp::new(Hotp::new(alg, seed(alg), 8).unwrap(), 30, 0).unwrap();
        assert_eq!(totp.step_at(time).unwrap(), step, "{time} {alg}");
        assert_eq!(
            totp.code_at(time).unwrap().to_string(),
            code,
            "{time} {alg}"
        );
    }
}

#[test]
fn rfc6238_through_the_generator() {
    for (time, _, code, alg) in APPENDIX_B {
        let secret = SecretBytes::from_slice(seed(alg));
        let Generator::Time(totp) = Generator::new(&OtpParams::totp(alg, 8, 30), &secret).unwrap()
        else {
            panic!("a TOTP generator was expected");
        };
        assert_eq!(totp.code_at(time).unwrap().to_string(), code);
    }
}
