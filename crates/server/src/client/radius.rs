//! A RADIUS client (docs/radius.md): PAP Access-Request with the Message-Authenticator first,
//! retransmission of the same bytes, replies believed only when authenticated, State round trip.
use super::ClientError;
use softpass_core::radius::{self, Attribute, Code, attr};
use softpass_core::secret::{SecretBytes, SecretString};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::UdpSocket;

/// The NAS-Identifier our requests carry.
pub const NAS_IDENTIFIER: &str = "softpass";

/// A reply that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RadiusAnswer {
    pub code: Code,
    /// The Reply-Messages joined in order (empty when there was none).
    pub message: String,
    /// State of an Access-Challenge, to copy into the answering request.
    pub state: Option<Vec<u8>>,
}

/// One server and its shared secret.
pub struct RadiusClient {
    server: SocketAddr,
    secret: SecretBytes,
    /// Wait per send.
    pub timeout: Duration,
    /// Sends in all (the first one and the retransmissions).
    pub tries: u32,
}

fn random16() -> Result<[u8; 16], ClientError> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| ClientError::Io(format!("random generator: {e}")))?;
    Ok(b)
}

impl RadiusClient {
    pub fn new(server: SocketAddr, secret: SecretBytes) -> Result<Self, ClientError> {
        if secret.is_empty() {
            return Err(radius::RadiusError::EmptySecret.into());
        }
        Ok(Self {
            server,
            secret,
            timeout: Duration::from_secs(3),
            tries: 3,
        })
    }

    /// The server's address.
    pub fn server(&self) -> SocketAddr {
        self.server
    }

    /// The secret file's first line, without its line ending.
    pub fn secret_from_file_text(text: &str) -> SecretBytes {
        let line = text.lines().next().unwrap_or("");
        SecretBytes::from_slice(line.as_bytes())
    }

    /// One Access-Request for `user` with `password` (OTP PIN + eToken, or a challenge's
    /// answer with its `state`). A fresh socket, Identifier and Request Authenticator each time.
    pub async fn access_request(
        &self,
        user: &str,
        password: &SecretString,
        state: Option<&[u8]>,
    ) -> Result<RadiusAnswer, ClientError> {
        let ra = random16()?;
        let id = ra[0] ^ ra[15];
        let secret = self.secret.expose();
        let mut attrs = vec![
            Attribute::new(attr::USER_NAME, user.as_bytes()),
            Attribute::new(
                attr::USER_PASSWORD,
                radius::pap_hide(secret, &ra, password.expose().as_bytes())?,
            ),
        ];
        if let Some(s) = state {
            attrs.push(Attribute::new(attr::STATE, s));
        }
        attrs.push(Attribute::new(attr::NAS_IDENTIFIER, NAS_IDENTIFIER));
        let packet = radius::encode_request(id, &ra, &attrs, secret)?;
        let bind: SocketAddr = if self.server.is_ipv4() {
            ([0, 0, 0, 0], 0).into()
        } else {
            (std::net::Ipv6Addr::UNSPECIFIED, 0).into()
        };
        let io = |e: std::io::Error| ClientError::Unreachable {
            server: self.server.to_string(),
            reason: e.to_string(),
        };
        let sock = UdpSocket::bind(bind).await.map_err(io)?;
        sock.connect(self.server).await.map_err(io)?;
        for _ in 0..self.tries.max(1) {
            sock.send(&packet).await.map_err(io)?;
            let deadline = tokio::time::Instant::now() + self.timeout;
            if let Some(answer) = self.await_reply(&sock, id, &ra, deadline).await? {
                return Ok(answer);
            }
        }
        Err(ClientError::Timeout {
            server: self.server.to_string(),
            secs: self.timeout.as_secs_f64() * f64::from(self.tries.max(1)),
        })
    }

    /// Wait until `deadline` for a reply that verifies; everything else is dropped.
    async fn await_reply(
        &self,
        sock: &UdpSocket,
        id: u8,
        ra: &[u8; 16],
        deadline: tokio::time::Instant,
    ) -> Result<Option<RadiusAnswer>, ClientError> {
        let mut buf = vec![0u8; radius::MAX_PACKET_LEN + 1];
        loop {
            let got = tokio::time::timeout_at(deadline, sock.recv(&mut buf)).await;
            let n = match got {
                Err(_) => return Ok(None),
                // A connected UDP socket reports an ICMP port-unreachable as an error: the
                // server is not there (yet); keep waiting like radclient does.
                Ok(Err(_)) => continue,
                Ok(Ok(n)) => n,
            };
            let Ok(pkt) = radius::decode(&buf[..n]) else {
                continue;
            };
            if radius::verify_response(&pkt, id, ra, self.secret.expose(), true).is_err() {
                continue;
            }
            return Ok(Some(RadiusAnswer {
                code: pkt.code,
                message: pkt.reply_message().unwrap_or_default(),
                state: pkt.state().map(<[u8]>::to_vec),
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use softpass_core::radius::{
        decode, encode_response, pap_unhide, reply_message_attrs, verify_request,
    };

    const SECRET: &[u8] = b"softpass-radius-test-secret";

    /// A responder on the core codec that misbehaves first: it ignores the first datagram,
    /// answers the retransmission (which must be byte-identical) with garbage, a reply for
    /// another Identifier and one signed with another secret, and only then with a valid
    /// Access-Challenge; the answer to that must carry the State and the new password.
    #[tokio::test]
    async fn retransmits_ignores_forgeries_and_round_trips_the_state() {
        let sock = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let addr = sock.local_addr().unwrap();
        let server = tokio::spawn(async move {
            let mut buf = [0u8; 4097];
            let (n, peer) = sock.recv_from(&mut buf).await.unwrap();
            let first = buf[..n].to_vec();
            let (n, peer2) = sock.recv_from(&mut buf).await.unwrap();
            assert_eq!(
                (&buf[..n], peer2),
                (&first[..], peer),
                "retransmission = same bytes, port"
            );
            let p = decode(&first).unwrap();
            verify_request(&p, SECRET, true).unwrap();
            assert_eq!(p.attrs()[0].typ, attr::MESSAGE_AUTHENTICATOR);
            let pw = pap_unhide(
                SECRET,
                &p.authenticator,
                p.attr(attr::USER_PASSWORD).unwrap(),
            )
            .unwrap();
            assert_eq!(pw.expose(), b"hunter2");
            let mut attrs = vec![Attribute::new(attr::STATE, "st-1")];
            attrs.extend(reply_message_attrs("Enter the OTP"));
            let (id, ra) = (p.id, p.authenticator);
            sock.send_to(b"garbage", peer).await.unwrap();
            let other =
                encode_response(Code::AccessAccept, id.wrapping_add(1), &ra, &[], SECRET).unwrap();
            sock.send_to(&other, peer).await.unwrap();
            let forged = encode_response(Code::AccessAccept, id, &ra, &[], b"wrong").unwrap();
            sock.send_to(&forged, peer).await.unwrap();
            let chal = encode_response(Code::AccessChallenge, id, &ra, &attrs, SECRET).unwrap();
            sock.send_to(&chal, peer).await.unwrap();
            let (n, peer) = sock.recv_from(&mut buf).await.unwrap();
            let q = decode(&buf[..n]).unwrap();
            verify_request(&q, SECRET, true).unwrap();
            assert_ne!(
                q.authenticator, ra,
                "a new request gets a new authenticator"
            );
            assert_eq!(q.state(), Some(&b"st-1"[..]));
            let pw = pap_unhide(
                SECRET,
                &q.authenticator,
                q.attr(attr::USER_PASSWORD).unwrap(),
            )
            .unwrap();
            assert_eq!(pw.expose(), b"755224");
            let ok = encode_response(
                Code::AccessAccept,
                q.id,
                &q.authenticator,
                &reply_message_attrs("Welcome"),
                SECRET,
            );
            sock.send_to(&ok.unwrap(), peer).await.unwrap();
        });
        let mut c = RadiusClient::new(addr, SecretBytes::from_slice(SECRET)).unwrap();
        c.timeout = Duration::from_millis(300);
        let a = c
            .access_request("alice", &SecretString::from("hunter2"), None)
            .await
            .unwrap();
        assert_eq!(
            (a.code, a.message.as_str()),
            (Code::AccessChallenge, "Enter the OTP")
        );
        let b = c
            .access_request("alice", &SecretString::from("755224"), a.state.as_deref())
            .await
            .unwrap();
        assert_eq!(
            (b.code, b.message.as_str(), b.state),
            (Code::AccessAccept, "Welcome", None)
        );
        server.await.unwrap();
    }

    #[tokio::test]
    async fn no_valid_reply_is_a_timeout_after_every_try() {
        let sock = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let mut c =
            RadiusClient::new(sock.local_addr().unwrap(), SecretBytes::from_slice(SECRET)).unwrap();
        c.timeout = Duration::from_millis(50);
        c.tries = 2;
        let e = c
            .access_request("bob", &SecretString::from("x"), None)
            .await
            .unwrap_err();
        assert!(matches!(e, ClientError::Timeout { .. }), "{e}");
        let mut buf = [0u8; 4097];
        let n1 = sock.recv(&mut buf).await.unwrap();
        let n2 = sock.recv(&mut buf).await.unwrap();
        assert_eq!(n1, n2);
    }
}
