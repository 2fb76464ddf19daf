//! `softpass serve` black-box over real HTTP: a privacyIDEA-style client flow, the admin
//! credential, and every error of /validate/check. Expected answers are privacyIDEA 3.14's
//! (observed exchanges, tests/testdata/privacyidea/), eTokens from RFC 4226 / oathtool.

use crate::support::serve::{HOTP, RFC_KEY_HEX, error, http, init_alice, server, text};

const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");

/// /auth, then /token/init with the token sent raw in `Authorization`: the session token.
fn enrol_like_a_privacyidea_client(s: &crate::support::serve::Server) -> String {
    let body = format!("username=admin&password={}", s.key);
    let (st, v) = http(&s.addr, "POST", "/auth", &[FORM], Some(body.as_bytes()));
    assert_eq!(
        (st, text(&v["result"]["authentication"])),
        (200, "ACCEPT".into()),
        "{v}"
    );
    let jwt = text(&v["result"]["value"]["token"]);
    let form = format!("type=hotp&otpkey={RFC_KEY_HEX}&pin=1234&user=alice&serial=HOTP0001");
    let auth = [("Authorization", jwt.as_str()), FORM];
    let (st, v) = http(&s.addr, "POST", "/token/init", &auth, Some(form.as_bytes()));
    assert_eq!(
        (st, text(&v["detail"]["serial"])),
        (200, "HOTP0001".into()),
        "{v}"
    );
    let url = text(&v["detail"]["googleurl"]["value"]);
    let want = "otpauth://hotp/HOTP0001?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0&digits=6";
    assert!(url.starts_with(want), "{url}");
    jwt
}

/// The logins of privacyIDEA's cases 019-028, by GET, POST form and POST JSON.
fn log_in_like_ras(s: &crate::support::serve::Server) {
    let ok = (200, "ACCEPT".to_owned(), "matching 1 tokens".to_owned());
    assert_eq!(s.check("alice", &format!("1234{}", HOTP[0])), ok);
    let (_, v) = s.get(&format!("/validate/check?user=alice&pass=1234{}", HOTP[0]));
    assert_eq!(v["result"]["value"], false);
    assert_eq!(
        v["detail"]["message"],
        "wrong otp value. previous otp used again"
    );
    assert_eq!(
        (text(&v["detail"]["serial"]), v["detail"]["otplen"].as_u64()),
        ("HOTP0001".into(), Some(6))
    );
    // check_wrong_pin_right_otp_c1 (021): counter stays; then c1 by POST form (036), JSON (037).
    assert_eq!(
        s.check("alice", &format!("9999{}", HOTP[1])).2,
        "wrong otp pin"
    );
    let form = format!("user=alice&pass=1234{}", HOTP[1]);
    let (st, v) = http(
        &s.addr,
        "POST",
        "/validate/check",
        &[FORM],
        Some(form.as_bytes()),
    );
    assert_eq!(
        (st, v["result"]["value"].as_bool()),
        (200, Some(true)),
        "{v}"
    );
    let json = format!(r#"{{"user":"alice","pass":"1234{}"}}"#, HOTP[2]);
    let jt = ("Content-Type", "application/json");
    let (_, v) = http(
        &s.addr,
        "POST",
        "/validate/check",
        &[jt],
        Some(json.as_bytes()),
    );
    assert_eq!(v["result"]["authentication"], "ACCEPT", "{v}");
    // From count 3 the window is c3..c12: c12 in, then c5 is merely old.
    assert_eq!(s.check("alice", &format!("1234{}", HOTP[12])).1, "ACCEPT");
    assert_eq!(
        s.check("alice", &format!("1234{}", HOTP[5])).2,
        "wrong otp value"
    );
}

#[test]
fn privacyidea_client_flow() {
    let (_d, s) = server("mandatory");
    let jwt = enrol_like_a_privacyidea_client(&s);
    log_in_like_ras(&s);
    let (st, v) = http(
        &s.addr,
        "GET",
        "/token/?serial=HOTP0001",
        &[("PI-Authorization", &jwt)],
        None,
    );
    assert_eq!(st, 200, "{v}");
    let t = &v["result"]["value"]["tokens"][0];
    let got = (
        t["count"].as_u64(),
        t["failcount"].as_u64(),
        text(&t["tokentype"]),
    );
    assert_eq!(got, (Some(13), Some(1), "hotp".into()));
    let got = (
        text(&t["user"]),
        t["maxfail"].as_u64(),
        t["locked"].as_bool(),
    );
    assert_eq!(got, ("alice".into(), Some(10), Some(false)));
    // By serial (046), and serial + the wrong user (050).
    let (_, v) = s.get(&format!(
        "/validate/check?serial=HOTP0001&pass=1234{}",
        HOTP[13]
    ));
    assert_eq!(v["result"]["value"], true);
    let (st, v) = s.get(&format!(
        "/validate/check?serial=HOTP0001&user=bob&pass=1234{}",
        HOTP[14]
    ));
    assert_eq!(
        (st, error(&v)),
        (
            400,
            (
                905,
                "ERR905: Given serial does not belong to given user!".into()
            )
        )
    );
    assert_eq!(s.stop(), Some(0));
}

/// GET /token/ with `headers`: status and error (code, message).
fn list_with(s: &crate::support::serve::Server, headers: &[(&str, &str)]) -> (u16, (i64, String)) {
    let (st, v) = http(&s.addr, "GET", "/token/", headers, None);
    (st, error(&v))
}

#[test]
fn admin_credentials_are_refused_as_privacyidea_refuses_them() {
    let (_d, s) = server("mandatory");
    let missing = "Authentication failure. Missing Authorization header.";
    assert_eq!(list_with(&s, &[]), (401, (4033, missing.into())));
    assert_eq!(
        list_with(&s, &[("Authorization", "Bearer wrong")]).1.0,
        4031
    );
    let segments =
        "Authentication failure. Error decoding the Authorization token: Not enough segments";
    assert_eq!(
        list_with(&s, &[("Authorization", "nonsense")]),
        (401, (4304, segments.into()))
    );
    let (st, v) = http(
        &s.addr,
        "POST",
        "/auth",
        &[FORM],
        Some(b"username=admin&password=nope"),
    );
    assert_eq!(
        (st, error(&v)),
        (401, (4031, "Authentication failed.".into()))
    );
    let (st, v) = http(&s.addr, "POST", "/auth", &[FORM], Some(b""));
    assert_eq!(
        (st, error(&v)),
        (
            401,
            (4032, "Authentication failure. Missing Username".into())
        )
    );
    // A session token with "Bearer " in front is not the admin key (009).
    let body = format!(r#"{{"username":"admin","password":"{}"}}"#, s.key);
    let jt = ("Content-Type", "application/json");
    let (_, v) = http(&s.addr, "POST", "/auth", &[jt], Some(body.as_bytes()));
    let bearer = format!("Bearer {}", text(&v["result"]["value"]["token"]));
    assert_eq!(list_with(&s, &[("Authorization", &bearer)]).0, 401);
    // admin.key's bytes are the credential as they stand (no line ending to strip), and a
    // password read whole with a line ending still logs in.
    let raw = std::fs::read_to_string(s.dir.join("admin.key")).unwrap();
    assert_eq!(
        raw.len(),
        43,
        "base64url of 32 bytes, nothing else: {:?}",
        raw.len()
    );
    let raw_bearer = format!("Bearer {raw}");
    let (st, v) = http(
        &s.addr,
        "GET",
        "/token/",
        &[("Authorization", &raw_bearer)],
        None,
    );
    assert_eq!(
        (st, v["result"]["status"].clone()),
        (200, true.into()),
        "{v}"
    );
    let body = format!("username=admin&password={raw}%0A");
    let (st, v) = http(&s.addr, "POST", "/auth", &[FORM], Some(body.as_bytes()));
    assert_eq!(
        (st, text(&v["result"]["authentication"])),
        (200, "ACCEPT".into()),
        "{v}"
    );
    s.kill();
}

#[test]
fn healthz_is_open_and_metrics_need_the_credential() {
    let (_d, s) = server("mandatory");
    let (st, v) = s.get("/healthz");
    assert_eq!(
        (st, text(&v["result"]["value"]["status"])),
        (200, "ready".into())
    );
    assert_eq!(s.get("/healthz/livez").0, 200);
    assert_eq!(http(&s.addr, "GET", "/metrics", &[], None).0, 401);
    assert_eq!(s.check("nobody", "1").0, 400);
    let text = s.metrics();
    assert!(
        text.contains("softpass_checks_total{result=\"reject\"} 1"),
        "{text}"
    );
    s.kill();
}

#[test]
fn check_errors_are_400s_in_the_error_shape() {
    let (_d, s) = server("mandatory");
    init_alice(&s);
    let cases: &[(&str, u16, i64, &str)] = &[
        (
            "/validate/check?user=alice",
            400,
            905,
            "ERR905: Missing parameter: pass",
        ),
        (
            "/validate/check?pass=1",
            400,
            905,
            "ERR905: You need to specify a serial, user or credential_id.",
        ),
        (
            "/validate/check?serial=HOTP*&pass=1",
            400,
            905,
            "ERR905: Invalid serial number.",
        ),
        (
            "/validate/check?user=nosuchuser&pass=1234755224",
            400,
            904,
            "ERR904: User <nosuchuser> does not exist.",
        ),
        (
            "/validate/check?serial=NOSUCH01&pass=1234755224",
            404,
            601,
            "The requested token could not be found.",
        ),
        (
            "/validate/check?user=a%25b&pass=1",
            400,
            905,
            "ERR905: Invalid user.",
        ),
        ("/no/such/path", 404, 404, "Not found"),
    ];
    for (path, status, code, msg) in cases {
        let (st, v) = s.get(path);
        assert_eq!(
            (st, error(&v)),
            (*status, (*code, (*msg).to_owned())),
            "{path}"
        );
    }
    let jt = ("Content-Type", "application/json");
    for body in [&b"{\"user\": "[..], b"[1,2]", b"\"x\""] {
        let (st, v) = http(&s.addr, "POST", "/validate/check", &[jt], Some(body));
        assert_eq!(
            (st, error(&v).0),
            (400, 905),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
    let (st, v) = http(&s.addr, "DELETE", "/validate/check", &[], None);
    assert_eq!((st, error(&v).0), (405, 405));
    let big = vec![b'a'; 200 << 10];
    let (st, _) = http(&s.addr, "POST", "/validate/check", &[FORM], Some(&big));
    assert_eq!(st, 413);
    // The server is still there and the token untouched.
    assert_eq!(s.check("alice", &format!("1234{}", HOTP[0])).1, "ACCEPT");
    s.kill();
}

/// `n` distinct three-character names (`000&001&...`), the shortest a request can carry.
fn distinct_names(n: usize) -> String {
    const A: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let name = |i: usize| {
        let d = [i / (62 * 62), (i / 62) % 62, i % 62];
        d.iter().map(|&x| char::from(A[x])).collect::<String>()
    };
    (0..n).map(name).collect::<Vec<_>>().join("&")
}

#[test]
fn too_many_parameters_are_a_400_not_a_busy_worker() {
    let (_d, s) = server("mandatory");
    init_alice(&s);
    let want = (
        400,
        (
            905,
            "ERR905: too many parameters: at most 256 names are read".to_owned(),
        ),
    );
    // As many names as one request can carry: hyper takes a URI of up to 64 KiB (16,000
    // names) and the body limit is 64 KiB (16,000 more, distinct from the query's). Before the
    // cap that was 5·10^8 string comparisons; 100,000 names are refused in params.rs's tests.
    let all = distinct_names(32_000);
    let (query, body) = all.split_at(16_000 * 4);
    let path = format!("/validate/check?{}", query.trim_end_matches('&'));
    let body = body.as_bytes();
    let (st, v) = http(&s.addr, "POST", &path, &[FORM], Some(body));
    assert_eq!((st, error(&v)), want);
    let (st, v) = http(&s.addr, "POST", "/validate/check", &[FORM], Some(body));
    assert_eq!((st, error(&v)), want);
    let at_limit = format!("user=alice&pass=1234{}&{}", HOTP[0], distinct_names(254));
    let (st, v) = http(
        &s.addr,
        "POST",
        "/validate/check",
        &[FORM],
        Some(at_limit.as_bytes()),
    );
    assert_eq!(
        (st, v["result"]["value"].clone()),
        (200, true.into()),
        "{v}"
    );
    s.kill();
}

#[test]
fn admin_errors_are_privacyideas() {
    let (_d, s) = server("mandatory");
    init_alice(&s);
    let (st, v) = s.admin("POST", "/token/resync", "serial=HOTP0001&otp1=1");
    assert_eq!(
        (st, error(&v)),
        (400, (905, "ERR905: Missing parameter: otp2".into()))
    );
    let (st, v) = s.admin("POST", "/token/init", "type=hotp&genkey=1&user=nobody");
    assert_eq!((st, error(&v).0), (400, 904));
    let (st, v) = s.admin("POST", "/token/init", "type=motp");
    assert_eq!((st, error(&v).0), (400, 905));
    let (st, v) = s.admin("POST", "/token/reset", "");
    let msg = "ERR905: Missing parameter: 'serial' or 'serials'";
    assert_eq!((st, error(&v)), (400, (905, msg.into())));
    let (st, v) = s.admin("POST", "/token/reset", "serial=NOSUCH01");
    assert_eq!(
        (st, error(&v)),
        (404, (601, "No token found for serials: NOSUCH01".into()))
    );
    // A path the router's extractor refuses (not UTF-8) still answers in the error shape,
    // without quoting the path.
    for (method, path) in [("DELETE", "/token/%FF"), ("POST", "/token/reset/%C3%28")] {
        let (st, v) = s.admin(method, path, "");
        assert_eq!(
            (st, error(&v)),
            (400, (905, "ERR905: The request URL is not valid.".into())),
            "{method} {path}"
        );
    }
    s.kill();
}
