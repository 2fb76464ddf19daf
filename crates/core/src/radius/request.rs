//! The server's side of one exchange, pure: what an Access-Request that passed every check says
//! (user, password, State, Proxy-State), and the answer to it with the Message-Authenticator
//! first, State, Reply-Message and the request's Proxy-State copied back (docs/radius.md).
use super::packet::{Attribute, Packet, reply_message_attrs};
use super::{Code, RadiusError, attr, encode_response, pap_unhide, verify_request};
use crate::secret::SecretBytes;

/// The User-Password as the server reads it.
pub enum Password {
    /// Neither User-Password nor CHAP-Password: the empty password.
    Absent,
    /// The unhidden PAP password (padding removed).
    Pap(SecretBytes),
    /// A CHAP-Password: not offered (PAP only), answered with an Access-Reject.
    Chap,
    /// A User-Password value that is not 16..=128 octets in 16-octet blocks.
    BadLength(usize),
}

/// An Access-Request the server believes: its Message-Authenticator verified.
pub struct AccessRequest<'a> {
    pub id: u8,
    pub authenticator: [u8; 16],
    pub user_name: Option<&'a [u8]>,
    pub password: Password,
    pub state: Option<&'a [u8]>,
    /// Every Proxy-State in packet order: copied into the answer unmodified.
    pub proxy_states: Vec<&'a [u8]>,
}

/// Check a decoded packet as the server must (an Access-Request, the Message-Authenticator
/// present and valid) and read it. Any error means: silently discard.
pub fn read_access_request<'a>(
    pkt: &Packet<'a>,
    secret: &[u8],
) -> Result<AccessRequest<'a>, RadiusError> {
    verify_request(pkt, secret, true)?;
    let password = if pkt.attr(attr::CHAP_PASSWORD).is_some() {
        Password::Chap
    } else {
        match pkt.attr(attr::USER_PASSWORD) {
            None => Password::Absent,
            Some(hidden) => match pap_unhide(secret, &pkt.authenticator, hidden) {
                Ok(p) => Password::Pap(p),
                Err(_) => Password::BadLength(hidden.len()),
            },
        }
    };
    Ok(AccessRequest {
        id: pkt.id,
        authenticator: pkt.authenticator,
        user_name: pkt.user_name(),
        password,
        state: pkt.state(),
        proxy_states: pkt.all(attr::PROXY_STATE).collect(),
    })
}

/// The answer to `req`: Message-Authenticator first, then the State (given for an
/// Access-Challenge), the Reply-Message (split at 253 octets) and the request's Proxy-States in
/// their order. Fails only when it would not fit in 4096 octets.
pub fn encode_answer(
    code: Code,
    req: &AccessRequest<'_>,
    message: &str,
    state: Option<&[u8]>,
    secret: &[u8],
) -> Result<Vec<u8>, RadiusError> {
    let mut attrs = Vec::with_capacity(2 + req.proxy_states.len());
    if let Some(s) = state {
        attrs.push(Attribute::new(attr::STATE, s));
    }
    attrs.extend(reply_message_attrs(message));
    // A zero-length Proxy-State is tolerated on receipt but can never be sent back.
    attrs.extend(
        req.proxy_states
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| Attribute::new(attr::PROXY_STATE, *p)),
    );
    encode_response(code, req.id, &req.authenticator, &attrs, secret)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::radius::vectors::*;
    use crate::radius::{decode, encode_request, pap_hide, verify_response};

    fn pap(r: &AccessRequest<'_>) -> Vec<u8> {
        match &r.password {
            Password::Pap(p) => p.expose().to_vec(),
            _ => panic!("not a PAP password"),
        }
    }

    #[test]
    fn the_challenge_round_trip_of_the_vectors() {
        let r1 = h(R1);
        let p1 = decode(&r1).unwrap();
        let q1 = read_access_request(&p1, S2).unwrap();
        assert_eq!(
            (q1.user_name, pap(&q1), q1.state),
            (Some(&b"alice"[..]), b"hunter2".to_vec(), None)
        );
        let c1 = encode_answer(
            Code::AccessChallenge,
            &q1,
            "Enter the OTP shown on your token",
            Some(b"sp-state-0001"),
            S2,
        )
        .unwrap();
        assert_eq!(hex::encode(c1), C1);
        let r2 = h(R2);
        let p2 = decode(&r2).unwrap();
        let q2 = read_access_request(&p2, S2).unwrap();
        assert_eq!(
            (pap(&q2), q2.state),
            (b"755224".to_vec(), Some(&b"sp-state-0001"[..]))
        );
        let a2 = encode_answer(Code::AccessAccept, &q2, "Welcome, alice", None, S2).unwrap();
        assert_eq!(hex::encode(a2), A2);
        let j2 = encode_answer(Code::AccessReject, &q2, "Wrong OTP", None, S2).unwrap();
        assert_eq!(hex::encode(j2), J2);
    }

    #[test]
    fn requests_the_server_discards() {
        let legacy = h(R2_NO_MA);
        assert_eq!(
            read_access_request(&decode(&legacy).unwrap(), S2).err(),
            Some(RadiusError::MissingMessageAuthenticator)
        );
        let r1 = h(R1);
        assert_eq!(
            read_access_request(&decode(&r1).unwrap(), b"another secret").err(),
            Some(RadiusError::BadMessageAuthenticator)
        );
        let reply = h(A2);
        assert_eq!(
            read_access_request(&decode(&reply).unwrap(), S2).err(),
            Some(RadiusError::UnknownCode(2))
        );
    }

    #[test]
    fn passwords_chap_and_proxy_states() {
        let ra = [7u8; 16];
        let req = |attrs: &[Attribute]| encode_request(9, &ra, attrs, S2).unwrap();
        let none = req(&[Attribute::new(attr::USER_NAME, "bob")]);
        let q = read_access_request(&decode(&none).unwrap(), S2).unwrap();
        assert!(matches!(q.password, Password::Absent));
        let chap = req(&[
            Attribute::new(attr::USER_PASSWORD, pap_hide(S2, &ra, b"x").unwrap()),
            Attribute::new(attr::CHAP_PASSWORD, [1u8; 17]),
        ]);
        let q = read_access_request(&decode(&chap).unwrap(), S2).unwrap();
        assert!(matches!(q.password, Password::Chap));
        let odd = req(&[Attribute::new(attr::USER_PASSWORD, [0u8; 17])]);
        let q = read_access_request(&decode(&odd).unwrap(), S2).unwrap();
        assert!(matches!(q.password, Password::BadLength(17)));
        let proxied = req(&[
            Attribute::new(attr::PROXY_STATE, "first"),
            Attribute::new(attr::USER_NAME, "bob"),
            Attribute::new(attr::PROXY_STATE, "second"),
        ]);
        let pkt = decode(&proxied).unwrap();
        let q = read_access_request(&pkt, S2).unwrap();
        let answer = encode_answer(Code::AccessReject, &q, "no", None, S2).unwrap();
        let a = decode(&answer).unwrap();
        verify_response(&a, 9, &ra, S2, true).unwrap();
        assert_eq!(a.attrs()[0].typ, attr::MESSAGE_AUTHENTICATOR);
        let copied: Vec<&[u8]> = a.all(attr::PROXY_STATE).collect();
        assert_eq!(copied, [&b"first"[..], &b"second"[..]]);
        // A request that fills 4096 octets with Proxy-State: its answer cannot carry a
        // Reply-Message too and is refused, never truncated.
        let mut big: Vec<Attribute> = (0..15)
            .map(|_| Attribute::new(attr::PROXY_STATE, [b'p'; 253]))
            .collect();
        big.push(Attribute::new(attr::PROXY_STATE, [b'q'; 231]));
        let full = encode_request(3, &ra, &big, S2).unwrap();
        assert_eq!(full.len(), 4096);
        let q = read_access_request(&decode(&full).unwrap(), S2).unwrap();
        assert!(matches!(
            encode_answer(Code::AccessReject, &q, "x", None, S2),
            Err(RadiusError::TooLong(_))
        ));
    }
}
