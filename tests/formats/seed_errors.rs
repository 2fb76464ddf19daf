//! Every seed-file error names the file and the element (or line and column): a file that is not
//! XML says so, a key without a serial names its `<Key>`, CSV and Aladdin XML point at the field.
use crate::support::*;

/// Imports `content`, written as `name` in the sandbox: the file's path and the error line.
fn err_for(sb: &Sandbox, name: &str, content: &str) -> (String, String) {
    let f = sb.path(name);
    std::fs::write(&f, content).unwrap();
    let path = f.to_str().unwrap().to_owned();
    let err = fails(sb.import_seed(&f, "x", "2468", &[]), 5, &[]);
    (path, err)
}

#[test]
fn a_file_that_is_not_xml_says_so() {
    let sb = Sandbox::new();
    let (path, err) = err_for(&sb, "notes.txt", "\n  just some notes\n");
    assert_eq!(
        err.trim(),
        format!(
            "softpass: {path}: invalid seed file: not a seed file: not XML (the first character, \
             at line 2, column 3, is not '<') and not OATH CSV (no line holds comma-separated fields)"
        )
    );
    let (_, err) = err_for(&sb, "page.html", "<html><body/></html>");
    assert!(
        err.contains(
            "the root element <html> is neither a PSKC <KeyContainer> nor a SafeNet/Aladdin <Tokens>"
        ),
        "{err}"
    );
}

#[test]
fn keys_without_a_usable_serial_name_their_element() {
    let sb = Sandbox::new();
    let fig = fixture_text("pskc/rfc6030/figure10.xml");
    let no_serial = fig
        .replace("<SerialNo>123456</SerialNo>", "")
        .replace("Key Id=\"2\"", "Key");
    let (path, err) = err_for(&sb, "no-serial.xml", &no_serial);
    assert_eq!(
        err.trim(),
        format!(
            "softpass: {path}: invalid seed file: KeyContainer/KeyPackage[2]/Key: the key has no \
             serial: neither DeviceInfo/SerialNo nor an Id attribute"
        )
    );
    let long = fig.replace(
        "<SerialNo>654321</SerialNo>",
        &format!("<SerialNo>{}</SerialNo>", "7".repeat(65)),
    );
    let (path, err) = err_for(&sb, "long.xml", &long);
    assert_eq!(
        err.trim(),
        format!(
            "softpass: {path}: invalid seed file: KeyContainer/KeyPackage[1]/Key: serial must have 1 to 64 characters"
        )
    );
}

#[test]
fn csv_and_aladdin_errors_name_the_file_and_the_place() {
    let sb = Sandbox::new();
    let (path, err) = err_for(
        &sb,
        "t.csv",
        "# tokens\nS1, 3132333435363738393031323334353637383930, hotp, six\n",
    );
    assert_eq!(
        err.trim(),
        format!(
            "softpass: {path}: invalid seed file: line 2, column 4: digits 'six' is not a number"
        )
    );
    let xml = "<Tokens>\n<Token serial=\"A\"><Applications><Application><Seed>3132</Seed>\
               <MovingFactor>-1</MovingFactor></Application></Applications></Token>\n</Tokens>\n";
    let (path, err) = err_for(&sb, "t.xml", xml);
    assert_eq!(
        err.trim(),
        format!(
            "softpass: {path}: invalid seed file: Tokens/Token/Applications/Application/MovingFactor: \
             '-1' is not a non-negative integer"
        )
    );
    let (path, err) = err_for(&sb, "cut.xml", "<Tokens>\n<Token serial=\"A\">\n");
    assert!(
        err.starts_with(&format!(
            "softpass: {path}: invalid seed file: the file ends"
        )),
        "{err}"
    );
    assert!(err.contains("(line 3, column 1)"), "{err}");
}
