//! The RADIUS clients file (`<data-dir>/radius-clients`, docs/radius.md): one client per line,
//! `ADDR-OR-CIDR SECRET`; parser and writer side by side. The most specific match wins.
use crate::secret::SecretBytes;
use core::net::IpAddr;
use thiserror::Error;

/// The longest shared secret accepted (draft-ietf-radext-deprecating-radius: support ≥ 32).
pub const MAX_SECRET_LEN: usize = 256;

#[derive(Debug, Clone, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientsError {
    #[error("radius-clients line {line}: expected `ADDR-OR-CIDR SECRET`")]
    Fields { line: usize },
    #[error("radius-clients line {line}: `{text}` is not an IP address or CIDR prefix")]
    Address { line: usize, text: String },
    #[error("radius-clients line {line}: the secret must be 1..=256 printable ASCII octets")]
    Secret { line: usize },
    #[error("radius-clients line {line}: `{text}` is listed twice")]
    Duplicate { line: usize, text: String },
}

/// One line: a network (address and prefix length) and its shared secret.
pub struct ClientEntry {
    pub network: IpAddr,
    pub prefix: u8,
    pub secret: SecretBytes,
}

impl ClientEntry {
    fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => prefix_eq(&n.octets(), &a.octets(), self.prefix),
            (IpAddr::V6(n), IpAddr::V6(a)) => prefix_eq(&n.octets(), &a.octets(), self.prefix),
            _ => false,
        }
    }
}

fn prefix_eq(n: &[u8], a: &[u8], prefix: u8) -> bool {
    let bits = usize::from(prefix);
    let (whole, rest) = (bits / 8, bits % 8);
    if n[..whole] != a[..whole] {
        return false;
    }
    rest == 0 || (n[whole] ^ a[whole]) & (0xffu8 << (8 - rest)) == 0
}

/// The parsed file.
#[derive(Default)]
pub struct ClientTable {
    entries: Vec<ClientEntry>,
}

fn parse_network(text: &str) -> Option<(IpAddr, u8)> {
    let (addr, prefix) = match text.split_once('/') {
        Some((a, p)) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
            (a, Some(p.parse::<u8>().ok()?))
        }
        Some(_) => return None,
        None => (text, None),
    };
    let ip: IpAddr = addr.parse().ok()?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let prefix = prefix.unwrap_or(max);
    (prefix <= max).then_some((ip, prefix))
}

impl ClientTable {
    /// Parse the file's text: blank lines and lines starting with `#` are skipped.
    pub fn parse(text: &str) -> Result<Self, ClientsError> {
        let mut entries: Vec<ClientEntry> = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let mut fields = trimmed.split_ascii_whitespace();
            let (Some(addr), Some(secret), None) = (fields.next(), fields.next(), fields.next())
            else {
                return Err(ClientsError::Fields { line });
            };
            let (network, prefix) = parse_network(addr).ok_or_else(|| ClientsError::Address {
                line,
                text: addr.to_owned(),
            })?;
            if secret.len() > MAX_SECRET_LEN || !secret.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(ClientsError::Secret { line });
            }
            if entries
                .iter()
                .any(|e| e.network == network && e.prefix == prefix)
            {
                return Err(ClientsError::Duplicate {
                    line,
                    text: addr.to_owned(),
                });
            }
            entries.push(ClientEntry {
                network,
                prefix,
                secret: SecretBytes::from_slice(secret.as_bytes()),
            });
        }
        Ok(Self { entries })
    }

    /// The file's text again (one `ADDR/PREFIX SECRET` line per entry).
    pub fn render(&self) -> String {
        let mut out = String::new();
        for e in &self.entries {
            out.push_str(&format!("{}/{} ", e.network, e.prefix));
            out.push_str(&String::from_utf8_lossy(e.secret.expose()));
            out.push('\n');
        }
        out
    }

    pub fn entries(&self) -> &[ClientEntry] {
        &self.entries
    }

    /// The secret for a source address: the entry with the longest matching prefix.
    pub fn secret_for(&self, ip: IpAddr) -> Option<&SecretBytes> {
        // A dual-stack socket (`[::]`) sees an IPv4 NAS as ::ffff:a.b.c.d; its entry is a.b.c.d.
        let ip = ip.to_canonical();
        self.entries
            .iter()
            .filter(|e| e.contains(ip))
            .max_by_key(|e| e.prefix)
            .map(|e| &e.secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_prefix_wins_and_the_text_round_trips() {
        let text = "# NASes\n10.0.0.0/8 wide-secret\n\n10.1.2.3 exact-secret\n::1 six\n";
        let t = ClientTable::parse(text).unwrap();
        let s = |ip: &str| {
            t.secret_for(ip.parse().unwrap())
                .map(|s| String::from_utf8(s.expose().to_vec()).unwrap())
        };
        assert_eq!(s("10.1.2.3").as_deref(), Some("exact-secret"));
        assert_eq!(s("10.200.0.1").as_deref(), Some("wide-secret"));
        assert_eq!(s("11.0.0.1"), None);
        assert_eq!(s("::1").as_deref(), Some("six"));
        // An IPv4 NAS as a dual-stack socket reports it.
        assert_eq!(s("::ffff:10.1.2.3").as_deref(), Some("exact-secret"));
        let again = ClientTable::parse(&t.render()).unwrap();
        assert_eq!(again.render(), t.render());
        assert_eq!(
            t.render(),
            "10.0.0.0/8 wide-secret\n10.1.2.3/32 exact-secret\n::1/128 six\n"
        );
    }

    #[test]
    fn bad_lines_name_their_line() {
        let e = |t: &str| ClientTable::parse(t).err().unwrap();
        assert_eq!(e("1.2.3.4\n"), ClientsError::Fields { line: 1 });
        assert_eq!(e("\n1.2.3.4 a b\n"), ClientsError::Fields { line: 2 });
        assert!(matches!(
            e("1.2.3.4/33 s\n"),
            ClientsError::Address { line: 1, .. }
        ));
        assert!(matches!(e("host s\n"), ClientsError::Address { .. }));
        assert!(matches!(e("1.2.3.4/ s\n"), ClientsError::Address { .. }));
        let long = format!("1.2.3.4 {}\n", "x".repeat(257));
        assert_eq!(e(&long), ClientsError::Secret { line: 1 });
        assert!(matches!(
            e("1.2.3.4 a\n1.2.3.4/32 b\n"),
            ClientsError::Duplicate { line: 2, .. }
        ));
    }
}
