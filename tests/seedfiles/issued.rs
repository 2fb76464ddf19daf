//! `import --issued FILE.json`: every token an `issue --json` document lists, in one run, all or
//! nothing, each sealed under its own application PIN (SOFTPASS_PIN and --pin-stdin do not apply).
use crate::support::*;
use crate::vault_support::{Sandbox, fails, run};
use serde_json::Value;

/// `issue --json --out DIR ARGS` run in `cwd`; the document is saved as `doc` (also in `cwd`).
fn issue_doc(sb: &Sandbox, cwd: &std::path::Path, args: &[&str]) -> Value {
    std::fs::create_dir_all(cwd).unwrap();
    let mut all = vec![
        "--json",
        "issue",
        "--out",
        "out",
        "--pbkdf2-iterations",
        "1000",
    ];
    all.extend(args);
    let out = run(sb.cmd().current_dir(cwd).args(&all), 0);
    std::fs::write(cwd.join("issued.json"), &out).unwrap();
    serde_json::from_str(&out).unwrap()
}

fn import_issued(sb: &Sandbox, cwd: &std::path::Path, doc: &str) -> std::process::Command {
    let mut c = sb.cmd();
    c.current_dir(cwd)
        .args(["import", "--issued", doc])
        .args(TINY);
    c
}

#[test]
fn every_token_under_its_own_pin_found_from_another_folder() {
    let sb = Sandbox::new();
    let server = sb.dir.path().join("server");
    let doc = issue_doc(&sb, &server, &["--count", "3"]);
    let mut csv = issue_doc(&sb, &server.join("csv"), &["--format", "oathcsv"]);
    // Run from elsewhere: the relative seed_file paths are found next to the document.
    let elsewhere = sb.dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let mut c = import_issued(&sb, &elsewhere, "../server/issued.json");
    // A PIN in the environment is not the one the tokens are sealed under.
    c.env("SOFTPASS_PIN", "0000");
    let out = run(c, 0);
    assert_eq!(out.lines().count(), 3, "{out}");
    run(
        import_issued(&sb, &elsewhere, "../server/csv/issued.json"),
        0,
    );
    let mut all = doc["tokens"].as_array().unwrap().clone();
    all.push(csv["tokens"][0].take());
    assert_eq!(serials(&sb).len(), 4);
    for t in &all {
        let serial = t["serial"].as_str().unwrap();
        let pin = t["application_pin"].as_str().unwrap();
        let uri = t["otpauth"].as_str().unwrap();
        let want = run(sb.cmd().args(["calc", "--uri", uri]), 0);
        assert_eq!(codes(&sb, pin, serial, 1), [want.trim()]);
        fails(sb.with_pin("0000", &["code", serial]), 3);
    }
}

#[test]
fn all_or_nothing_and_usage() {
    let sb = Sandbox::new();
    let server = sb.dir.path().join("server");
    let doc = issue_doc(&sb, &server, &["--count", "2"]);
    // The second seed file is damaged: nothing is imported.
    let second = server.join(doc["tokens"][1]["seed_file"].as_str().unwrap());
    let text = std::fs::read_to_string(&second).unwrap();
    std::fs::write(
        &second,
        text.replace("<pskc:PlainValue>0<", "<pskc:PlainValue>zero<"),
    )
    .unwrap();
    let err = fails(import_issued(&sb, &server, "issued.json"), 5);
    assert!(
        err.contains(&second.file_name().unwrap().to_string_lossy().to_string()),
        "{err}"
    );
    assert!(!sb.vault().exists() || serials(&sb).is_empty());
    // A wrong PIN in the document (against the seed's PIN): exit 3, nothing stored.
    std::fs::write(&second, text).unwrap();
    let pin = doc["tokens"][0]["application_pin"].as_str().unwrap();
    let doctored = std::fs::read_to_string(server.join("issued.json"))
        .unwrap()
        .replace(
            &format!("\"application_pin\":\"{pin}\""),
            "\"application_pin\":\"99999\"",
        );
    std::fs::write(server.join("bad.json"), doctored).unwrap();
    fails(import_issued(&sb, &server, "bad.json"), 3);
    assert!(!sb.vault().exists() || serials(&sb).is_empty());
    let mut c = import_issued(&sb, &server, "issued.json");
    fails(c.arg("--pin-stdin"), 2);
    let mut c = import_issued(&sb, &server, "issued.json");
    fails(c.args(["--name", "x"]), 2);
    std::fs::write(server.join("not.json"), "{\"tokens\": 3}").unwrap();
    let err = fails(import_issued(&sb, &server, "not.json"), 5);
    assert!(err.contains("not.json: not an issue document"), "{err}");
    run(import_issued(&sb, &server, "issued.json"), 0);
    assert_eq!(serials(&sb).len(), 2);
}
