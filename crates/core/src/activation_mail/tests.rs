//! The body against the layout docs/email.md publishes, and the fact reader against bodies
//! written by hand the way other mail tools and people lay them out.
use super::*;
use crate::token::{Algorithm, OtpParams};

const DOC: &str = include_str!("../../../../docs/email.md");

/// The fenced block of docs/email.md that follows the line `marker`.
fn doc_block(marker: &str) -> String {
    let after = DOC
        .split_once(marker)
        .unwrap_or_else(|| panic!("docs/email.md has no {marker:?}"))
        .1;
    let start = after.find("```\n").expect("a fenced block") + 4;
    let len = after[start..].find("```\n").expect("its end");
    after[start..start + len].to_owned()
}

fn demo_body(key: Option<&SecretString>, file: &str, lockout: Option<u32>) -> String {
    let pin = SecretString::from("4089");
    let params = OtpParams::hotp(Algorithm::Sha1, 6);
    let facts = MailFacts {
        serial: "4F214C507612A26A",
        activation_key: key,
        application_pin: &pin,
        seed_file: file,
        params: &params,
        max_failed_attempts: lockout,
        issuer: "softpass",
    };
    body(&facts).to_string()
}

#[test]
fn body_is_the_published_layout() {
    let key = SecretString::from("YZQHoczZWw3cBCNo");
    let got = demo_body(Some(&key), "4F214C507612A26A.pskc", Some(10));
    assert_eq!(got, doc_block("<!-- body: pskc -->"));
    let got = demo_body(None, "4F214C507612A26A.xml", None);
    assert_eq!(got, doc_block("<!-- body: aladdin-xml -->"));
    assert_eq!(
        subject("4F214C507612A26A"),
        "Your software token 4F214C507612A26A is ready to activate"
    );
}

#[test]
fn the_body_reads_back_to_its_facts() {
    let key = SecretString::from("YZQHoczZWw3cBCNo");
    let text = demo_body(Some(&key), "4F214C507612A26A.pskc", Some(10));
    let f = read_facts(&text).unwrap();
    assert_eq!(f.activation_key.unwrap().expose(), "YZQHoczZWw3cBCNo");
    assert_eq!(f.application_pin.unwrap().expose(), "4089");
    assert_eq!(f.serial.as_deref(), Some("4F214C507612A26A"));
    assert_eq!(f.seed_file.as_deref(), Some("4F214C507612A26A.pskc"));
    // Without a key line: no key.
    let text = demo_body(None, "4F214C507612A26A.csv", None);
    assert!(read_facts(&text).unwrap().activation_key.is_none());
}

#[test]
fn facts_in_other_layouts() {
    let text = "Dear user,\r\n\r\nACTIVATION KEY :  YZQH-oczZ Ww3c-BCNo \r\n\
                application   pin:4089\r\n\ttoken serial:\t4F214C507612A26A\r\n\
                seed file: token.xml\r\nSee you: soon\r\n";
    let f = read_facts(text).unwrap();
    // The value is trimmed, nothing else: the seed reader compacts a pasted key itself.
    assert_eq!(f.activation_key.unwrap().expose(), "YZQH-oczZ Ww3c-BCNo");
    assert_eq!(f.application_pin.unwrap().expose(), "4089");
    assert_eq!(f.serial.as_deref(), Some("4F214C507612A26A"));
    assert_eq!(f.seed_file.as_deref(), Some("token.xml"));
    // Only the first colon splits: a value may hold colons.
    let f = read_facts("Activation Key: a:b:c\n").unwrap();
    assert_eq!(f.activation_key.unwrap().expose(), "a:b:c");
    // Labels that merely contain a fact's name are not facts.
    let f = read_facts("Your Activation Key is: X\n> Application PIN: 1\n").unwrap();
    assert!(f.activation_key.is_none() && f.application_pin.is_none());
    let f = read_facts("").unwrap();
    assert!(f.serial.is_none() && f.seed_file.is_none());
}

#[test]
fn bad_fact_lines_name_label_and_line_never_the_value() {
    let err = read_facts("x\nActivation Key:   \n").err().unwrap();
    assert_eq!(
        err.to_string(),
        "the Activation Key line (line 2) has no value"
    );
    let err = read_facts("Application PIN: 1234\n\nApplication PIN: 9876\n")
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        "two Application PIN lines with different values (lines 1 and 3)"
    );
    assert!(!err.to_string().contains("9876"));
    // The same value twice (a quoted copy of the facts) is fine.
    let f = read_facts("Token Serial: A\r\nToken Serial:  A\n").unwrap();
    assert_eq!(f.serial.as_deref(), Some("A"));
    let long = format!("Activation Key: {}\n", "k".repeat(MAX_VALUE + 1));
    let err = read_facts(&long).err().unwrap();
    assert!(err.to_string().contains("longer than 1024"), "{err}");
    assert_eq!(err.kind(), crate::ErrorKind::Invalid);
    assert_eq!(
        read_facts("Seed File: (attached)\n").err(),
        Some(FactsError::Empty {
            label: SEED_FILE,
            line: 1
        })
    );
}
