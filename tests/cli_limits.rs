//! Limits and refusals that must not spend anything: bounded --count, over-long input, PINs the
//! policy rules out, --time on an event token. Black box, in a temp dir.
use serde_json::Value;
use std::process::Command;

/// RFC 4226 Appendix D key, base32.
const URI: &str = "otpauth://hotp/limits?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0";
const PIN: &str = "2468";

struct Sandbox(tempfile::TempDir);

impl Sandbox {
    fn new() -> Self {
        let sb = Sandbox(tempfile::tempdir().unwrap());
        let o = sb
            .cmd(Some(PIN))
            .args(["import", "--uri", URI])
            .args(KDF)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        sb
    }
    fn cmd(&self, pin: Option<&str>) -> Command {
        let mut c = Command::new(assert_cmd::cargo::cargo_bin("softpass"));
        c.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.0.path())
            .env("SOFTPASS_VAULT", self.0.path().join("vault.json"))
            .env("SOFTPASS_CONFIG", self.0.path().join("config.toml"))
            .stdin(std::process::Stdio::null());
        if let Some(p) = pin {
            c.env("SOFTPASS_PIN", p);
        }
        c
    }
    fn token(&self) -> Value {
        let o = self.cmd(None).args(["--json", "list"]).output().unwrap();
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        v["tokens"][0].clone()
    }
    /// Runs and returns (exit code, stderr).
    fn fails(&self, pin: Option<&str>, args: &[&str]) -> (i32, String) {
        let o = self.cmd(pin).args(args).output().unwrap();
        assert!(o.stdout.is_empty(), "nothing on stdout for a refusal");
        (
            o.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    }
}

const KDF: [&str; 4] = ["--kdf-memory-kib", "64", "--kdf-iterations", "1"];

#[test]
fn count_above_the_limit_is_refused_and_spends_no_counter() {
    let sb = Sandbox::new();
    let (code, err) = sb.fails(Some(PIN), &["code", "--count", "100001"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(sb.token()["counter"], 0);
    // The limit itself is allowed; RFC 4226 Appendix D: counter 0 is 755224.
    let o = sb
        .cmd(Some(PIN))
        .args(["code", "--count", "100000"])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("755224\n"));
    assert_eq!(sb.token()["counter"], 100_000);
}

#[test]
fn an_otp_pin_too_long_to_store_is_invalid_input_not_a_corrupt_vault() {
    let sb = Sandbox::new();
    let long = "9".repeat(300);
    let uri = URI.replace("GEZDGNBV", "MFRGGZDF");
    let args = [
        "import",
        "--uri",
        &uri,
        "--name",
        "second",
        "--otp-pin",
        &long,
    ];
    let (code, err) = sb.fails(Some(PIN), &[&args[..], &KDF[..]].concat());
    assert_eq!(code, 5, "{err}");
    assert!(
        !err.contains(&long),
        "the OTP PIN must not be echoed: {err}"
    );
    let listed = sb.cmd(None).args(["--json", "list"]).output().unwrap();
    let v: Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(
        v["tokens"].as_array().map(Vec::len),
        Some(1),
        "nothing was added"
    );
}

#[test]
fn a_pin_the_policy_rules_out_is_refused_without_counting() {
    let sb = Sandbox::new();
    for short in ["", "12"] {
        let (code, err) = sb.fails(Some(short), &["code"]);
        assert_eq!(code, 5, "{err}");
    }
    assert_eq!(sb.token()["failed_attempts"], 0);
    // A well-formed wrong PIN still counts.
    assert_eq!(sb.fails(Some("9999"), &["code"]).0, 3);
    assert_eq!(sb.token()["failed_attempts"], 1);
}

#[test]
fn time_on_an_event_token_is_refused_before_the_pin_is_checked() {
    let sb = Sandbox::new();
    let (code, err) = sb.fails(Some("9999"), &["code", "--time", "59"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("event based"), "{err}");
    assert_eq!(
        sb.token()["failed_attempts"],
        0,
        "the wrong PIN was never tried"
    );
    assert_eq!(sb.token()["counter"], 0);
}
