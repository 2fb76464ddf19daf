//! `softpass serve` black-box over real HTTP: the admin endpoints (fail counter, reset, resync,
//! delete, users, seed-file load), the modes, and what a node refuses at start. Expected answers
//! are privacyIDEA 3.14's (tests/testdata/privacyidea/), eTokens from RFC 4226 / oathtool.

use crate::support::serve::{
    HOTP, RFC_KEY_HEX, error, hotp, http, init_alice, server, start, text, token, try_start,
    users_file,
};

#[test]
fn fail_counter_reset_and_resync() {
    let (_d, s) = server("mandatory");
    init_alice(&s);
    // check_failcount_wrong_otp_1..11 (059-069): ten "wrong otp value", then exceeded.
    for _ in 0..10 {
        assert_eq!(s.check("alice", "1234000000").2, "wrong otp value");
    }
    for pass in [
        "1234000000".to_owned(),
        format!("1234{}", HOTP[0]),
        format!("0000{}", HOTP[0]),
    ] {
        assert_eq!(
            s.check("alice", &pass),
            (200, "REJECT".into(), "Failcounter exceeded".into())
        );
    }
    let t = token(&s, "HOTP0001");
    assert_eq!(
        (
            t["failcount"].clone(),
            t["count"].clone(),
            t["locked"].clone()
        ),
        (10.into(), 0.into(), true.into())
    );
    let (st, v) = s.admin("POST", "/token/reset", "serial=HOTP0001");
    assert_eq!((st, v["result"]["value"].clone()), (200, 1.into()));
    assert_eq!(s.check("alice", &format!("1234{}", HOTP[0])).1, "ACCEPT");
    // token_resync_ok_c500_c501 (oathtool -c 500, 501) → count 502; not consecutive → false.
    let (_, v) = s.admin(
        "POST",
        "/token/resync",
        "serial=HOTP0001&otp1=225706&otp2=357650",
    );
    assert_eq!(v["result"]["value"], false);
    let (_, v) = s.admin(
        "POST",
        "/token/resync",
        "serial=HOTP0001&otp1=225706&otp2=922073",
    );
    assert_eq!(v["result"]["value"], true);
    assert_eq!(token(&s, "HOTP0001")["count"], 502);
    let (st, v) = s.admin("POST", "/token/resync", "serial=NOSUCH01&otp1=1&otp2=2");
    assert_eq!(
        (st, error(&v)),
        (404, (601, "No token found for serials: NOSUCH01".into()))
    );
    // DELETE (token_delete, token_delete_again).
    let (st, v) = s.admin("DELETE", "/token/HOTP0001", "");
    assert_eq!((st, v["result"]["value"].clone()), (200, 1.into()));
    let (st, v) = s.admin("DELETE", "/token/HOTP0001", "");
    assert_eq!((st, error(&v).0), (404, 601));
    assert_eq!(
        s.check("alice", "1234922073").2,
        "The user has no tokens assigned"
    );
    s.kill();
}

#[test]
fn token_set_max_failcount_moves_the_lock() {
    let (_d, s) = server("mandatory");
    init_alice(&s);
    let (st, v) = s.admin("POST", "/token/set", "serial=HOTP0001&max_failcount=3");
    assert_eq!((st, v["result"]["value"].clone()), (200, 1.into()), "{v}");
    assert_eq!(token(&s, "HOTP0001")["maxfail"], 3);
    for _ in 0..3 {
        assert_eq!(s.check("alice", "1234000000").2, "wrong otp value");
    }
    // RFC 4226 counter 0 with the right OTP PIN, after the third failure: still refused.
    let right = format!("1234{}", HOTP[0]);
    assert_eq!(s.check("alice", &right).2, "Failcounter exceeded");
    // The serial in the path, as privacyIDEA's clients send it too; bad values are 400.
    let (st, _) = s.admin("POST", "/token/set/HOTP0001", "max_failcount=10");
    assert_eq!(st, 200);
    assert_eq!(s.check("alice", &right).1, "ACCEPT");
    for bad in ["max_failcount=0", "max_failcount=x"] {
        let (st, v) = s.admin("POST", "/token/set/HOTP0001", bad);
        assert_eq!((st, error(&v).0), (400, 905), "{bad}: {v}");
    }
    // privacyIDEA's token_set_unknown_param_maxfail: an attribute it does not know sets nothing.
    let (st, v) = s.admin("POST", "/token/set/HOTP0001", "maxfail=3");
    assert_eq!((st, v["result"]["value"].clone()), (200, 0.into()), "{v}");
    assert_eq!(token(&s, "HOTP0001")["maxfail"], 10);
    let (st, v) = s.admin("POST", "/token/set", "serial=NOSUCH01&max_failcount=3");
    assert_eq!((st, error(&v).0), (404, 601), "{v}");
    s.kill();
}

#[test]
fn modes_decide_for_a_known_user_without_a_token() {
    for (mode, auth, value, msg) in [
        (
            "mandatory",
            "REJECT",
            false,
            "The user has no tokens assigned",
        ),
        ("create-token", "CHALLENGE", false, "enrollment required"),
        (
            "safenet-only",
            "ACCEPT",
            true,
            "user has no token, accepted due to 'safenet-only'",
        ),
    ] {
        let (_d, s) = server(mode);
        let (st, v) = s.get("/validate/check?user=bob&pass=");
        assert_eq!(st, 200, "{v}");
        assert_eq!(
            (
                text(&v["result"]["authentication"]),
                v["result"]["value"].clone()
            ),
            (auth.into(), value.into()),
            "{mode}"
        );
        assert_eq!(v["detail"]["message"], msg);
        if mode == "create-token" {
            let id = text(&v["detail"]["transaction_id"]);
            assert!(
                id.len() == 20 && id.bytes().all(|b| b.is_ascii_digit()),
                "{id}"
            );
            assert_eq!(
                v["detail"]["multi_challenge"][0]["transaction_id"],
                id.as_str()
            );
        }
        // Unknown users are rejected in every mode.
        assert_eq!(s.get("/validate/check?user=mallory&pass=").0, 400);
        s.kill();
    }
}

#[test]
fn users_and_the_transaction_id_rule() {
    let (_d, s) = server("mandatory");
    let (st, _) = s.admin("POST", "/user/", "user=dave&email=dave@example.org");
    assert_eq!(st, 200);
    let (_, v) = s.admin("GET", "/user/", "");
    let names: Vec<String> = v["result"]["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| text(&u["username"]))
        .collect();
    assert_eq!(names, ["alice", "bob", "carol", "dave"]);
    let (st, v) = s.admin("POST", "/token/init", "type=hotp&genkey=1&user=dave&pin=77");
    assert_eq!(st, 200, "{v}");
    assert!(text(&v["detail"]["serial"]).starts_with("OATH"));
    // check_unknown_transaction_id (052): a transaction_id on a HOTP user is a wrong PIN.
    init_alice(&s);
    let (_, v) = s.get(&format!(
        "/validate/check?user=alice&transaction_id=12345678901234567890&pass=1234{}",
        HOTP[0]
    ));
    assert_eq!(v["detail"]["message"], "wrong otp pin");
    assert_eq!(s.check("alice", &format!("1234{}", HOTP[0])).1, "ACCEPT");
    s.kill();
}

fn multipart(fields: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let b = "softpassBOUNDARY42";
    let mut out = Vec::new();
    for (name, data) in fields {
        let file = if *name == "file" {
            "; filename=\"t.pskc\""
        } else {
            ""
        };
        out.extend_from_slice(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"{name}\"{file}\r\n\r\n")
                .as_bytes(),
        );
        out.extend_from_slice(data);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{b}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={b}"), out)
}

#[test]
fn token_load_reads_what_softpass_issue_writes() {
    let (_d, s) = server("mandatory");
    let file = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/4F214C507612A26A.pskc"
    ))
    .unwrap();
    let auth = format!("Bearer {}", s.key);
    let load = |fields: &[(&str, &[u8])]| {
        let (ct, body) = multipart(fields);
        http(
            &s.addr,
            "POST",
            "/token/load/t.pskc",
            &[("Authorization", &auth), ("Content-Type", &ct)],
            Some(&body),
        )
    };
    let (st, v) = load(&[
        ("type", b"pskc"),
        ("password", b"wrong-password-x"),
        ("file", &file),
    ]);
    assert_eq!((st, error(&v).0), (400, 301), "{v}");
    let (st, v) = load(&[("type", b"nosuch"), ("file", &file)]);
    assert_eq!((st, error(&v)), (400, (301, "ERR301: Unknown file type: 'nosuch'. Supported file types are: pskc, aladdin-xml, oathcsv, OATH CSV".into())));
    let (st, v) = load(&[
        ("type", b"pskc"),
        ("password", b"YZQHoczZWw3cBCNo"),
        ("file", &file),
    ]);
    assert_eq!(st, 200, "{v}");
    assert_eq!(
        v["result"]["value"],
        serde_json::json!({"n_imported": 1, "n_not_imported": 0})
    );
    let (_, v) = load(&[
        ("type", b"pskc"),
        ("password", b"YZQHoczZWw3cBCNo"),
        ("file", &file),
    ]);
    assert_eq!(v["result"]["value"]["n_not_imported"], 1);
    // A counter the database cannot hold above its windows (2^63 - 10 here) refuses the file:
    // it used to be stored clamped to 2^63 - 1, and the code just accepted was accepted again.
    let big = r#"<?xml version="1.0"?>
<KeyContainer Version="1.0" xmlns="urn:ietf:params:xml:ns:keyprov:pskc">
 <KeyPackage><DeviceInfo><SerialNo>BIG00001</SerialNo></DeviceInfo>
  <Key Id="1" Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:hotp">
   <AlgorithmParameters><ResponseFormat Length="6" Encoding="DECIMAL"/></AlgorithmParameters>
   <Data><Secret><PlainValue>MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=</PlainValue></Secret>
    <Counter><PlainValue>9223372036854775798</PlainValue></Counter></Data>
  </Key></KeyPackage></KeyContainer>"#;
    let (st, v) = load(&[("type", b"pskc"), ("file", big.as_bytes())]);
    let msg = "ERR301: token BIG00001: the counter 9223372036854775798 is out of range (at most 9223372032559808510)";
    assert_eq!((st, error(&v)), (400, (301, msg.into())));
    // The file's PIN is the client's application PIN (Local): no OTP PIN on the server.
    let (st, _) = s.admin("POST", "/token/assign", "serial=4F214C507612A26A&user=bob");
    assert_eq!(st, 200);
    // oathtool --hotp -c 0 f95737e7a4d9f2f8f2bccba902685d124a0a90e6 (seeds/README.md)
    assert_eq!(s.check("bob", "033529").1, "ACCEPT");
    assert_eq!(s.check("bob", "4089413361").2, "wrong otp pin");
    let (st, _) = s.admin(
        "POST",
        "/token/setpin",
        "serial=4F214C507612A26A&otppin=2468",
    );
    assert_eq!(st, 200);
    assert_eq!(s.check("bob", "2468413361").1, "ACCEPT");
    s.kill();
}

#[test]
fn a_node_refuses_another_server_key_and_a_newer_schema() {
    let d = tempfile::tempdir().unwrap();
    let data = d.path().join("data");
    let users = users_file(d.path(), &["alice"]);
    let s = start(&data, &["--users", users.to_str().unwrap()]);
    init_alice(&s);
    assert_eq!(s.check("alice", &format!("1234{}", HOTP[0])).1, "ACCEPT");
    assert_eq!(s.stop(), Some(0));
    let audit = std::fs::read_to_string(data.join("audit.jsonl")).unwrap_or_default();
    assert!(audit.contains("\"result\":\"ACCEPT\""), "{audit}");
    assert!(
        !audit.contains("1234") && !audit.contains(HOTP[0]),
        "no PIN or eToken in the audit log"
    );
    std::fs::rename(data.join("server.key"), d.path().join("kept.key")).unwrap();
    let err = try_start(&data, &[]).err().expect("refused");
    assert!(err.contains("another server.key"), "{err}");
    std::fs::rename(d.path().join("kept.key"), data.join("server.key")).unwrap();
    let db = rusqlite::Connection::open(data.join("server.db")).unwrap();
    db.execute(
        "UPDATE meta SET value = '99' WHERE key = 'schema_version'",
        [],
    )
    .unwrap();
    drop(db);
    let before = std::fs::read(data.join("server.db")).unwrap();
    let err = try_start(&data, &[]).err().expect("refused");
    assert!(err.contains("schema version 99"), "{err}");
    assert_eq!(
        std::fs::read(data.join("server.db")).unwrap(),
        before,
        "left untouched"
    );
}

#[test]
fn a_version_1_database_keeps_its_totp_counts_across_the_migration() {
    let d = tempfile::tempdir().unwrap();
    let data = d.path().join("data");
    let users = users_file(d.path(), &["alice"]);
    let args = ["--users", users.to_str().unwrap()];
    let s = start(&data, &args);
    let form = format!("type=totp&otpkey={RFC_KEY_HEX}&pin=1234&user=alice&serial=TOTP0001");
    assert_eq!(s.admin("POST", "/token/init", &form).0, 200);
    assert_eq!(s.stop(), Some(0));
    // As version 1 left it: `count` the last accepted step itself, no version-2 indexes.
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    let step = now.unwrap().as_secs() / 30;
    let db = rusqlite::Connection::open(data.join("server.db")).unwrap();
    db.execute_batch(&format!(
        "UPDATE tokens SET count = {step}; DROP INDEX challenges_expires; \
         DROP INDEX challenges_user; UPDATE meta SET value = '1' WHERE key = 'schema_version';"
    ))
    .unwrap();
    drop(db);
    let s = start(&data, &args);
    assert_eq!(token(&s, "TOTP0001")["count"], step);
    // Read as the next step to accept, that step would have been accepted a second time.
    let pass = |c: u64| format!("1234{}", hotp(RFC_KEY_HEX, c));
    let replay = "wrong otp value. previous otp used again";
    assert_eq!(s.check("alice", &pass(step)).2, replay);
    assert_eq!(s.check("alice", &pass(step + 1)).1, "ACCEPT");
    assert_eq!(token(&s, "TOTP0001")["count"], step + 1);
    assert_eq!(s.stop(), Some(0));
    let db = rusqlite::Connection::open(data.join("server.db")).unwrap();
    let v: String = db
        .query_row(
            "SELECT value FROM meta WHERE key = 'schema_version'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(v, "2");
}

#[test]
fn start_errors_are_one_line_with_the_documented_exit_codes() {
    let d = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_softpass"))
            .arg("serve")
            .arg("--data-dir")
            .arg(d.path().join("data"))
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        )
    };
    let (code, err) = run(&["--db", "mysql://x"]);
    assert_eq!(
        (code, err.as_str()),
        (
            Some(2),
            "softpass: --db mysql://x: expected sqlite:PATH or postgres://..."
        )
    );
    // A typo in the scheme: refused without echoing the password.
    let (code, err) = run(&["--db", "postgre://u:Hunter2pw@db/x"]);
    assert_eq!(
        (code, err.as_str()),
        (
            Some(2),
            "softpass: --db postgre://…@db/x: expected sqlite:PATH or postgres://..."
        )
    );
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let (code, err) = run(&["--listen", &addr]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.starts_with(&format!("softpass: cannot listen on {addr}: ")) && !err.contains('\n'),
        "{err}"
    );
    std::fs::write(d.path().join("bad.csv"), "login,mail\n").unwrap();
    let (code, err) = run(&["--users", d.path().join("bad.csv").to_str().unwrap()]);
    assert_eq!(code, Some(5), "{err}");
    assert!(
        err.contains("bad.csv, line 1: the first line must be the header user,email"),
        "{err}"
    );
}
