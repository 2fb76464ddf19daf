//! The two files that make a node (docs/server.md, "Data folder"): `server.key` encrypts token
//! secrets (XChaCha20-Poly1305, the serial as associated data) and keys the OTP PIN hashes
//! (HMAC-SHA256); `admin.key` is the admin credential. Both are created 0600 at first start.
use crate::error::ServerError;
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use softpass_core::secret::{SecretBytes, SecretString};
use std::io::Write;
use std::path::Path;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

type HmacSha256 = Hmac<Sha256>;

/// Random bytes from the operating system.
pub fn random(buf: &mut [u8]) {
    // No way to go on without randomness: keys and nonces would repeat.
    getrandom::fill(buf).expect("the operating system's random generator failed");
}

fn derive(key: &[u8], label: &str) -> Zeroizing<[u8; 32]> {
    let mut m = <HmacSha256 as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
    m.update(label.as_bytes());
    Zeroizing::new(m.finalize().into_bytes().into())
}

/// The keys derived from `server.key`.
pub struct ServerKeys {
    seal: XChaCha20Poly1305,
    pin: Zeroizing<[u8; 32]>,
    check: String,
}

impl ServerKeys {
    pub fn from_bytes(master: &[u8]) -> Self {
        let seal = derive(master, "softpass server v1: token secrets");
        Self {
            seal: XChaCha20Poly1305::new_from_slice(seal.as_ref()).expect("a 32-byte key"),
            pin: derive(master, "softpass server v1: OTP PIN hashes"),
            check: hex::encode(*derive(master, "softpass server v1: key check")),
        }
    }

    /// A value stored in the database: a node with another key sees a different one.
    pub fn check_value(&self) -> &str {
        &self.check
    }

    /// `nonce (24) || ciphertext+tag`, bound to the serial.
    pub fn seal(&self, serial: &str, secret: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; 24];
        random(&mut nonce);
        let ct = self
            .seal
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: secret,
                    aad: serial.as_bytes(),
                },
            )
            .expect("XChaCha20-Poly1305 encryption does not fail for small inputs");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        out
    }

    /// The secret sealed for `serial`; `None` if it was sealed under another key or serial.
    pub fn open(&self, serial: &str, sealed: &[u8]) -> Option<SecretBytes> {
        if sealed.len() < 24 + 16 {
            return None;
        }
        let (nonce, ct) = sealed.split_at(24);
        let nonce: [u8; 24] = nonce.try_into().ok()?;
        self.seal
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: ct,
                    aad: serial.as_bytes(),
                },
            )
            .ok()
            .map(SecretBytes::new)
    }

    /// The keyed hash of a token's OTP PIN (bound to the serial, so equal PINs differ).
    pub fn pin_hash(&self, serial: &str, pin: &str) -> [u8; 32] {
        let mut m = <HmacSha256 as KeyInit>::new_from_slice(self.pin.as_ref()).expect("any key");
        m.update(&(serial.len() as u64).to_be_bytes());
        m.update(serial.as_bytes());
        m.update(pin.as_bytes());
        m.finalize().into_bytes().into()
    }

    /// Whether `pin` is the OTP PIN whose hash is `stored` (none stored: only the empty PIN).
    pub fn pin_matches(&self, serial: &str, stored: Option<&[u8]>, pin: &str) -> bool {
        match stored {
            None => pin.is_empty(),
            Some(h) => bool::from(self.pin_hash(serial, pin).as_slice().ct_eq(h)),
        }
    }
}

/// Reads `path`, or creates it 0600 with `make()` when it does not exist.
fn load_or_create(path: &Path, make: impl FnOnce() -> String) -> Result<String, ServerError> {
    match std::fs::read_to_string(path) {
        Ok(s) => return Ok(s.trim_end_matches(['\n', '\r']).to_owned()),
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(ServerError::io(path, e));
        }
        Err(_) => {}
    }
    let value = make();
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts.open(path).map_err(|e| ServerError::io(path, e))?;
    // No line ending: the file's contents are the credential as they are, so a client that
    // sends them unstripped (a header, a form field) still sends the right value.
    f.write_all(value.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(|e| ServerError::io(path, e))?;
    Ok(value)
}

fn random_b64(n: usize) -> String {
    let mut b = vec![0u8; n];
    random(&mut b);
    data_encoding::BASE64URL_NOPAD.encode(&b)
}

/// `server.key`: 32 random bytes, base64url on one line.
pub fn server_keys(dir: &Path) -> Result<ServerKeys, ServerError> {
    let path = dir.join("server.key");
    let text = Zeroizing::new(load_or_create(&path, || random_b64(32))?);
    let bytes = Zeroizing::new(
        data_encoding::BASE64URL_NOPAD
            .decode(text.trim().as_bytes())
            .map_err(|_| ServerError::BadKeyFile(path.clone()))?,
    );
    if bytes.len() != 32 {
        return Err(ServerError::BadKeyFile(path));
    }
    Ok(ServerKeys::from_bytes(&bytes))
}

/// `admin.key`: the admin credential (base64url of 32 random bytes), without its line ending.
pub fn admin_key(dir: &Path) -> Result<SecretString, ServerError> {
    let path = dir.join("admin.key");
    let text = load_or_create(&path, || random_b64(32))?;
    if text.trim().is_empty() {
        return Err(ServerError::BadKeyFile(path));
    }
    Ok(SecretString::new(text))
}

/// HMAC-SHA256 under `key` (the admin session tokens).
pub fn mac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut m = <HmacSha256 as KeyInit>::new_from_slice(key).expect("any key");
    m.update(data);
    m.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealing_is_bound_to_key_and_serial() {
        let k = ServerKeys::from_bytes(&[7; 32]);
        let sealed = k.seal("S1", b"secret");
        assert_eq!(k.open("S1", &sealed).unwrap().expose(), b"secret");
        assert!(k.open("S2", &sealed).is_none());
        assert!(
            ServerKeys::from_bytes(&[8; 32])
                .open("S1", &sealed)
                .is_none()
        );
        assert_ne!(
            k.check_value(),
            ServerKeys::from_bytes(&[8; 32]).check_value()
        );
    }

    #[test]
    fn pin_hashes_are_keyed_and_per_serial() {
        let k = ServerKeys::from_bytes(&[7; 32]);
        let h = k.pin_hash("S1", "4711");
        assert!(k.pin_matches("S1", Some(&h), "4711"));
        assert!(!k.pin_matches("S1", Some(&h), "4712"));
        assert!(!k.pin_matches("S2", Some(&h), "4711"));
        assert!(k.pin_matches("S1", None, "") && !k.pin_matches("S1", None, "4711"));
    }

    #[test]
    fn key_files_are_created_private_and_reread() {
        let d = tempfile::tempdir().unwrap();
        let a = admin_key(d.path()).unwrap();
        assert_eq!(admin_key(d.path()).unwrap().expose(), a.expose());
        let text = std::fs::read_to_string(d.path().join("admin.key")).unwrap();
        // The contents are the credential, no line ending.
        assert_eq!(text, a.expose());
        // A key file written with a line ending (softpass before this change, or an editor)
        // reads as the same key.
        std::fs::write(d.path().join("admin.key"), format!("{text}\n")).unwrap();
        assert_eq!(admin_key(d.path()).unwrap().expose(), a.expose());
        server_keys(d.path()).unwrap();
        #[cfg(unix)]
        for f in ["admin.key", "server.key"] {
            use std::os::unix::fs::PermissionsExt;
            let m = std::fs::metadata(d.path().join(f))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(m & 0o777, 0o600, "{f}");
        }
        std::fs::write(d.path().join("server.key"), "short\n").unwrap();
        assert!(server_keys(d.path()).is_err());
    }
}
