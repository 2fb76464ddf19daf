//! RADIUS (RFC 2865 PAP, RFC 2869/3579 Message-Authenticator) as pure functions: decode, encode,
//! authenticate. No sockets, no clock, no randomness: the caller brings the Request
//! Authenticator's random octets and the time (docs/radius.md).
mod auth;
mod clients;
mod dedup;
mod packet;
mod request;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod vectors;

pub use auth::{
    encode_request, encode_response, message_authenticator, pap_hide, pap_unhide,
    response_authenticator, sign_response, verify_request, verify_response,
};
pub use clients::{ClientEntry, ClientTable, ClientsError};
pub use dedup::{DuplicateCache, Lookup};
pub use packet::{AttrRef, Attribute, Packet, decode, encode_raw, reply_message_attrs};
pub use request::{AccessRequest, Password, encode_answer, read_access_request};

use crate::error::ErrorKind;
use thiserror::Error;

/// The header: Code, Identifier, Length, Authenticator.
pub const HEADER_LEN: usize = 20;
/// The largest packet RFC 2865 allows.
pub const MAX_PACKET_LEN: usize = 4096;
/// The longest password PAP can hide (8 blocks of 16 octets).
pub const MAX_PASSWORD_LEN: usize = 128;
/// The longest attribute value (Length is one octet and counts Type and Length).
pub const MAX_VALUE_LEN: usize = 253;

/// Attribute types softpass reads or writes (RFC 2865 §5, RFC 2869 §5.14).
pub mod attr {
    pub const USER_NAME: u8 = 1;
    pub const USER_PASSWORD: u8 = 2;
    pub const CHAP_PASSWORD: u8 = 3;
    pub const NAS_IP_ADDRESS: u8 = 4;
    pub const NAS_PORT: u8 = 5;
    pub const REPLY_MESSAGE: u8 = 18;
    pub const STATE: u8 = 24;
    pub const SESSION_TIMEOUT: u8 = 27;
    pub const NAS_IDENTIFIER: u8 = 32;
    pub const PROXY_STATE: u8 = 33;
    pub const EAP_MESSAGE: u8 = 79;
    pub const MESSAGE_AUTHENTICATOR: u8 = 80;
}

/// The packet codes softpass handles; every other code is discarded by both ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    AccessRequest = 1,
    AccessAccept = 2,
    AccessReject = 3,
    AccessChallenge = 11,
}

impl Code {
    pub fn from_u8(v: u8) -> Option<Code> {
        match v {
            1 => Some(Code::AccessRequest),
            2 => Some(Code::AccessAccept),
            3 => Some(Code::AccessReject),
            11 => Some(Code::AccessChallenge),
            _ => None,
        }
    }

    /// Accept, Reject and Challenge answer an Access-Request.
    pub fn is_response(self) -> bool {
        self != Code::AccessRequest
    }
}

/// Why a packet was not decoded, encoded or believed. Every decoding and verification error
/// means "silently discard" on the wire; the variant is for counters and logs (never a secret).
#[derive(Debug, Clone, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum RadiusError {
    #[error("RADIUS datagram of {0} octets is shorter than a header (20)")]
    TooShort(usize),
    #[error("RADIUS Length field {0} is outside 20..=4096")]
    BadLength(usize),
    #[error("RADIUS datagram of {got} octets is shorter than its Length field {length}")]
    Truncated { got: usize, length: usize },
    #[error("RADIUS code {0} is not handled")]
    UnknownCode(u8),
    #[error("RADIUS attribute at offset {offset}: {why}")]
    BadAttribute { offset: usize, why: &'static str },
    #[error("RADIUS packet has no Message-Authenticator")]
    MissingMessageAuthenticator,
    #[error("RADIUS packet has more than one Message-Authenticator")]
    DuplicateMessageAuthenticator,
    #[error("RADIUS Message-Authenticator is not 16 octets")]
    BadMessageAuthenticatorLength,
    #[error("RADIUS Message-Authenticator does not verify")]
    BadMessageAuthenticator,
    #[error("RADIUS Response Authenticator does not verify")]
    BadResponseAuthenticator,
    #[error("RADIUS Access-Request carries Proxy-State without Message-Authenticator")]
    ProxyStateWithoutMessageAuthenticator,
    #[error("RADIUS reply Identifier {got} does not match the request's {want}")]
    WrongIdentifier { got: u8, want: u8 },
    #[error("RADIUS reply code {0} does not answer an Access-Request")]
    NotAResponse(u8),
    #[error("RADIUS User-Password value of {0} octets (must be 16..=128, a multiple of 16)")]
    BadPasswordLength(usize),
    #[error("password longer than 128 octets cannot be sent over RADIUS")]
    PasswordTooLong,
    #[error("RADIUS attribute {typ}: a value of {len} octets (must be 1..=253)")]
    BadValueLength { typ: u8, len: usize },
    #[error("RADIUS packet would be {0} octets (at most 4096)")]
    TooLong(usize),
    #[error("the Message-Authenticator is added by the encoder, not by the caller")]
    CallerMessageAuthenticator,
    #[error("RADIUS shared secret must not be empty")]
    EmptySecret,
}

impl RadiusError {
    pub fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}
