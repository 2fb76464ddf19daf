//! The demo's import path, on a seed file written by `softpass issue` (the token server's side),
//! and the embedded demo seed itself once it is built in.
use softpass::app::Client;
use softpass::app::clock::FixedClock;
use softpass::domain::secret::SecretString;
use softpass::domain::vault::KdfCost;
use softpass::tui::demo;
use std::process::Command;

const CHEAP: KdfCost = KdfCost {
    memory_kib: 64,
    iterations: 1,
    parallelism: 1,
};

/// `softpass issue` writes a seed file and tells its activation key and serial.
fn issued(dir: &std::path::Path) -> (String, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_softpass"))
        .args(["issue", "--json", "--app-pin", "4089", "--out"])
        .arg(dir)
        .output()
        .expect("run softpass issue");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let t = &v["tokens"][0];
    let seed = std::fs::read_to_string(t["seed_file"].as_str().unwrap()).unwrap();
    (
        seed,
        t["activation_key"].as_str().unwrap().to_owned(),
        t["serial"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn imports_a_seed_file_with_its_key_and_pin_under_the_demo_name() {
    // One issued seed for all cases: its PBKDF2 cost is real, so unoptimised builds are slow.
    let server = tempfile::tempdir().unwrap();
    let (seed, key, serial) = issued(server.path());
    let dir = tempfile::tempdir().unwrap();
    let client = Client::new(dir.path().join("vault.json"), Box::new(FixedClock(0)));
    let class = |e: softpass::app::AppError| softpass::exit::classify(&e.into());

    let e = demo::import(&client, &seed, "AAAAAAAAAAAAAAAA", "4089", CHEAP).unwrap_err();
    assert_eq!(
        class(e),
        softpass::exit::Exit::WrongSecret,
        "wrong activation key"
    );
    let e = demo::import(&client, &seed, &key, "1111", CHEAP).unwrap_err();
    assert_eq!(
        class(e),
        softpass::exit::Exit::WrongSecret,
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
