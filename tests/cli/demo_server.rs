//! `softpass demo --server` run as a user runs it: every step of the whole chain printed and
//! answered as expected (enrolment challenge answered, the e-mail's facts, import, eToken,
//! ACCEPT), exit 0, and nothing left behind (its folder is gone, no vault of the user's touched).
use crate::support::{Sandbox, ok};

fn after<'a>(text: &'a str, prefix: &str) -> &'a str {
    text.lines()
        .find_map(|l| l.trim().strip_prefix(prefix).map(str::trim))
        .unwrap_or_else(|| panic!("no line {prefix:?} in:\n{text}"))
}

#[test]
fn demo_server_runs_the_whole_chain_and_cleans_up() {
    let sb = Sandbox::new();
    let t = std::time::Instant::now();
    let out = ok(sb.novault(&["demo", "--server"]));
    assert!(t.elapsed().as_secs() < 60, "took {:?}", t.elapsed());
    for n in 1..=6 {
        assert!(out.contains(&format!("\n[{n}/6] ")), "step {n}:\n{out}");
    }
    let url = after(&out, "softpass: listening on ");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let enrolled = after(
        &out,
        "ENROLL: activation e-mail for demo@example.org written to the server's outbox (token ",
    );
    let serial = enrolled.trim_end_matches(')');
    assert_eq!(serial.len(), 16, "{enrolled}");
    assert_eq!(after(&out, "Token Serial:"), serial);
    let key = after(&out, "Activation Key:");
    assert!(
        key.len() == 16 && key.chars().all(|c| c.is_ascii_alphanumeric()),
        "{key}"
    );
    let pin = after(&out, "Application PIN:");
    assert!(
        pin.len() == 4 && pin.chars().all(|c| c.is_ascii_digit()),
        "{pin}"
    );
    assert!(
        out.contains(&format!("imported {serial} (serial {serial}, hotp)")),
        "{out}"
    );
    let code = after(&out, "4711");
    assert!(
        code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()),
        "{code}"
    );
    assert!(out.contains("    ACCEPT: matching 1 tokens\n"), "{out}");
    // The outbox it printed, and so its whole folder, is gone.
    let eml = out
        .lines()
        .find(|l| l.trim_end().ends_with(".eml:"))
        .unwrap();
    let eml = std::path::Path::new(eml.trim().trim_end_matches(':'));
    assert!(eml.is_absolute() && !eml.exists(), "{}", eml.display());
    assert!(!sb.vault().exists() && !sb.path("data/softpass").exists());
}
