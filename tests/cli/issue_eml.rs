//! `issue --eml`: the activation message beside the seed file (0600, new, whole, removed with
//! its seed file when it cannot be written), its headers and attachment, the printed text being
//! its body, the additive `eml` JSON field, and address checks before anything is written.
use serde_json::Value;

use crate::support::*;

/// `--json issue --out out --eml EXTRA` (fast PBKDF2); the first token object.
fn issue_eml(sb: &Sandbox, extra: &[&str]) -> Value {
    let mut args = vec!["--json", "issue", "--out", "out", "--eml"];
    args.extend(FAST_ISSUE);
    args.extend(extra);
    json(&ok(sb.novault(&args)))["tokens"][0].clone()
}

/// The parts of a MIME message between `--BOUNDARY` lines, each as (headers, body).
fn mime_parts(message: &str) -> Vec<(String, String)> {
    let boundary = message
        .split("boundary=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a multipart boundary");
    let delimiter = format!("\r\n--{boundary}");
    message
        .split(delimiter.as_str())
        .skip(1)
        .filter(|p| !p.starts_with("--"))
        .map(|p| {
            let (head, body) = p.trim_start_matches("\r\n").split_once("\r\n\r\n").unwrap();
            (head.to_owned(), body.to_owned())
        })
        .collect()
}

/// RFC 2045 §6.7 quoted-printable, decoded here independently of any mail library.
fn unquote(qp: &str) -> String {
    let joined = qp.replace("=\r\n", "");
    let b = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn eml_is_written_beside_the_seed_file_with_headers_body_and_attachment() {
    let sb = Sandbox::new();
    let t = issue_eml(&sb, &["--email", "alice@example.com"]);
    let serial = t["serial"].as_str().unwrap();
    let mut keys: Vec<&str> = t.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    let want = ["activation_key", "application_pin", "eml", "otpauth"];
    assert_eq!(keys, [&want[..], &["seed_file", "serial"]].concat());
    assert_eq!(t["eml"], format!("out/{serial}.eml"));
    let eml = sb.path(t["eml"].as_str().unwrap());
    assert_eq!(mode(&eml), 0o600);
    let text = std::fs::read_to_string(&eml).unwrap();
    let head = text.split("\r\n\r\n").next().unwrap();
    for line in [
        "From: \"softpass token service\" <softpass@localhost>".to_owned(),
        "To: alice@example.com".into(),
        format!("Subject: Your software token {serial} is ready to activate"),
        "MIME-Version: 1.0".into(),
    ] {
        assert!(head.lines().any(|l| l == line), "{line:?} not in {head}");
    }
    let id = head
        .lines()
        .find_map(|l| l.strip_prefix("Message-ID: "))
        .unwrap();
    assert!(
        id.starts_with('<') && id.ends_with("@localhost>") && id.len() == 44,
        "{id}"
    );
    assert!(head.lines().any(|l| l.starts_with("Date: ")), "{head}");
    let parts = mime_parts(&text);
    assert_eq!(parts.len(), 2, "text and seed file");
    assert!(
        parts[0]
            .0
            .contains("Content-Type: text/plain; charset=utf-8")
    );
    assert!(
        parts[0]
            .0
            .contains("Content-Transfer-Encoding: quoted-printable")
    );
    let (head, body) = &parts[1];
    assert!(
        head.contains("Content-Type: application/pskc+xml"),
        "{head}"
    );
    assert!(
        head.contains(&format!("filename=\"{serial}.pskc\"")),
        "{head}"
    );
    assert!(head.contains("Content-Transfer-Encoding: base64"), "{head}");
    let attached = data_encoding::BASE64
        .decode(body.replace("\r\n", "").as_bytes())
        .unwrap();
    let seed = std::fs::read(sb.path(t["seed_file"].as_str().unwrap())).unwrap();
    assert_eq!(
        attached, seed,
        "the attachment is the seed file byte for byte"
    );
    // The message's text names the facts the JSON gives.
    let body = unquote(&parts[0].1);
    for fact in ["activation_key", "application_pin", "serial"] {
        assert!(body.contains(t[fact].as_str().unwrap()), "{fact}: {body}");
    }
}

#[test]
fn the_printed_email_is_the_messages_body() {
    let sb = Sandbox::new();
    let args = "issue --out out --eml --serial 00000000000000E1 --app-pin 2468 \
                --activation-key AbCdEfGh12345678 --pbkdf2-iterations 1000 \
                --email bob@example.com --mail-from desk@example.org --issuer ACME";
    let printed = ok(sb.novault(&words(args)));
    let (head, body) = printed.split_once("\n\n").unwrap();
    assert_eq!(
        head,
        "To: bob@example.com\nFrom: ACME token service <desk@example.org>\n\
         Subject: Your software token 00000000000000E1 is ready to activate"
    );
    let eml = std::fs::read_to_string(sb.path("out/00000000000000E1.eml")).unwrap();
    assert!(eml.contains("From: \"ACME token service\" <desk@example.org>\r\n"));
    assert!(
        eml.contains("@example.org>\r\n"),
        "Message-ID on the sender's domain"
    );
    let text = unquote(&mime_parts(&eml)[0].1);
    assert_eq!(
        text.replace("\r\n", "\n"),
        body,
        "one text, printed and sent"
    );
    assert!(body.contains("    Seed File:        00000000000000E1.pskc (attached)\n"));
    assert!(body.contains("       softpass import --email activation.eml\n"));
    assert!(body.ends_with("-- \nACME token service\n"), "{body}");
}

#[test]
fn other_formats_attach_their_own_media_type() {
    for (format, ext, media) in [
        ("aladdin-xml", "xml", "application/xml"),
        ("oathcsv", "csv", "text/csv"),
    ] {
        let sb = Sandbox::new();
        let t = issue_eml(&sb, &["--format", format]);
        assert!(t["activation_key"].is_null());
        let eml = std::fs::read_to_string(sb.path(t["eml"].as_str().unwrap())).unwrap();
        let serial = t["serial"].as_str().unwrap();
        let (head, _) = &mime_parts(&eml)[1];
        assert!(head.contains(&format!("Content-Type: {media}")), "{head}");
        assert!(
            head.contains(&format!("filename=\"{serial}.{ext}\"")),
            "{head}"
        );
        assert!(!eml.contains("\r\nTo:"), "no recipient, no To: header");
        assert!(!unquote(&mime_parts(&eml)[0].1).contains("Activation Key"));
    }
}

#[test]
fn eml_is_never_overwritten_and_never_left_without_its_seed_file() {
    let sb = Sandbox::new();
    let issue = || {
        sb.novault(&words(
            "issue --out out --eml --serial 00000000000000AB --pbkdf2-iterations 1000",
        ))
    };
    ok(issue());
    let (seed, eml) = (
        sb.path("out/00000000000000AB.pskc"),
        sb.path("out/00000000000000AB.eml"),
    );
    let before = (std::fs::read(&seed).unwrap(), std::fs::read(&eml).unwrap());
    fails(issue(), 1, &[]);
    assert_eq!(
        (std::fs::read(&seed).unwrap(), std::fs::read(&eml).unwrap()),
        before
    );
    // Only the message is left: issuing again fails on it, and takes its new seed file back.
    std::fs::remove_file(&seed).unwrap();
    let err = fails(issue(), 1, &[]);
    assert!(err.contains("00000000000000AB.eml"), "{err}");
    assert!(
        !seed.exists(),
        "a seed file without its message is removed again"
    );
    assert_eq!(std::fs::read(&eml).unwrap(), before.1);
    let names: Vec<_> = std::fs::read_dir(sb.path("out")).unwrap().collect();
    assert_eq!(names.len(), 1, "no temp file left: {names:?}");
}

#[test]
fn addresses_are_checked_before_anything_is_written() {
    let sb = Sandbox::new();
    for (args, fragment) in [
        (
            "--eml --email not-an-address",
            "--email: the recipient address",
        ),
        (
            "--eml --mail-from nobody",
            "--mail-from: the sender address",
        ),
        ("--mail-from a@b@c", "--mail-from: the sender address"),
    ] {
        let err = fails(
            sb.novault(&words(&format!("issue --out out {args}"))),
            5,
            &[],
        );
        assert!(err.contains(fragment), "{args}: {err}");
        assert!(!sb.path("out").exists(), "{args}: nothing written");
    }
    // Without --eml the recipient is only printed, as before.
    ok(sb.novault(&words(
        "issue --out out --email someone --pbkdf2-iterations 1000",
    )));
}
