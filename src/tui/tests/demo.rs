//! The demo's import path, on a seed file written by `softpass issue` (the token server's side),
//! and the embedded demo seed itself once it is built in.
use crate::tui::demo;
use softpass_client::Client;
use softpass_client::clock::FixedClock;
use softpass_client::issuer;
use softpass_core::ErrorKind;
use softpass_core::pskc::IssueSpec;
use softpass_core::secret::SecretString;
use softpass_core::token::{Algorithm, OtpParams};
use softpass_core::vault::KdfCost;

const CHEAP: KdfCost = KdfCost {
    memory_kib: 64,
    iterations: 1,
    parallelism: 1,
};

/// The issuer behind `softpass issue` writes a seed file and tells its activation key and serial.
fn issued(dir: &std::path::Path) -> (String, String, String) {
    let spec = IssueSpec {
        params: OtpParams::hotp(Algorithm::Sha1, 6),
        serial: None,
        activation_key: None,
        app_pin: Some(SecretString::from("4089")),
        secret: None,
        max_failed_attempts: 10,
        pbkdf2_iterations: 1_000,
        issuer: "softpass".into(),
        format: softpass_core::seedfile::Format::Pskc,
    };
    let t = issuer::issue(dir, &spec).expect("issue a token");
    let seed = std::fs::read_to_string(&t.seed_file).unwrap();
    let key = t
        .activation_key
        .expect("a PSKC seed file has an activation key");
    (seed, key.expose().to_owned(), t.serial)
}

#[test]
fn imports_a_seed_file_with_its_key_and_pin_under_the_demo_name() {
    // One issued seed for all cases: its PBKDF2 cost is real, so unoptimised builds are slow.
    let server = tempfile::tempdir().unwrap();
    let (seed, key, serial) = issued(server.path());
    let dir = tempfile::tempdir().unwrap();
    let client = Client::new(dir.path().join("vault.json"), Box::new(FixedClock(0)));
    let class = |e: softpass_client::AppError| e.kind();

    let e = demo::import(&client, &seed, "AAAAAAAAAAAAAAAA", "4089", CHEAP).unwrap_err();
    assert_eq!(class(e), ErrorKind::WrongSecret, "wrong activation key");
    let e = demo::import(&client, &seed, &key, "1111", CHEAP).unwrap_err();
    assert_eq!(
        class(e),
        ErrorKind::WrongSecret,
        "PIN differs from the seed's"
    );
    assert!(
        client.list().unwrap().is_empty(),
        "nothing stored after a refusal"
    );

    let imported = demo::import(&client, &seed, &key, "4089", CHEAP).unwrap();
    assert_eq!(imported.len(), 1);
    assert_eq!(
        (imported[0].name.as_str(), imported[0].serial.as_str()),
        (demo::NAME, serial.as_str())
    );
    assert_eq!(client.list().unwrap().len(), 1);
    assert!(
        client
            .unlock(demo::NAME, &SecretString::from("4089"))
            .is_ok()
    );
}

#[test]
fn the_embedded_demo_seed_gives_the_published_etokens() {
    let dir = tempfile::tempdir().unwrap();
    let client = Client::new(dir.path().join("vault.json"), Box::new(FixedClock(0)));
    let info = demo::INFO;
    let imported = demo::import(
        &client,
        demo::SEED,
        info.activation_key,
        info.app_pin,
        CHEAP,
    )
    .unwrap();
    assert_eq!(imported[0].serial, info.serial);
    let token = client
        .unlock(demo::NAME, &SecretString::from(info.app_pin))
        .unwrap();
    let codes: Vec<String> = client
        .next_codes(&token, 3)
        .unwrap()
        .into_iter()
        .map(|c| c.code)
        .collect();
    // seeds/README.md: computed with oathtool from the published secret, not with softpass.
    assert_eq!(codes, ["033529", "413361", "336688"]);
}
