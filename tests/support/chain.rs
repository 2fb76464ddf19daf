//! The whole chain as a user runs it, for the enrolment tests: `softpass login` asking for an
//! enrolment, the activation e-mail's facts read from the raw message (an independent reading of
//! docs/email.md §3: fact lines are plain ASCII, untouched by quoted-printable), `import
//! --email`, and `login` with the imported token.
use super::{Sandbox, out};
use std::path::Path;

/// (exit code, stdout) of a run.
pub fn run(c: std::process::Command) -> (i32, String) {
    let o = out(c);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

/// `softpass login --enroll --server URL --user USER --email EMAIL --otp-pin OTP_PIN`.
pub fn enrol(sb: &Sandbox, url: &str, user: &str, email: &str, otp_pin: &str) -> (i32, String) {
    let args = [
        "login",
        "--enroll",
        "--server",
        url,
        "--user",
        user,
        "--email",
        email,
        "--otp-pin",
        otp_pin,
    ];
    run(sb.sp(&args))
}

/// The value of the `LABEL:` fact line of the message at `eml`.
pub fn fact(eml: &Path, label: &str) -> String {
    let text = String::from_utf8_lossy(&std::fs::read(eml).unwrap()).into_owned();
    text.lines()
        .find_map(|l| l.trim().strip_prefix(&format!("{label}:")))
        .map(|v| v.trim().trim_end_matches(" (attached)").to_owned())
        .unwrap_or_else(|| panic!("no {label}: line in {}", eml.display()))
}

/// `softpass import --email EML --otp-pin OTP_PIN` (cheap vault KDF): the imported serial.
pub fn import_mail(sb: &Sandbox, eml: &Path, otp_pin: &str) -> String {
    let mut args = vec!["--json", "import", "--email", eml.to_str().unwrap()];
    args.extend(["--otp-pin", otp_pin]);
    args.extend(super::KDF);
    let o = super::ok(sb.sp(&args));
    let v = super::json(&o);
    v["imported"][0]["serial"].as_str().unwrap().to_owned()
}

/// `softpass login --server URL --user USER EXTRA...` with the application PIN.
pub fn login(sb: &Sandbox, url: &str, user: &str, pin: &str, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["login", "--server", url, "--user", user];
    args.extend_from_slice(extra);
    run(sb.pin(pin, &args))
}
