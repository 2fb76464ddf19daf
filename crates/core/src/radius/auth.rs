//! The cryptography of RADIUS: Response Authenticator (MD5, RFC 2865 §3), Message-Authenticator
//! (HMAC-MD5, RFC 2869 §5.14 / RFC 3579 §3.2) and PAP password hiding (RFC 2865 §5.2). Encoders
//! always put the Message-Authenticator first (BlastRADIUS, CVE-2024-3596).
use super::packet::{Attribute, Packet, encode_raw};
use super::{Code, HEADER_LEN, MAX_PASSWORD_LEN, RadiusError, attr};
use crate::secret::SecretBytes;
use hmac::{Hmac, KeyInit, Mac};
use md5::{Digest, Md5};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

type HmacMd5 = Hmac<Md5>;

fn check_secret(secret: &[u8]) -> Result<(), RadiusError> {
    if secret.is_empty() {
        return Err(RadiusError::EmptySecret);
    }
    Ok(())
}

/// HMAC-MD5 over `packet` as given (the caller has zeroed the M-A value and put the right
/// authenticator in octets 4..20).
fn hmac_md5(secret: &[u8], packet: &[u8]) -> [u8; 16] {
    let mut m = <HmacMd5 as KeyInit>::new_from_slice(secret).expect("HMAC takes any key length");
    m.update(packet);
    m.finalize().into_bytes().into()
}

/// The Message-Authenticator of `packet` (cut to its Length), computed with `auth_field` in
/// octets 4..20 and the M-A value at `ma_offset` (offset of its Type octet) zeroed.
pub fn message_authenticator(
    packet: &[u8],
    ma_offset: usize,
    auth_field: &[u8; 16],
    secret: &[u8],
) -> [u8; 16] {
    let mut copy = packet.to_vec();
    copy[4..HEADER_LEN].copy_from_slice(auth_field);
    copy[ma_offset + 2..ma_offset + 18].fill(0);
    hmac_md5(secret, &copy)
}

/// `MD5(Code | Identifier | Length | RequestAuth | Attributes | Secret)` over `packet` whose
/// octets 4..20 are replaced by the request's authenticator.
pub fn response_authenticator(packet: &[u8], request_ra: &[u8; 16], secret: &[u8]) -> [u8; 16] {
    Md5::new()
        .chain_update(&packet[..4])
        .chain_update(request_ra)
        .chain_update(&packet[HEADER_LEN..])
        .chain_update(secret)
        .finalize()
        .into()
}

/// Write the Response Authenticator into an encoded reply (its M-A, if any, already filled in).
pub fn sign_response(packet: &mut [u8], request_ra: &[u8; 16], secret: &[u8]) {
    let ra = response_authenticator(packet, request_ra, secret);
    packet[4..HEADER_LEN].copy_from_slice(&ra);
}

/// The attributes with an all-zero Message-Authenticator in front.
fn with_ma_first(attrs: &[Attribute]) -> Result<Vec<Attribute>, RadiusError> {
    if attrs.iter().any(|a| a.typ == attr::MESSAGE_AUTHENTICATOR) {
        return Err(RadiusError::CallerMessageAuthenticator);
    }
    let mut all = Vec::with_capacity(attrs.len() + 1);
    all.push(Attribute::new(attr::MESSAGE_AUTHENTICATOR, [0u8; 16]));
    all.extend_from_slice(attrs);
    Ok(all)
}

/// An Access-Request with the Message-Authenticator as its first attribute. `ra` must be fresh
/// random octets for each new request (and the same bytes for a retransmission).
pub fn encode_request(
    id: u8,
    ra: &[u8; 16],
    attrs: &[Attribute],
    secret: &[u8],
) -> Result<Vec<u8>, RadiusError> {
    check_secret(secret)?;
    let mut out = encode_raw(Code::AccessRequest, id, ra, &with_ma_first(attrs)?)?;
    let ma = hmac_md5(secret, &out);
    out[HEADER_LEN + 2..HEADER_LEN + 18].copy_from_slice(&ma);
    Ok(out)
}

/// An Access-Accept, -Reject or -Challenge answering the request with identifier `id` and
/// authenticator `request_ra`: Message-Authenticator first, computed over the request's RA,
/// then the Response Authenticator over the final bytes.
pub fn encode_response(
    code: Code,
    id: u8,
    request_ra: &[u8; 16],
    attrs: &[Attribute],
    secret: &[u8],
) -> Result<Vec<u8>, RadiusError> {
    check_secret(secret)?;
    if !code.is_response() {
        return Err(RadiusError::NotAResponse(code as u8));
    }
    let mut out = encode_raw(code, id, request_ra, &with_ma_first(attrs)?)?;
    let ma = hmac_md5(secret, &out);
    out[HEADER_LEN + 2..HEADER_LEN + 18].copy_from_slice(&ma);
    sign_response(&mut out, request_ra, secret);
    Ok(out)
}

fn check_ma(pkt: &Packet<'_>, auth_field: &[u8; 16], secret: &[u8]) -> Result<(), RadiusError> {
    let Some(ma) = pkt.message_authenticator()? else {
        return Ok(());
    };
    let want = message_authenticator(pkt.bytes(), ma.offset, auth_field, secret);
    if bool::from(want.ct_eq(ma.value)) {
        Ok(())
    } else {
        Err(RadiusError::BadMessageAuthenticator)
    }
}

/// The server's checks of an Access-Request, in the order of docs/radius.md: presence rules
/// before any cryptography, then the Message-Authenticator.
pub fn verify_request(
    pkt: &Packet<'_>,
    secret: &[u8],
    require_ma: bool,
) -> Result<(), RadiusError> {
    check_secret(secret)?;
    if pkt.code != Code::AccessRequest {
        return Err(RadiusError::UnknownCode(pkt.code as u8));
    }
    let has_ma = pkt.message_authenticator()?.is_some();
    if !has_ma && require_ma {
        return Err(RadiusError::MissingMessageAuthenticator);
    }
    // "limit Proxy-State": when M-A is not required, a Proxy-State without it is the
    // BlastRADIUS attack's shape.
    if !has_ma && pkt.attr(attr::PROXY_STATE).is_some() {
        return Err(RadiusError::ProxyStateWithoutMessageAuthenticator);
    }
    check_ma(pkt, &pkt.authenticator, secret)
}

/// The client's checks of a reply to the request (`id`, `request_ra`): a reply code, the same
/// Identifier, the M-A present if required (before any cryptography), the Response
/// Authenticator, then the M-A.
pub fn verify_response(
    pkt: &Packet<'_>,
    id: u8,
    request_ra: &[u8; 16],
    secret: &[u8],
    require_ma: bool,
) -> Result<(), RadiusError> {
    check_secret(secret)?;
    if !pkt.code.is_response() {
        return Err(RadiusError::NotAResponse(pkt.code as u8));
    }
    if pkt.id != id {
        return Err(RadiusError::WrongIdentifier {
            got: pkt.id,
            want: id,
        });
    }
    if require_ma && pkt.message_authenticator()?.is_none() {
        return Err(RadiusError::MissingMessageAuthenticator);
    }
    let want = response_authenticator(pkt.bytes(), request_ra, secret);
    if !bool::from(want.ct_eq(&pkt.authenticator)) {
        return Err(RadiusError::BadResponseAuthenticator);
    }
    check_ma(pkt, request_ra, secret)
}

/// `MD5(secret ‖ prev)`: the PAP key stream block after `prev` (RA, then each cipher block).
fn pad_block(secret: &[u8], prev: &[u8]) -> Zeroizing<[u8; 16]> {
    Zeroizing::new(
        Md5::new()
            .chain_update(secret)
            .chain_update(prev)
            .finalize()
            .into(),
    )
}

/// Hide a password for User-Password: zero-padded to 16·k octets (16..=128), each block XORed
/// with MD5(secret ‖ previous cipher block or RA). More than 128 octets is refused.
pub fn pap_hide(secret: &[u8], ra: &[u8; 16], password: &[u8]) -> Result<Vec<u8>, RadiusError> {
    check_secret(secret)?;
    if password.len() > MAX_PASSWORD_LEN {
        return Err(RadiusError::PasswordTooLong);
    }
    let blocks = password.len().div_ceil(16).max(1);
    let mut out = vec![0u8; blocks * 16];
    let mut prev: [u8; 16] = *ra;
    for (i, chunk) in out.chunks_mut(16).enumerate() {
        let pad = pad_block(secret, &prev);
        for (j, o) in chunk.iter_mut().enumerate() {
            let p = password.get(i * 16 + j).copied().unwrap_or(0);
            *o = p ^ pad[j];
        }
        prev.copy_from_slice(chunk);
    }
    Ok(out)
}

/// Reveal a User-Password value: the value must be 16..=128 octets in 16-octet blocks; trailing
/// NUL octets (the padding) are removed.
pub fn pap_unhide(secret: &[u8], ra: &[u8; 16], hidden: &[u8]) -> Result<SecretBytes, RadiusError> {
    check_secret(secret)?;
    if hidden.is_empty() || hidden.len() > MAX_PASSWORD_LEN || !hidden.len().is_multiple_of(16) {
        return Err(RadiusError::BadPasswordLength(hidden.len()));
    }
    let mut plain = Zeroizing::new(vec![0u8; hidden.len()]);
    let mut prev: &[u8] = ra;
    for (i, chunk) in hidden.chunks(16).enumerate() {
        let pad = pad_block(secret, prev);
        for j in 0..16 {
            plain[i * 16 + j] = chunk[j] ^ pad[j];
        }
        prev = chunk;
    }
    let end = plain.iter().rposition(|&b| b != 0).map_or(0, |p| p + 1);
    Ok(SecretBytes::from_slice(&plain[..end]))
}
