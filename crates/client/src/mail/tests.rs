//! The message built for the demo token reads back to its facts and seed file; messages laid out
//! the way other mail tools write them (written out by hand here) read too; each malformed one is
//! one clear error.
use super::*;
use softpass_core::activation_mail::MailFacts;
use softpass_core::secret::SecretString;
use softpass_core::seedfile::Format;
use softpass_core::token::{Algorithm, OtpParams};
use std::time::{Duration, UNIX_EPOCH};

const DEMO: &[u8] = include_bytes!("../../../../seeds/4F214C507612A26A.pskc");
const DEMO_KEY: &str = "YZQHoczZWw3cBCNo";

/// `f` with the demo token's facts (4F214C507612A26A, key YZQHoczZWw3cBCNo, PIN 4089).
fn with_demo_facts<R>(f: impl FnOnce(&MailFacts<'_>) -> R) -> R {
    let key = SecretString::from(DEMO_KEY);
    let pin = SecretString::from("4089");
    let params = OtpParams::hotp(Algorithm::Sha1, 6);
    let facts = MailFacts {
        serial: "4F214C507612A26A",
        activation_key: Some(&key),
        application_pin: &pin,
        seed_file: "4F214C507612A26A.pskc",
        params: &params,
        max_failed_attempts: Some(10),
        issuer: "softpass",
    };
    f(&facts)
}

fn demo_message(to: Option<&str>, from: &str) -> Vec<u8> {
    with_demo_facts(|facts| {
        let m = ActivationMessage {
            facts,
            seed_file: DEMO,
            format: Format::Pskc,
            from,
            to,
            // 2026-05-04 12:00:00 UTC
            date: UNIX_EPOCH + Duration::from_secs(1_777_896_000),
            message_id: "<0123456789abcdef@example.com>",
        };
        activation_message(&m).unwrap().to_vec()
    })
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    let one = base64::engine::general_purpose::STANDARD.encode(bytes);
    // 76-character lines, as MIME wants them.
    one.as_bytes()
        .chunks(76)
        .map(|c| format!("{}\n", std::str::from_utf8(c).unwrap()))
        .collect()
}

fn read(text: &str) -> Result<ReceivedMail, crate::AppError> {
    read_message("m.eml", text.as_bytes())
}

fn error(text: &str) -> String {
    match read(text) {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => {
            assert_eq!(e.kind(), softpass_core::ErrorKind::Invalid, "{e}");
            let e = e.to_string();
            assert!(!e.contains(DEMO_KEY) && !e.contains("4089"), "{e}");
            e
        }
    }
}

#[test]
fn the_built_message_has_its_headers_and_reads_back() {
    let bytes = demo_message(Some("Alice <alice@example.com>"), "tokens@example.com");
    let text = String::from_utf8(bytes.clone()).unwrap();
    // RFC 5322 line endings throughout.
    assert!(!text.replace("\r\n", "").contains('\n'));
    for header in [
        "From: \"softpass token service\" <tokens@example.com>\r\n",
        "To: Alice <alice@example.com>\r\n",
        "Subject: Your software token 4F214C507612A26A is ready to activate\r\n",
        "Date: Mon, 04 May 2026 12:00:00 +0000\r\n",
        "Message-ID: <0123456789abcdef@example.com>\r\n",
        "MIME-Version: 1.0\r\n",
        "Content-Type: multipart/mixed;",
        "Content-Type: text/plain; charset=utf-8\r\n",
        "Content-Disposition: attachment; filename=\"4F214C507612A26A.pskc\"\r\n",
        "Content-Type: application/pskc+xml\r\n",
        "Content-Transfer-Encoding: base64\r\n",
    ] {
        assert!(text.contains(header), "{header:?} missing: {text}");
    }
    let got = read_message("m.eml", &bytes).unwrap();
    assert_eq!(got.seed.as_bytes(), DEMO, "the seed file, byte for byte");
    assert_eq!(got.activation_key.unwrap().expose(), DEMO_KEY);
    assert_eq!(got.application_pin.unwrap().expose(), "4089");
    assert_eq!(got.serial.as_deref(), Some("4F214C507612A26A"));
    assert_eq!(got.seed_origin, "m.eml, attachment 4F214C507612A26A.pskc");
}

#[test]
fn without_a_recipient_there_is_no_to_header() {
    let text = String::from_utf8(demo_message(None, "Token Desk <desk@example.org>")).unwrap();
    assert!(
        text.contains("From: \"Token Desk\" <desk@example.org>\r\n"),
        "{text}"
    );
    assert!(!text.contains("\r\nTo:"), "{text}");
    assert!(read_message("m.eml", text.as_bytes()).is_ok());
}

#[test]
fn addresses_and_ids_are_checked() {
    let id = new_message_id("Desk <desk@example.org>").unwrap();
    assert!(id.starts_with('<') && id.ends_with("@example.org>"), "{id}");
    assert_eq!(id.len(), "<@example.org>".len() + 32);
    assert_ne!(id, new_message_id("desk@example.org").unwrap());
    assert!(new_message_id("not an address").is_err());
    assert!(
        new_message_id(DEFAULT_FROM)
            .unwrap()
            .ends_with("@localhost>")
    );
    with_demo_facts(|facts| {
        let m =
            |from: &'static str, to: Option<&'static str>, id: &'static str| ActivationMessage {
                facts,
                seed_file: DEMO,
                format: Format::Pskc,
                from,
                to,
                date: UNIX_EPOCH,
                message_id: id,
            };
        let err = |m: ActivationMessage<'_>| activation_message(&m).err().unwrap().to_string();
        assert!(err(m("nobody", None, "<a@b>")).contains("sender address 'nobody'"));
        let e = err(m(DEFAULT_FROM, Some("a@b\r\nBcc: x@y"), "<a@b>"));
        assert!(e.contains("recipient address"), "{e}");
        for id in ["a@b", "<a b@c>", "<ab>", "<a@b>\r\nX: y", "<@b>"] {
            let e = err(m(DEFAULT_FROM, None, id));
            assert!(e.contains("Message-ID"), "{id:?}: {e}");
        }
    })
}

/// A message as another mail program writes it: LF line endings, multipart/alternative text
/// (quoted-printable) and HTML, the facts with other spacing and case, the seed file as
/// application/octet-stream.
#[test]
fn other_tools_layouts_read() {
    let text = format!(
        "Return-Path: <x@example.com>\nFrom: IT <it@example.com>\nTo: bob@example.com\n\
         Subject: =?utf-8?q?Ihr_Token?=\nMIME-Version: 1.0\n\
         Content-Type: multipart/mixed; boundary=\"outer\"\n\n\
         --outer\nContent-Type: multipart/alternative; boundary=\"alt\"\n\n\
         --alt\nContent-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: quoted-printable\n\n\
         Gr=C3=BC=C3=9Fe,\n\nactivation key :  {DEMO_KEY}\n  APPLICATION  PIN:\t4089\n\
         Token Serial: 4F214C507612A26A\nSeed File: =\ntoken.pskc\n\
         --alt\nContent-Type: text/html\n\n<p>Activation Key: WRONGWRONGWRONG1</p>\n\
         --alt--\n\
         --outer\nContent-Type: application/octet-stream; name=\"token.pskc\"\n\
         Content-Disposition: attachment\nContent-Transfer-Encoding: base64\n\n{}\
         --outer--\n",
        b64(DEMO)
    );
    let got = read(&text).unwrap();
    assert_eq!(got.seed.as_bytes(), DEMO);
    assert_eq!(got.activation_key.unwrap().expose(), DEMO_KEY);
    assert_eq!(got.application_pin.unwrap().expose(), "4089");
    assert_eq!(got.seed_origin, "m.eml, attachment token.pskc");
}

/// A base64 text body and the seed file inline as text/xml (7bit), CRLF line endings; an
/// image beside it is not a seed file; only HTML text works too.
#[test]
fn base64_text_text_xml_and_html_only() {
    let body = format!("Hello\r\nActivation Key: {DEMO_KEY}\r\n");
    let xml = String::from_utf8(DEMO.to_vec())
        .unwrap()
        .replace('\n', "\r\n");
    let text = format!(
        "From: a@example.com\r\nDate: Mon, 4 May 2026 12:00:00 +0000\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=b\r\n\r\n\
         --b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\
         --b\r\nContent-Type: image/png; name=logo.png\r\nContent-Transfer-Encoding: base64\r\n\r\n\
         iVBORw0KGgo=\r\n\
         --b\r\nContent-Type: text/xml\r\n\r\n{xml}\r\n--b--\r\n",
        b64(body.as_bytes()).replace('\n', "\r\n")
    );
    let got = read(&text).unwrap();
    assert_eq!(got.activation_key.unwrap().expose(), DEMO_KEY);
    assert!(got.application_pin.is_none());
    assert!(got.seed.contains("<pskc:KeyContainer"));
    assert_eq!(got.seed_origin, "m.eml, attachment #2");
    let html = format!(
        "From: a@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n\
         --b\nContent-Type: text/html\n\n<html><body><p>Activation Key: {DEMO_KEY}</p>\
         <p>Application PIN: 4089</p></body></html>\n\
         --b\nContent-Type: text/xml; name=t.pskc\n\n{}\n--b--\n",
        String::from_utf8_lossy(DEMO)
    );
    let got = read(&html).unwrap();
    assert_eq!(got.activation_key.unwrap().expose(), DEMO_KEY);
    assert_eq!(got.application_pin.unwrap().expose(), "4089");
}

fn with_parts(parts: &[(&str, &[u8])], text: &str) -> String {
    let mut m = String::from(
        "From: a@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n",
    );
    m.push_str(&format!("--b\nContent-Type: text/plain\n\n{text}\n"));
    for (name, bytes) in parts {
        m.push_str(&format!(
            "--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"{name}\"\n\
             Content-Transfer-Encoding: base64\n\n{}",
            b64(bytes)
        ));
    }
    m.push_str("--b--\n");
    m
}

#[test]
fn malformed_messages_are_one_clear_error() {
    let key = format!("Activation Key: {DEMO_KEY}\nApplication PIN: 4089");
    let e = error(&with_parts(&[], &key));
    assert_eq!(
        e,
        "m.eml: the message has no attachment (the seed file should be attached to it)"
    );
    let e = error(&with_parts(&[("a.pskc", DEMO), ("b.pskc", DEMO)], &key));
    assert_eq!(
        e,
        "m.eml: the message has 2 seed-file attachments (a.pskc, b.pskc): an activation message carries one"
    );
    let e = error(&with_parts(&[("logo.png", b"\x89PNG\r\n\x1a\n\0\0")], &key));
    assert!(
        e.contains("no attachment of the message is a seed file") && e.contains("logo.png"),
        "{e}"
    );
    let e = error(&with_parts(&[("t.pskc", DEMO)], "Application PIN: 4089"));
    assert_eq!(
        e,
        "m.eml: the message text has no 'Activation Key:' line, and its seed file t.pskc is encrypted"
    );
    let e = error(&with_parts(
        &[("t.pskc", DEMO)],
        &format!("{key}\nActivation Key: other"),
    ));
    assert!(e.contains("two Activation Key lines"), "{e}");
    for not_mail in [
        String::from_utf8(DEMO.to_vec()).unwrap(),
        "just some text\nwith lines\n".into(),
        "Hello: world\n\nActivation Key: x\n".into(),
        String::new(),
        "S1, 3132333435363738393031323334353637383930\n".into(),
    ] {
        let e = error(&not_mail);
        assert!(e.starts_with("m.eml: not an e-mail message"), "{e}");
    }
    assert!(read_message("m.eml", b"\xff\xfe\x00\x01").is_err());
}

#[test]
fn an_unencrypted_seed_file_needs_no_key_line() {
    let csv = b"4F214C507612A26A, 3132333435363738393031323334353637383930\n";
    let got = read(&with_parts(&[("t.csv", csv)], "Application PIN: 4089")).unwrap();
    assert!(got.activation_key.is_none());
    assert_eq!(got.seed.as_bytes(), csv);
}
