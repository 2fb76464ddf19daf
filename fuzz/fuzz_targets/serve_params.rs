#![no_main]
//! Fuzz target: `softpass serve`'s request-parameter extraction (query string + form or JSON
//! body) must never panic, and a value it reports must be one it can report again.
use libfuzzer_sys::fuzz_target;
use softpass_server::params;

const TYPES: [Option<&str>; 6] = [
    None,
    Some("application/x-www-form-urlencoded"),
    Some("application/json"),
    Some("application/json; charset=utf-8"),
    Some("multipart/form-data; boundary=x"),
    Some("text/plain"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let (query, body) = match rest.iter().position(|b| *b == 0) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (&rest[..0], rest),
    };
    let query = std::str::from_utf8(query).ok();
    let ct = TYPES[usize::from(sel) % TYPES.len()];
    if let Ok(p) = params::parse(query, ct, body) {
        let names: Vec<String> = p.names().map(str::to_owned).collect();
        for n in &names {
            assert!(p.get(n).is_some());
        }
        let _ = (p.non_empty("user"), p.get("pass"));
    }
});
