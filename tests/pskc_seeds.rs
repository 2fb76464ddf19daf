//! The sample seed files in seeds/ open with their published activation keys and give the
//! eTokens listed in seeds/README.md (computed there with oathtool, independently of softpass).
use softpass_core::otp::Generator;
use softpass_core::pskc::{KeyPackage, PinUsage, Protection, read};
use softpass_core::secret::SecretString;
use softpass_core::token::{Algorithm, Kind};

fn open(serial: &str, activation_key: &str) -> KeyPackage {
    let path = format!("{}/seeds/{serial}.pskc", env!("CARGO_MANIFEST_DIR"));
    let xml = std::fs::read_to_string(path).unwrap();
    let pw = SecretString::from(activation_key);
    let mut keys = read(
        &xml,
        &Protection::Password {
            password: &pw,
            iterations: 0,
        },
    )
    .unwrap();
    assert_eq!(keys.len(), 1);
    keys.remove(0)
}

#[test]
fn demo_token() {
    let k = open("4F214C507612A26A", "YZQHoczZWw3cBCNo");
    assert_eq!(k.serial.as_deref(), Some("4F214C507612A26A"));
    assert_eq!(k.params.kind, Kind::Hotp);
    assert_eq!(
        (k.params.algorithm, k.params.digits, k.counter),
        (Algorithm::Sha1, 6, 0)
    );
    assert_eq!(
        hex::encode(k.secret.expose()),
        "f95737e7a4d9f2f8f2bccba902685d124a0a90e6"
    );
    assert!(k.pin.as_ref().unwrap().ct_eq("4089"));
    assert_eq!(k.pin_usage, Some(PinUsage::Local));
    assert_eq!(k.pin_policy.unwrap().max_failed_attempts, Some(10));
    let g = Generator::new(&k.params, &k.secret).unwrap();
    let codes: Vec<String> = (0..5).map(|c| g.hotp().code(c).to_string()).collect();
    assert_eq!(codes, ["033529", "413361", "336688", "355795", "280350"]);
}

#[test]
fn totp_sample() {
    let k = open("7D3A9C41E05B28F6", "Qm4Tz8WcLp2VxR7n");
    assert_eq!(k.params.kind, Kind::Totp);
    assert_eq!((k.params.digits, k.params.period), (6, 30));
    assert!(k.pin.as_ref().unwrap().ct_eq("1357"));
    assert_eq!(k.pin_policy.unwrap().max_failed_attempts, Some(5));
    let Generator::Time(t) = Generator::new(&k.params, &k.secret).unwrap() else {
        panic!("a TOTP token must give a time generator");
    };
    let codes: Vec<String> = [59, 1_111_111_109, 2_000_000_000]
        .iter()
        .map(|&at| t.code_at(at).unwrap().to_string())
        .collect();
    assert_eq!(codes, ["643245", "183396", "011926"]);
}
