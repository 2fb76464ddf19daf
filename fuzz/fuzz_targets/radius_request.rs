#![no_main]
//! Fuzz target: the server's reading of an Access-Request (`read_access_request`) never panics
//! on any datagram, and what it believes gets an answer that verifies at the client, carries the
//! Message-Authenticator first and copies the request's Proxy-States back in order; a request
//! signed with the secret is always believed.
use libfuzzer_sys::fuzz_target;
use softpass_core::radius::{
    Attribute, Code, attr, decode, encode_answer, encode_request, read_access_request,
    verify_response,
};

const SECRET: &[u8] = b"softpass-radius-test-secret";

fn check(datagram: &[u8], message: &str) {
    let Ok(p) = decode(datagram) else { return };
    let Ok(req) = read_access_request(&p, SECRET) else { return };
    let state = req.state.filter(|s| !s.is_empty());
    for code in [Code::AccessAccept, Code::AccessReject, Code::AccessChallenge] {
        let Ok(answer) = encode_answer(code, &req, message, state, SECRET) else {
            continue;
        };
        let a = decode(&answer).expect("own answer decodes");
        verify_response(&a, req.id, &req.authenticator, SECRET, true).expect("own answer verifies");
        assert_eq!(a.attrs()[0].typ, attr::MESSAGE_AUTHENTICATOR);
        let sent: Vec<&[u8]> = req.proxy_states.iter().copied().filter(|v| !v.is_empty()).collect();
        let back: Vec<&[u8]> = a.all(attr::PROXY_STATE).collect();
        assert_eq!(back, sent);
    }
}

fuzz_target!(|data: &[u8]| {
    let (message, rest) = match data.split_first() {
        Some((n, rest)) if usize::from(*n) <= rest.len() => rest.split_at(usize::from(*n)),
        _ => (&[][..], data),
    };
    let message = String::from_utf8_lossy(message);
    check(rest, &message);
    // The same bytes as attributes of a request signed with the secret: always believed.
    let mut attrs = Vec::new();
    for chunk in rest.chunks(40) {
        if chunk.len() >= 2 && chunk[0] != attr::MESSAGE_AUTHENTICATOR {
            attrs.push(Attribute::new(chunk[0], &chunk[1..]));
        }
    }
    let ra: [u8; 16] = std::array::from_fn(|i| rest.get(i).copied().unwrap_or(0));
    if let Ok(signed) = encode_request(rest.len() as u8, &ra, &attrs, SECRET) {
        let p = decode(&signed).expect("own request decodes");
        assert!(read_access_request(&p, SECRET).is_ok());
        check(&signed, &message);
    }
});
