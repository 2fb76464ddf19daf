//! Enrolment by e-mail end to end, every part real: `softpass serve` in create-token mode sends the
//! activation e-mail to a real SMTP server on loopback (Python's aiosmtpd, tests/support/smtp.rs);
//! the message is imported with `import --email`; `login` is accepted, a replayed eToken and a
//! wrong OTP PIN are refused with privacyIDEA's messages. Also: each RAS mode for a user without a
//! token, every refusal of `POST /enroll`, a failed SMTP send (nothing enrolled), the outbox, and
//! the chain on PostgreSQL (with the cap on a user's open challenges).
use crate::support::chain::{enrol, fact, import_mail, login};
use crate::support::pg::PgCluster;
use crate::support::serve::{Server, error, hotp, http, init_alice, start, text, users_file};
use crate::support::smtp::SmtpSink;
use crate::support::{Sandbox, mode};
use std::path::Path;

const OTP_PIN: &str = "4711";

fn url(s: &Server) -> String {
    format!("http://{}", s.addr)
}

/// A server with users alice, bob, carol and `args`.
fn serve(d: &Path, args: &[&str]) -> Server {
    std::fs::create_dir_all(d).unwrap();
    let users = users_file(d, &["alice", "bob", "carol"]);
    let mut all = vec!["--users", users.to_str().unwrap()];
    all.extend_from_slice(args);
    start(&d.join("data"), &all)
}

/// POST /enroll as a form, with an optional `Authorization` header.
fn post_enroll(s: &Server, form: &str, auth: Option<&str>) -> (u16, serde_json::Value) {
    let mut h = vec![("Content-Type", "application/x-www-form-urlencoded")];
    if let Some(a) = auth {
        h.push(("Authorization", a));
    }
    http(&s.addr, "POST", "/enroll", &h, Some(form.as_bytes()))
}

/// The transaction_id of the enrolment challenge `/validate/check` answers for `user`.
fn challenge(s: &Server, user: &str) -> String {
    let (st, v) = s.get(&format!("/validate/check?user={user}&pass="));
    assert_eq!(
        (st, text(&v["result"]["authentication"])),
        (200, "CHALLENGE".into()),
        "{v}"
    );
    text(&v["detail"]["transaction_id"])
}

/// The serial and secret (hex) of the vault's only token, from `export`'s otpauth URI.
fn exported_secret(sb: &Sandbox, pin: &str) -> String {
    let uri = crate::support::ok(sb.pin(pin, &["export", "--uri"]));
    let b32 = uri
        .split("secret=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    let key = data_encoding::BASE32_NOPAD
        .decode(b32.trim().as_bytes())
        .unwrap();
    hex::encode(key)
}

#[test]
fn enrolment_by_smtp_then_import_then_login() {
    let d = tempfile::tempdir().unwrap();
    let Some(sink) = SmtpSink::start(&d.path().join("mail")) else {
        return;
    };
    let smtp = sink.url();
    let s = serve(
        d.path(),
        &[
            "--mode",
            "create-token",
            "--smtp",
            &smtp,
            "--mail-from",
            "Token Desk <desk@example.org>",
        ],
    );
    let sb = Sandbox::new();
    // An empty vault: login asks for the enrolment and answers the challenge.
    let (code, out) = enrol(&sb, &url(&s), "alice", "alice@example.org", OTP_PIN);
    assert_eq!(code, 9, "{out}");
    let mails = sink.wait_for(1);
    let serial = fact(&mails[0], "Token Serial");
    assert_eq!(
        out,
        format!("ENROLL: activation e-mail sent to alice@example.org (token {serial})\n")
    );
    let env = sink.envelope(&mails[0]);
    assert_eq!(env["rcpt_tos"], serde_json::json!(["alice@example.org"]));
    assert_eq!(env["mail_from"], "desk@example.org");
    assert_eq!(import_mail(&sb, &mails[0], OTP_PIN), serial);
    let pin = fact(&mails[0], "Application PIN");
    // The activation key, the PINs and the secret stay out of the audit log.
    let audit = std::fs::read_to_string(s.dir.join("audit.jsonl")).unwrap();
    let key = fact(&mails[0], "Activation Key");
    assert!(
        audit.contains("\"action\":\"enroll\"") && audit.contains(&serial),
        "{audit}"
    );
    for secret in [key.as_str(), pin.as_str(), OTP_PIN] {
        assert!(!audit.contains(secret), "{secret} in {audit}");
    }
    let (code, out) = login(&sb, &url(&s), "alice", &pin, &[]);
    assert_eq!((code, out.as_str()), (0, "ACCEPT: matching 1 tokens\n"));
    // The same eToken again (counter 0, computed from the exported secret): privacyIDEA's replay.
    let replay = hotp(&exported_secret(&sb, &pin), 0);
    let (_, msg_auth, msg) = s.check("alice", &format!("{OTP_PIN}{replay}"));
    assert_eq!(
        (msg_auth.as_str(), msg.as_str()),
        ("REJECT", "wrong otp value. previous otp used again")
    );
    let (code, out) = login(&sb, &url(&s), "alice", &pin, &["--otp-pin", "0000"]);
    assert_eq!((code, out.as_str()), (8, "REJECT: wrong otp pin\n"));
    let (code, out) = login(&sb, &url(&s), "alice", &pin, &[]);
    assert_eq!((code, out.as_str()), (0, "ACCEPT: matching 1 tokens\n"));
    assert_eq!(s.stop(), Some(0));
}

#[test]
fn each_mode_for_a_user_without_a_token() {
    let want = [
        ("mandatory", 8, "REJECT: The user has no tokens assigned\n"),
        // No terminal and no --email: the challenge is reported, exit 9.
        ("create-token", 9, "ENROLL: enrollment required\n"),
        (
            "safenet-only",
            0,
            "ACCEPT: user has no token, accepted due to 'safenet-only'\n",
        ),
    ];
    for (m, code, line) in want {
        let d = tempfile::tempdir().unwrap();
        let s = serve(d.path(), &["--mode", m]);
        let sb = Sandbox::new();
        let got =
            crate::support::chain::run(sb.sp(&["login", "--server", &url(&s), "--user", "bob"]));
        assert_eq!(got, (code, line.to_owned()), "mode {m}");
        // --enroll says the same with tokens in the vault.
        sb.import_uri("otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQ&counter=0", &[]);
        let args = ["login", "--enroll", "--server", &url(&s), "--user", "bob"];
        assert_eq!(
            crate::support::chain::run(sb.sp(&args)),
            (code, line.to_owned()),
            "mode {m}"
        );
    }
}

#[test]
fn enroll_refusals() {
    let d = tempfile::tempdir().unwrap();
    let mand = serve(&d.path().join("m"), &["--mode", "mandatory"]);
    let form = "user=bob&email=bob%40example.org&otp_pin=1111&transaction_id=1";
    let (st, v) = post_enroll(&mand, form, None);
    assert_eq!((st, error(&v).0), (403, 303), "{v}");
    let s = serve(&d.path().join("c"), &["--mode", "create-token"]);
    init_alice(&s);
    let tid = challenge(&s, "bob");
    let cases = [
        (
            // The open challenge's id with its first digit changed.
            format!(
                "user=bob&email=bob%40example.org&otp_pin=1111&transaction_id={}{}",
                if tid.starts_with('9') { '8' } else { '9' },
                &tid[1..]
            ),
            403,
            303,
        ),
        (
            "user=nobody&email=n%40example.org&otp_pin=1111&transaction_id=1".to_owned(),
            400,
            904,
        ),
        (
            "user=alice&email=a%40example.org&otp_pin=1111&transaction_id=1".to_owned(),
            403,
            303,
        ),
        (
            format!("user=bob&email=not-an-address&otp_pin=1111&transaction_id={tid}"),
            400,
            905,
        ),
        (
            format!("user=bob&email=bob%40example.org&transaction_id={tid}"),
            400,
            905,
        ),
    ];
    for (form, status, code) in &cases {
        let (st, v) = post_enroll(&s, form, None);
        assert_eq!((st, error(&v).0), (*status, *code), "{form}: {v}");
    }
    // The challenge is optional ("and transaction_id when answering that challenge"): a known
    // user without a token enrols without one, once; then the user has a token.
    let open = "user=bob&email=bob%40example.org&otp_pin=1111";
    let (st, v) = post_enroll(&s, open, None);
    assert_eq!(st, 200, "{v}");
    let (st, v) = post_enroll(&s, open, None);
    assert_eq!((st, error(&v).0), (403, 303), "{v}");
    let (st, v) = post_enroll(
        &s,
        "user=bob&email=b%40example.org&otp_pin=1",
        Some("Bearer wrong"),
    );
    assert_eq!((st, error(&v).0), (401, 4031), "{v}");
}

#[test]
fn the_right_challenge_enrols_once_and_the_admin_always() {
    let d = tempfile::tempdir().unwrap();
    let mand = serve(&d.path().join("m"), &["--mode", "mandatory"]);
    let s = serve(&d.path().join("c"), &["--mode", "create-token"]);
    init_alice(&s);
    let tid = challenge(&s, "bob");
    // The right challenge enrols once; its transaction_id is used up.
    let ok = format!("user=bob&email=bob%40example.org&otp_pin=1111&transaction_id={tid}");
    let (st, v) = post_enroll(&s, &ok, None);
    assert_eq!(st, 200, "{v}");
    let serial = text(&v["detail"]["serial"]);
    let eml = s.dir.join("outbox").join(format!("{serial}.eml"));
    assert_eq!(mode(&eml) & 0o777, 0o600);
    assert_eq!(fact(&eml, "Token Serial"), serial);
    let (st, v) = post_enroll(&s, &ok, None);
    assert_eq!(
        (st, error(&v).1.as_str()),
        (403, "ERR303: The user already has a token.")
    );
    // The admin credential enrols any known user, one with a token too, without a challenge.
    let auth = format!("Bearer {}", s.key);
    let (st, v) = post_enroll(
        &s,
        "user=alice&email=a%40example.org&otp_pin=2222",
        Some(&auth),
    );
    assert_eq!(st, 200, "{v}");
    let (_, list) = s.admin("GET", "/token/?user=alice", "");
    assert_eq!(list["result"]["value"]["count"], 2, "{list}");
    let (st, v) = post_enroll(
        &mand,
        "user=carol&email=c%40example.org&otp_pin=3",
        Some(&format!("Bearer {}", mand.key)),
    );
    assert_eq!(st, 200, "admin enrolment in mandatory mode: {v}");
}

#[test]
fn a_failed_smtp_send_enrols_nothing() {
    let d = tempfile::tempdir().unwrap();
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let smtp = format!("smtp://127.0.0.1:{port}");
    let s = serve(d.path(), &["--mode", "create-token", "--smtp", &smtp]);
    let tid = challenge(&s, "bob");
    let form = format!("user=bob&email=bob%40example.org&otp_pin=1111&transaction_id={tid}");
    let (st, v) = post_enroll(&s, &form, None);
    let (_, message) = error(&v);
    assert_eq!(st, 503, "{v}");
    assert!(message.contains("nothing was enrolled"), "{message}");
    let (_, list) = s.admin("GET", "/token/?user=bob", "");
    assert_eq!(list["result"]["value"]["count"], 0, "{list}");
    // The challenge was used up; logging in again gives a new one.
    let (st, v) = post_enroll(&s, &form, None);
    assert_eq!((st, error(&v).0), (403, 303), "{v}");
    assert_ne!(challenge(&s, "bob"), tid);
}

#[test]
fn enrolment_on_postgres_with_the_outbox() {
    let Some(pg) = PgCluster::start() else { return };
    let db = pg.create_db("softpass_enrol");
    let d = tempfile::tempdir().unwrap();
    let s = serve(d.path(), &["--mode", "create-token", "--db", &db]);
    // Twelve unanswered checks of bob leave his newest 8 challenges, the last one among them.
    let ids: Vec<String> = (0..12).map(|_| challenge(&s, "bob")).collect();
    let bob = "SELECT count(*) FROM challenges WHERE user_login = 'bob'";
    assert_eq!(pg.sql("softpass_enrol", bob).trim(), "8");
    let last = format!(
        "SELECT count(*) FROM challenges WHERE transaction_id = '{}'",
        ids[11]
    );
    assert_eq!(pg.sql("softpass_enrol", &last).trim(), "1");
    let sb = Sandbox::new();
    let (code, out) = enrol(&sb, &url(&s), "carol", "carol@example.org", OTP_PIN);
    assert_eq!(code, 9, "{out}");
    assert!(
        out.contains("written to the server's outbox (token "),
        "{out}"
    );
    let outbox: Vec<_> = std::fs::read_dir(s.dir.join("outbox"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(outbox.len(), 1);
    import_mail(&sb, &outbox[0], OTP_PIN);
    let pin = fact(&outbox[0], "Application PIN");
    assert_eq!(
        login(&sb, &url(&s), "carol", &pin, &[]),
        (0, "ACCEPT: matching 1 tokens\n".into())
    );
    let rows = pg.sql(
        "softpass_enrol",
        "SELECT count(*) FROM tokens WHERE user_login = 'carol'",
    );
    assert_eq!(rows.trim(), "1");
}

#[test]
fn enroll_type_totp_makes_a_totp_token_that_logs_in() {
    let d = tempfile::tempdir().unwrap();
    let s = serve(
        d.path(),
        &["--mode", "create-token", "--enroll-type", "totp"],
    );
    let sb = Sandbox::new();
    let (code, out) = enrol(&sb, &url(&s), "bob", "bob@example.org", OTP_PIN);
    assert_eq!(code, 9, "{out}");
    let serial = out
        .trim_end()
        .trim_end_matches(')')
        .rsplit(' ')
        .next()
        .unwrap()
        .to_owned();
    let eml = s.dir.join("outbox").join(format!("{serial}.eml"));
    assert!(
        fact(&eml, "Token Type").starts_with("TOTP"),
        "{}",
        fact(&eml, "Token Type")
    );
    import_mail(&sb, &eml, OTP_PIN);
    let pin = fact(&eml, "Application PIN");
    assert_eq!(
        login(&sb, &url(&s), "bob", &pin, &[]),
        (0, "ACCEPT: matching 1 tokens\n".into())
    );
}
