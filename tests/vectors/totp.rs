//! RFC 6238 Appendix B: all 18 rows, with the 20/32/64-byte seeds of the RFC's reference code,
//! from the core, through `softpass calc`, and consecutive steps against oathtool.
use softpass_core::otp::{Generator, Hotp, Totp};
use softpass_core::secret::SecretBytes;
use softpass_core::token::OtpParams;

use crate::support::*;

#[test]
fn rfc6238_appendix_b() {
    for (time, step, code, alg) in RFC6238 {
        let totp = Totp::new(Hotp::new(alg, rfc6238_seed(alg), 8).unwrap(), 30, 0).unwrap();
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
    for (time, _, code, alg) in RFC6238 {
        let secret = SecretBytes::from_slice(rfc6238_seed(alg));
        let Generator::Time(totp) = Generator::new(&OtpParams::totp(alg, 8, 30), &secret).unwrap()
        else {
            panic!("a TOTP generator was expected");
        };
        assert_eq!(totp.code_at(time).unwrap().to_string(), code);
    }
}

#[test]
fn calc_secret_gives_appendix_b_for_every_algorithm() {
    for (time, _, code, alg) in RFC6238 {
        let args = format!(
            "--secret {} --algorithm {alg} --digits 8 --totp --time {time}",
            rfc6238_seed_b32(alg)
        );
        assert_eq!(calc(&words(&args)), format!("{code}\n"), "{alg} at {time}");
    }
}

#[test]
fn calc_time_with_count_gives_consecutive_steps() {
    // Steps 1 and 2 at 30 s: HOTP counters 1 and 2 of RFC 4226 (Snum 0x41397eea, 0x082fef30)
    // at 8 digits.
    let from59 = format!("--secret {SEED20_B32} --totp --digits 8 --time 59");
    assert_eq!(
        calc(&words(&format!("{from59} --count 2"))),
        "94287082\n37359152\n"
    );
    let mut want = Vec::new();
    for t in ["@59", "@89", "@119"] {
        want.extend(oathtool(&["--totp", "-d", "8", "--now", t, SEED20_HEX]));
    }
    let got = calc(&words(&format!("{from59} --count 3")));
    assert_eq!(got.lines().collect::<Vec<_>>(), want);
    // With --period 60, time 59 is step 0 (Snum 0x4c93cf18 = 1284755224).
    let p60 = format!("--secret {SEED20_B32} --totp --period 60 --time 59 --digits 10");
    assert_eq!(calc(&words(&p60)), "1284755224\n");
}

#[test]
fn calc_totp_period() {
    let args = format!("--secret {SEED20_B32} --totp --period 60 --time 1234567890 --count 2");
    let mut want = oathtool(&["--totp", "-s", "60", "--now", "@1234567890", SEED20_HEX]);
    want.extend(oathtool(&[
        "--totp",
        "-s",
        "60",
        "--now",
        "@1234567950",
        SEED20_HEX,
    ]));
    assert_eq!(calc(&words(&args)).lines().collect::<Vec<_>>(), want);
}
