//! Replays exchanges recorded from a live privacyIDEA 3.14 (tests/testdata/privacyidea/, one
//! file per request: `>>>` request lines, `<<<` response head, then the JSON body) against
//! `softpass serve` and compares the answers field by field: HTTP status, result.status/value/
//! authentication, error code and message, detail.message/serial/type/otplen, and the token
//! list's count/failcount/maxfail. softpass has no realms: privacyIDEA's default realm
//! (`@testrealm`, `realm=testrealm`) is removed from requests and messages, the only
//! normalisation; the divergences softpass documents (docs/server.md) are not in the set.

use crate::support::serve::{Server, http, start};
use serde_json::Value;

/// privacyIDEA's `otponly` login; replayed with the PIN, only `result` is compared.
const OTPONLY: &str = "048_";

struct Exchange {
    name: String,
    method: String,
    path: String,
    content_type: Option<String>,
    body: Option<String>,
    status: u16,
    answer: Value,
}

fn parse(name: &str, text: &str) -> Exchange {
    let req: Vec<&str> = text
        .lines()
        .filter_map(|l| {
            l.strip_prefix(">>> ")
                .or(if l == ">>>" { Some("") } else { None })
        })
        .collect();
    let (method, path) = req[0].split_once(' ').unwrap();
    let mut path = path
        .replace("%40testrealm", "")
        .replace("@testrealm", "")
        .replace("&realm=testrealm", "");
    if name.starts_with(OTPONLY) {
        // softpass does not do otponly (docs/server.md): the same login with its OTP PIN.
        path = path.replace("&otponly=1&pass=", "&pass=1234");
    }
    let mut content_type = None;
    let mut body = None;
    let mut in_body = false;
    for l in &req[1..] {
        if in_body {
            body = Some(l.to_string());
        } else if l.is_empty() {
            in_body = true;
        } else if let Some(ct) = l.strip_prefix("Content-Type: ") {
            content_type = Some(ct.to_owned());
        }
    }
    let status_line = text
        .lines()
        .find(|l| l.starts_with("<<< HTTP/1.1 "))
        .unwrap();
    let status = status_line[13..16].parse().unwrap();
    let json = text.lines().find(|l| l.starts_with('{')).unwrap_or("null");
    Exchange {
        name: name.to_owned(),
        method: method.to_owned(),
        path,
        content_type,
        body,
        status,
        answer: serde_json::from_str(json).unwrap(),
    }
}

fn norm(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(s.replace("@testrealm", "")),
        other => other.clone(),
    }
}

/// The fields compared, as (label, value) pairs.
fn fields(v: &Value) -> Vec<(String, Value)> {
    let mut out = vec![];
    let r = &v["result"];
    for k in ["status", "authentication"] {
        out.push((format!("result.{k}"), r[k].clone()));
    }
    out.push(("error.code".into(), r["error"]["code"].clone()));
    out.push(("error.message".into(), norm(&r["error"]["message"])));
    match &r["value"] {
        Value::Object(o) if o.contains_key("tokens") => {
            let t = &o["tokens"][0];
            out.push(("value.count".into(), o["count"].clone()));
            for k in [
                "serial",
                "tokentype",
                "count",
                "failcount",
                "maxfail",
                "username",
                "active",
            ] {
                out.push((format!("tokens[0].{k}"), t[k].clone()));
            }
        }
        Value::Object(_) => {}
        other => out.push(("result.value".into(), other.clone())),
    }
    for k in ["message", "serial", "type", "otplen"] {
        out.push((format!("detail.{k}"), v["detail"][k].clone()));
    }
    out
}

fn replay(s: &Server, e: &Exchange) -> (u16, Value) {
    let auth = format!("Bearer {}", s.key);
    let mut h: Vec<(&str, &str)> = vec![("Authorization", &auth)];
    if let Some(ct) = &e.content_type {
        h.push(("Content-Type", ct));
    }
    http(
        &s.addr,
        &e.method,
        &e.path,
        &h,
        e.body.as_deref().map(str::as_bytes),
    )
}

#[test]
fn softpass_answers_as_privacyidea_did() {
    let d = tempfile::tempdir().unwrap();
    let names: Vec<String> = (1..=100).map(|i| format!("user{i}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let users = crate::support::serve::users_file(d.path(), &names);
    let s = start(
        &d.path().join("data"),
        &["--users", users.to_str().unwrap()],
    );
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/testdata/privacyidea");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut diffs = Vec::new();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let e = parse(&name, &std::fs::read_to_string(f).unwrap());
        let (status, got) = replay(&s, &e);
        if status != e.status {
            diffs.push(format!(
                "{}: HTTP {status}, privacyIDEA {}",
                e.name, e.status
            ));
        }
        for ((k, want), (_, have)) in fields(&e.answer).into_iter().zip(fields(&got)) {
            if want != have && !(name.starts_with(OTPONLY) && k.starts_with("detail.")) {
                diffs.push(format!("{}: {k} = {have}, privacyIDEA {want}", e.name));
            }
        }
    }
    assert!(files.len() > 50);
    assert!(
        diffs.is_empty(),
        "{} differences:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
    s.kill();
}
