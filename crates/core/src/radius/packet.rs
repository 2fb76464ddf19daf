//! The packet layout (RFC 2865 §3, §5): strict decoding into borrowed attributes and the plain
//! encoder the authenticated encoders build on.
use super::{Code, HEADER_LEN, MAX_PACKET_LEN, MAX_VALUE_LEN, RadiusError, attr};

/// One attribute as received: its type, its value and where its TLV starts in the packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttrRef<'a> {
    pub typ: u8,
    pub value: &'a [u8],
    /// Offset of the Type octet within the packet (for zeroing the Message-Authenticator).
    pub offset: usize,
}

/// One attribute to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    pub typ: u8,
    pub value: Vec<u8>,
}

impl Attribute {
    pub fn new(typ: u8, value: impl Into<Vec<u8>>) -> Self {
        Self {
            typ,
            value: value.into(),
        }
    }
}

/// A decoded packet. It borrows the datagram (cut to its Length: padding is ignored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet<'a> {
    pub code: Code,
    pub id: u8,
    pub authenticator: [u8; 16],
    attrs: Vec<AttrRef<'a>>,
    bytes: &'a [u8],
}

/// Decode a datagram. Any error means: silently discard it.
pub fn decode(datagram: &[u8]) -> Result<Packet<'_>, RadiusError> {
    if datagram.len() < HEADER_LEN {
        return Err(RadiusError::TooShort(datagram.len()));
    }
    let length = usize::from(u16::from_be_bytes([datagram[2], datagram[3]]));
    if !(HEADER_LEN..=MAX_PACKET_LEN).contains(&length) {
        return Err(RadiusError::BadLength(length));
    }
    if datagram.len() < length {
        return Err(RadiusError::Truncated {
            got: datagram.len(),
            length,
        });
    }
    let bytes = &datagram[..length];
    let code = Code::from_u8(bytes[0]).ok_or(RadiusError::UnknownCode(bytes[0]))?;
    let mut authenticator = [0u8; 16];
    authenticator.copy_from_slice(&bytes[4..HEADER_LEN]);
    Ok(Packet {
        code,
        id: bytes[1],
        authenticator,
        attrs: walk(bytes)?,
        bytes,
    })
}

/// The TLV walk: every attribute needs 2 ≤ Length ≤ what is left, and the walk ends exactly at
/// the packet's Length.
fn walk(bytes: &[u8]) -> Result<Vec<AttrRef<'_>>, RadiusError> {
    let mut attrs = Vec::new();
    let mut at = HEADER_LEN;
    while at < bytes.len() {
        let left = bytes.len() - at;
        if left < 2 {
            return Err(RadiusError::BadAttribute {
                offset: at,
                why: "a single octet left where an attribute header needs two",
            });
        }
        let len = usize::from(bytes[at + 1]);
        if len < 2 {
            return Err(RadiusError::BadAttribute {
                offset: at,
                why: "attribute Length below 2",
            });
        }
        if len > left {
            return Err(RadiusError::BadAttribute {
                offset: at,
                why: "attribute runs past the packet's Length",
            });
        }
        attrs.push(AttrRef {
            typ: bytes[at],
            value: &bytes[at + 2..at + len],
            offset: at,
        });
        at += len;
    }
    Ok(attrs)
}

impl<'a> Packet<'a> {
    /// Every attribute in packet order (unknown types included: they are kept, not interpreted).
    pub fn attrs(&self) -> &[AttrRef<'a>] {
        &self.attrs
    }

    /// The packet's bytes, cut to its Length.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The first attribute of this type.
    pub fn attr(&self, typ: u8) -> Option<&'a [u8]> {
        self.attrs.iter().find(|a| a.typ == typ).map(|a| a.value)
    }

    /// Every attribute of this type, in packet order.
    pub fn all(&self, typ: u8) -> impl Iterator<Item = &'a [u8]> + '_ {
        self.attrs
            .iter()
            .filter(move |a| a.typ == typ)
            .map(|a| a.value)
    }

    pub fn user_name(&self) -> Option<&'a [u8]> {
        self.attr(attr::USER_NAME)
    }

    pub fn state(&self) -> Option<&'a [u8]> {
        self.attr(attr::STATE)
    }

    /// Every Reply-Message joined in packet order (RFC 2865 §5.18), lossy UTF-8.
    pub fn reply_message(&self) -> Option<String> {
        self.attr(attr::REPLY_MESSAGE)?;
        let parts: Vec<u8> = self
            .all(attr::REPLY_MESSAGE)
            .flat_map(|v| v.iter().copied())
            .collect();
        Some(String::from_utf8_lossy(&parts).into_owned())
    }

    /// The one Message-Authenticator attribute, if any: more than one, or one whose value is not
    /// 16 octets, makes the packet invalid.
    pub fn message_authenticator(&self) -> Result<Option<&AttrRef<'a>>, RadiusError> {
        let mut found = None;
        for a in self
            .attrs
            .iter()
            .filter(|a| a.typ == attr::MESSAGE_AUTHENTICATOR)
        {
            if found.is_some() {
                return Err(RadiusError::DuplicateMessageAuthenticator);
            }
            if a.value.len() != 16 {
                return Err(RadiusError::BadMessageAuthenticatorLength);
            }
            found = Some(a);
        }
        Ok(found)
    }
}

/// Encode a packet as given, with this Authenticator field and no cryptography: the building
/// block of the authenticated encoders, and the way to write a legacy (RFC 2865 §7.1) packet.
pub fn encode_raw(
    code: Code,
    id: u8,
    authenticator: &[u8; 16],
    attrs: &[Attribute],
) -> Result<Vec<u8>, RadiusError> {
    let total = HEADER_LEN + attrs.iter().map(|a| a.value.len() + 2).sum::<usize>();
    if total > MAX_PACKET_LEN {
        return Err(RadiusError::TooLong(total));
    }
    let mut out = Vec::with_capacity(total);
    out.push(code as u8);
    out.push(id);
    out.extend_from_slice(&(total as u16).to_be_bytes());
    out.extend_from_slice(authenticator);
    for a in attrs {
        // A zero-length value is never sent (RFC 2865 §5: "String ... 1-253 octets").
        if a.value.is_empty() || a.value.len() > MAX_VALUE_LEN {
            return Err(RadiusError::BadValueLength {
                typ: a.typ,
                len: a.value.len(),
            });
        }
        out.push(a.typ);
        out.push((a.value.len() + 2) as u8);
        out.extend_from_slice(&a.value);
    }
    Ok(out)
}

/// A text as Reply-Message attributes: split into ≤253-octet pieces on UTF-8 boundaries (the
/// reader joins them in order). Empty text: no attribute.
pub fn reply_message_attrs(text: &str) -> Vec<Attribute> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = rest.len().min(MAX_VALUE_LEN);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push(Attribute::new(attr::REPLY_MESSAGE, &rest.as_bytes()[..cut]));
        rest = &rest[cut..];
    }
    out
}
