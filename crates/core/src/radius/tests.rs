//! Known answers from outside (RFC 2865 §7.1; vectors cross-checked with pyrad 2.6.0 and
//! FreeRADIUS 3.2.1 radclient, docs/radius.md §Test vectors), the malformed-input kit and
//! round trips.
use super::*;
use proptest::prelude::*;

use super::vectors::*;

#[test]
fn rfc2865_7_1_request_and_accept() {
    let secret = b"xyzzy5461";
    let ra = a16("0f403f9473978057bd83d5cb98f4227a");
    let pw = pap_hide(secret, &ra, b"arctangent").unwrap();
    let attrs = [
        Attribute::new(attr::USER_NAME, "nemo"),
        Attribute::new(attr::USER_PASSWORD, pw),
        Attribute::new(attr::NAS_IP_ADDRESS, [192, 168, 1, 16]),
        Attribute::new(attr::NAS_PORT, [0, 0, 0, 3]),
    ];
    let req = encode_raw(Code::AccessRequest, 0, &ra, &attrs).unwrap();
    assert_eq!(
        hex::encode(&req),
        "010000380f403f9473978057bd83d5cb98f4227a01066e656d6f02120dbe708d93d413ce3196e43f782a0aee0406c0a80110050600000003"
    );
    let p = decode(&req).unwrap();
    let hidden = p.attr(attr::USER_PASSWORD).unwrap();
    assert_eq!(
        pap_unhide(secret, &ra, hidden).unwrap().expose(),
        b"arctangent"
    );
    // Legacy: no M-A; accepted when the server does not require one.
    verify_request(&p, secret, false).unwrap();
    assert_eq!(
        verify_request(&p, secret, true),
        Err(RadiusError::MissingMessageAuthenticator)
    );
    let reply = [
        Attribute::new(6, [0, 0, 0, 1]),
        Attribute::new(15, [0, 0, 0, 0]),
        Attribute::new(14, [192, 168, 1, 3]),
    ];
    let mut acc = encode_raw(Code::AccessAccept, 0, &ra, &reply).unwrap();
    sign_response(&mut acc, &ra, secret);
    let want = "0200002686fe220e7624ba2a1005f6bf9b55e0b20606000000010f06000000000e06c0a80103";
    assert_eq!(hex::encode(&acc), want);
    let p = decode(&acc).unwrap();
    verify_response(&p, 0, &ra, secret, false).unwrap();
    assert_eq!(
        verify_response(&p, 0, &ra, secret, true),
        Err(RadiusError::MissingMessageAuthenticator)
    );
}

#[test]
fn pap_hiding_vectors() {
    let ra = a16(RA1);
    let cases: [(&[u8], &str); 4] = [
        (b"", "5e0757156cce8d0cac1977948f812b8d"),
        (b"123456", "6f35642159f88d0cac1977948f812b8d"),
        (b"0123456789abcdef", "6e36652658fbbb3b942016f6ece54eeb"),
        (
            b"0123456789abcdefg",
            "6e36652658fbbb3b942016f6ece54eeb100ca300c507478aa29b7d597aff5250",
        ),
    ];
    for (pw, hidden) in cases {
        assert_eq!(hex::encode(pap_hide(S2, &ra, pw).unwrap()), hidden);
        assert_eq!(pap_unhide(S2, &ra, &h(hidden)).unwrap().expose(), pw);
    }
    let max = b"0123456789abcdef".repeat(8);
    let want = "6e36652658fbbb3b942016f6ece54eeb473d9133f13271bd9aa21c3b199b3736b815a9402b402c10cd9ee4318f18cf367572d75322d15a280e698ece9dba49e5c8f5542428c9fde5144fbe71d4d63a26b71970c757139003880f35f1fa07a70ce66aa706bacaaba5187370783b64d6a9656dba1271bd22c8d92fffab3a9ccdb9";
    assert_eq!(hex::encode(pap_hide(S2, &ra, &max).unwrap()), want);
    assert_eq!(pap_unhide(S2, &ra, &h(want)).unwrap().expose(), &max[..]);
    let long = [b'x'; 129];
    assert_eq!(pap_hide(S2, &ra, &long), Err(RadiusError::PasswordTooLong));
    for bad in [0usize, 15, 17, 144] {
        assert_eq!(
            pap_unhide(S2, &ra, &vec![0; bad]).err(),
            Some(RadiusError::BadPasswordLength(bad))
        );
    }
    assert_eq!(pap_hide(b"", &ra, b"x"), Err(RadiusError::EmptySecret));
}

fn r1_attrs() -> Vec<Attribute> {
    let pw = pap_hide(S2, &a16(RA1), b"hunter2").unwrap();
    vec![
        Attribute::new(attr::USER_NAME, "alice"),
        Attribute::new(attr::USER_PASSWORD, pw),
        Attribute::new(attr::NAS_IDENTIFIER, "softpass-test"),
    ]
}

#[test]
fn challenge_round_trip_with_message_authenticator_first() {
    let (ra1, ra2) = (a16(RA1), a16(RA2));
    let r1 = encode_request(0x2a, &ra1, &r1_attrs(), S2).unwrap();
    assert_eq!(hex::encode(&r1), R1);
    verify_request(&decode(&r1).unwrap(), S2, true).unwrap();
    let mut chal = vec![Attribute::new(attr::STATE, "sp-state-0001")];
    chal.extend(reply_message_attrs("Enter the OTP shown on your token"));
    let c1 = encode_response(Code::AccessChallenge, 0x2a, &ra1, &chal, S2).unwrap();
    assert_eq!(hex::encode(&c1), C1);
    let pc = decode(&c1).unwrap();
    verify_response(&pc, 0x2a, &ra1, S2, true).unwrap();
    assert_eq!(pc.state(), Some(&b"sp-state-0001"[..]));
    assert_eq!(
        pc.reply_message().as_deref(),
        Some("Enter the OTP shown on your token")
    );
    // Verified against the wrong request: discarded.
    assert_eq!(
        verify_response(&pc, 0x2a, &ra2, S2, true),
        Err(RadiusError::BadResponseAuthenticator)
    );
    let r2_attrs = [
        Attribute::new(attr::USER_NAME, "alice"),
        Attribute::new(attr::USER_PASSWORD, pap_hide(S2, &ra2, b"755224").unwrap()),
        Attribute::new(attr::STATE, pc.state().unwrap()),
        Attribute::new(attr::NAS_IDENTIFIER, "softpass-test"),
    ];
    let r2 = encode_request(0x2b, &ra2, &r2_attrs, S2).unwrap();
    assert_eq!(hex::encode(&r2), R2);
    let a2 = encode_response(
        Code::AccessAccept,
        0x2b,
        &ra2,
        &reply_message_attrs("Welcome, alice"),
        S2,
    )
    .unwrap();
    assert_eq!(hex::encode(&a2), A2);
    let j2 = encode_response(
        Code::AccessReject,
        0x2b,
        &ra2,
        &reply_message_attrs("Wrong OTP"),
        S2,
    )
    .unwrap();
    assert_eq!(hex::encode(&j2), J2);
    let pa = decode(&a2).unwrap();
    assert_eq!(
        verify_response(&pa, 0x2b, &ra2, b"another secret", true),
        Err(RadiusError::BadResponseAuthenticator)
    );
    assert_eq!(
        verify_response(&pa, 0x2c, &ra2, S2, true),
        Err(RadiusError::WrongIdentifier {
            got: 0x2b,
            want: 0x2c
        })
    );
}

#[test]
fn legacy_and_forged_requests() {
    let legacy = h(R2_NO_MA);
    let p = decode(&legacy).unwrap();
    assert_eq!(
        verify_request(&p, S2, true),
        Err(RadiusError::MissingMessageAuthenticator)
    );
    verify_request(&p, S2, false).unwrap();
    let mut flipped = h(R1);
    flipped[37] ^= 1; // the last M-A octet: c198 -> c199
    assert_eq!(hex::encode(&flipped)[72..76], *"c199");
    assert_eq!(
        verify_request(&decode(&flipped).unwrap(), S2, true),
        Err(RadiusError::BadMessageAuthenticator)
    );
    // Proxy-State without M-A: the BlastRADIUS shape, discarded even when M-A is optional.
    let ps = encode_raw(
        Code::AccessRequest,
        1,
        &[0; 16],
        &[Attribute::new(attr::PROXY_STATE, "x")],
    )
    .unwrap();
    assert_eq!(
        verify_request(&decode(&ps).unwrap(), S2, false),
        Err(RadiusError::ProxyStateWithoutMessageAuthenticator)
    );
    // Two M-As, or one of the wrong size.
    let two = encode_raw(
        Code::AccessRequest,
        1,
        &[0; 16],
        &[Attribute::new(80, [0; 16]), Attribute::new(80, [0; 16])],
    )
    .unwrap();
    assert_eq!(
        verify_request(&decode(&two).unwrap(), S2, false),
        Err(RadiusError::DuplicateMessageAuthenticator)
    );
    let short = encode_raw(
        Code::AccessRequest,
        1,
        &[0; 16],
        &[Attribute::new(80, [0; 15])],
    );
    assert_eq!(
        verify_request(&decode(&short.unwrap()).unwrap(), S2, false),
        Err(RadiusError::BadMessageAuthenticatorLength)
    );
}

#[test]
fn malformed_datagrams_are_errors() {
    let r1 = h(R1);
    assert_eq!(decode(&r1[..19]), Err(RadiusError::TooShort(19)));
    let mut len19 = r1.clone();
    len19[2..4].copy_from_slice(&[0, 19]);
    assert_eq!(decode(&len19), Err(RadiusError::BadLength(19)));
    let mut big = vec![0u8; 4097];
    big[..4].copy_from_slice(&[1, 0x2a, 0x10, 0x01]);
    assert_eq!(decode(&big), Err(RadiusError::BadLength(4097)));
    assert_eq!(
        decode(&r1[..r1.len() - 1]),
        Err(RadiusError::Truncated {
            got: 77,
            length: 78
        })
    );
    for bad in [
        "012a00160123456789abcdeffedcba98765432100100",
        "012a00160123456789abcdeffedcba98765432100101",
        "012a00170123456789abcdeffedcba9876543210010561",
        "012a00150123456789abcdeffedcba987654321001",
    ] {
        assert!(
            matches!(
                decode(&h(bad)),
                Err(RadiusError::BadAttribute { offset: 20, .. })
            ),
            "{bad}"
        );
    }
    let mut acct = r1.clone();
    acct[0] = 4;
    assert_eq!(decode(&acct), Err(RadiusError::UnknownCode(4)));
    // Padding after Length is ignored: the packet is R1 and its M-A still verifies.
    let mut padded = r1.clone();
    padded.extend_from_slice(&[0, 0, 0]);
    let p = decode(&padded).unwrap();
    assert_eq!(p.bytes(), &r1[..]);
    verify_request(&p, S2, true).unwrap();
}

#[test]
fn unknown_attributes_are_kept_and_encoders_refuse_bad_input() {
    let attrs = [
        Attribute::new(26, [0, 0, 0x01, 0x37, 1, 3, b'x']),
        Attribute::new(attr::USER_NAME, "bob"),
        Attribute::new(200, [7]),
    ];
    let pkt = encode_request(9, &[3; 16], &attrs, S2).unwrap();
    let p = decode(&pkt).unwrap();
    let types: Vec<u8> = p.attrs().iter().map(|a| a.typ).collect();
    assert_eq!(types, [80, 26, 1, 200]);
    assert_eq!(p.user_name(), Some(&b"bob"[..]));
    let e = |a: Vec<Attribute>| encode_request(1, &[0; 16], &a, S2).err();
    assert_eq!(
        e(vec![Attribute::new(1, "")]),
        Some(RadiusError::BadValueLength { typ: 1, len: 0 })
    );
    assert_eq!(
        e(vec![Attribute::new(1, vec![b'a'; 254])]),
        Some(RadiusError::BadValueLength { typ: 1, len: 254 })
    );
    assert_eq!(
        e(vec![Attribute::new(80, [0; 16])]),
        Some(RadiusError::CallerMessageAuthenticator)
    );
    let many = vec![Attribute::new(18, vec![b'a'; 253]); 17];
    assert!(matches!(e(many), Some(RadiusError::TooLong(_))));
    assert_eq!(
        encode_response(Code::AccessRequest, 1, &[0; 16], &[], S2),
        Err(RadiusError::NotAResponse(1))
    );
}

#[test]
fn long_reply_messages_split_on_character_boundaries() {
    let text = "é".repeat(200); // 400 octets, two-octet characters
    let parts = reply_message_attrs(&text);
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0].value.len(), 252);
    let pkt = encode_response(Code::AccessReject, 1, &[0; 16], &parts, S2).unwrap();
    assert_eq!(decode(&pkt).unwrap().reply_message().unwrap(), text);
    assert!(reply_message_attrs("").is_empty());
}

fn attr_strategy() -> impl Strategy<Value = Attribute> {
    (
        (1u8..=255).prop_filter("M-A is the encoder's", |t| *t != 80),
        proptest::collection::vec(any::<u8>(), 1..=60),
    )
        .prop_map(|(t, v)| Attribute::new(t, v))
}

proptest! {
    #[test]
    fn request_round_trip(id: u8, ra: [u8; 16], attrs in proptest::collection::vec(attr_strategy(), 0..12),
                          secret in proptest::collection::vec(any::<u8>(), 1..40)) {
        let pkt = encode_request(id, &ra, &attrs, &secret).unwrap();
        let p = decode(&pkt).unwrap();
        prop_assert_eq!((p.code, p.id, p.authenticator), (Code::AccessRequest, id, ra));
        let back: Vec<Attribute> = p.attrs()[1..].iter().map(|a| Attribute::new(a.typ, a.value)).collect();
        prop_assert_eq!(&back, &attrs);
        prop_assert!(verify_request(&p, &secret, true).is_ok());
    }

    #[test]
    fn any_bit_flip_breaks_a_response(id: u8, ra: [u8; 16], bit in 0usize..(8 * 40),
                                      attrs in proptest::collection::vec(attr_strategy(), 0..4)) {
        let mut pkt = encode_response(Code::AccessAccept, id, &ra, &attrs, S2).unwrap();
        prop_assert!(verify_response(&decode(&pkt).unwrap(), id, &ra, S2, true).is_ok());
        let bit = bit % (8 * pkt.len());
        pkt[bit / 8] ^= 1 << (bit % 8);
        let still = decode(&pkt).map(|p| verify_response(&p, id, &ra, S2, true).is_ok());
        prop_assert!(!matches!(still, Ok(true)));
    }

    #[test]
    fn pap_round_trip(secret in proptest::collection::vec(any::<u8>(), 1..64), ra: [u8; 16],
                      pw in proptest::collection::vec(1u8..=255, 0..=128)) {
        let hidden = pap_hide(&secret, &ra, &pw).unwrap();
        prop_assert_eq!(hidden.len(), pw.len().div_ceil(16).max(1) * 16);
        let plain = pap_unhide(&secret, &ra, &hidden).unwrap();
        prop_assert_eq!(plain.expose(), &pw[..]);
    }

    #[test]
    fn decode_never_panics(data in proptest::collection::vec(any::<u8>(), 0..300)) {
        if let Ok(p) = decode(&data) {
            let _ = verify_request(&p, S2, false);
            let _ = verify_response(&p, 0, &[0; 16], S2, false);
        }
    }
}
