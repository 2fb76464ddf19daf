//! `application/x-www-form-urlencoded` bodies and query strings (WHATWG URL §5.2): every octet
//! but the unreserved ones is percent-encoded, so any value survives a privacyIDEA server.

fn push_encoded(out: &mut String, value: &str) {
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
    }
}

/// `k1=v1&k2=v2`, each part percent-encoded. The result may hold a secret (a `pass`): callers
/// keep it in a zeroizing buffer.
pub fn encode(pairs: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pairs.iter().map(|(k, v)| k.len() + v.len() + 2).sum());
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        push_encoded(&mut out, k);
        out.push('=');
        push_encoded(&mut out, v);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn encodes_like_a_browser_form() {
        // The same bytes as Python's urllib.parse.urlencode for these values.
        assert_eq!(
            super::encode(&[("user", "a b"), ("pass", "1234&=+é")]),
            "user=a+b&pass=1234%26%3D%2B%C3%A9"
        );
        assert_eq!(super::encode(&[]), "");
    }
}
