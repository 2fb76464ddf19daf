#![no_main]
//! Fuzz target: the RADIUS decoder never panics on any datagram; what it accepts re-encodes to
//! the same bytes; verification and PAP unhiding never panic; encode → decode → verify holds
//! for the attributes found, and a one-bit flip of a signed reply is never believed.
use libfuzzer_sys::fuzz_target;
use softpass_core::radius::{
    Attribute, Code, attr, decode, encode_raw, encode_response, pap_hide, pap_unhide,
    verify_request, verify_response,
};

const SECRET: &[u8] = b"softpass-radius-test-secret";

fuzz_target!(|data: &[u8]| {
    let Ok(p) = decode(data) else {
        return;
    };
    let attrs: Vec<Attribute> = p.attrs().iter().map(|a| Attribute::new(a.typ, a.value)).collect();
    // Zero-length values decode (tolerated) but are never encoded.
    if attrs.iter().all(|a| !a.value.is_empty()) {
        let again = encode_raw(p.code, p.id, &p.authenticator, &attrs).expect("decoded packets re-encode");
        assert_eq!(again, p.bytes());
    }
    let _ = verify_request(&p, SECRET, false);
    let _ = verify_response(&p, p.id, &p.authenticator, SECRET, false);
    if let Some(hidden) = p.attr(attr::USER_PASSWORD)
        && let Ok(plain) = pap_unhide(SECRET, &p.authenticator, hidden)
    {
        let back = pap_hide(SECRET, &p.authenticator, plain.expose()).expect("≤128 octets");
        let again = pap_unhide(SECRET, &p.authenticator, &back).expect("own output");
        assert_eq!(again.expose(), plain.expose());
    }
    let reply: Vec<Attribute> = attrs
        .into_iter()
        .filter(|a| a.typ != attr::MESSAGE_AUTHENTICATOR && !a.value.is_empty())
        .collect();
    if let Ok(mut signed) = encode_response(Code::AccessChallenge, p.id, &p.authenticator, &reply, SECRET) {
        let d = decode(&signed).expect("own output decodes");
        verify_response(&d, p.id, &p.authenticator, SECRET, true).expect("own output verifies");
        let bit = usize::from(data[0]) * 8 % (signed.len() * 8);
        signed[bit / 8] ^= 1 << (bit % 8);
        if let Ok(d) = decode(&signed) {
            assert!(verify_response(&d, p.id, &p.authenticator, SECRET, true).is_err());
        }
    }
});
