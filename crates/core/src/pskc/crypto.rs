//! The primitives PSKC names by URI: PBKDF2, AES-CBC (xmlenc, IV prepended) and HMAC.
use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use hmac::{Hmac, KeyInit, Mac};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// AES block and CBC IV size.
pub(super) const IV_LEN: usize = 16;

pub(super) const URI_AES128_CBC: &str = "http://www.w3.org/2001/04/xmlenc#aes128-cbc";
pub(super) const URI_PBKDF2: &str =
    "http://www.rsasecurity.com/rsalabs/pkcs/schemas/pkcs-5v2-0#pbkdf2";

/// The hash behind an HMAC, used both as PBKDF2 PRF and as MACMethod.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hash {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    /// `http://www.w3.org/2000/09/xmldsig#hmac-sha1`, `...xmldsig-more#hmac-sha256`, ...: the part
    /// after `#` decides, case-insensitively (python-pskc accepts the same spellings).
    pub(super) fn from_hmac_uri(uri: &str) -> Option<Self> {
        let name = uri.rsplit('#').next().unwrap_or(uri).to_ascii_lowercase();
        match name.strip_prefix("hmac-")? {
            "sha1" => Some(Hash::Sha1),
            "sha224" => Some(Hash::Sha224),
            "sha256" => Some(Hash::Sha256),
            "sha384" => Some(Hash::Sha384),
            "sha512" => Some(Hash::Sha512),
            _ => None,
        }
    }

    pub(super) fn hmac_uri(self) -> &'static str {
        match self {
            Hash::Sha1 => "http://www.w3.org/2000/09/xmldsig#hmac-sha1",
            Hash::Sha224 => "http://www.w3.org/2001/04/xmldsig-more#hmac-sha224",
            Hash::Sha256 => "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256",
            Hash::Sha384 => "http://www.w3.org/2001/04/xmldsig-more#hmac-sha384",
            Hash::Sha512 => "http://www.w3.org/2001/04/xmldsig-more#hmac-sha512",
        }
    }
}

fn mac_of<M: Mac + KeyInit>(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC takes keys of any length, so this never falls back to the empty MAC in practice.
    match <M as KeyInit>::new_from_slice(key) {
        Ok(m) => m.chain_update(data).finalize().into_bytes().to_vec(),
        Err(_) => Vec::new(),
    }
}

pub(super) fn hmac(hash: Hash, key: &[u8], data: &[u8]) -> Vec<u8> {
    match hash {
        Hash::Sha1 => mac_of::<Hmac<sha1::Sha1>>(key, data),
        Hash::Sha224 => mac_of::<Hmac<sha2::Sha224>>(key, data),
        Hash::Sha256 => mac_of::<Hmac<sha2::Sha256>>(key, data),
        Hash::Sha384 => mac_of::<Hmac<sha2::Sha384>>(key, data),
        Hash::Sha512 => mac_of::<Hmac<sha2::Sha512>>(key, data),
    }
}

/// Constant-time check of a ValueMAC: HMAC over IV || ciphertext (RFC 6030 §6.1.1).
pub(super) fn hmac_verify(hash: Hash, key: &[u8], data: &[u8], expected: &[u8]) -> bool {
    let mac = hmac(hash, key, data);
    !mac.is_empty() && mac.len() == expected.len() && bool::from(mac.ct_eq(expected))
}

pub(super) fn pbkdf2(
    prf: Hash,
    password: &[u8],
    salt: &[u8],
    iterations: u32,
    len: usize,
) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(vec![0u8; len]);
    match prf {
        Hash::Sha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, iterations, &mut out),
        Hash::Sha224 => pbkdf2::pbkdf2_hmac::<sha2::Sha224>(password, salt, iterations, &mut out),
        Hash::Sha256 => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, iterations, &mut out),
        Hash::Sha384 => pbkdf2::pbkdf2_hmac::<sha2::Sha384>(password, salt, iterations, &mut out),
        Hash::Sha512 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, salt, iterations, &mut out),
    }
    out
}

/// The xmlenc block ciphers softpass decrypts, all AES in CBC mode with PKCS#7 padding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cipher {
    Aes128,
    Aes192,
    Aes256,
}

impl Cipher {
    pub(super) fn from_uri(uri: &str) -> Option<Self> {
        match uri
            .rsplit('#')
            .next()
            .unwrap_or(uri)
            .to_ascii_lowercase()
            .as_str()
        {
            "aes128-cbc" => Some(Cipher::Aes128),
            "aes192-cbc" => Some(Cipher::Aes192),
            "aes256-cbc" => Some(Cipher::Aes256),
            _ => None,
        }
    }
    pub(super) fn key_len(self) -> usize {
        match self {
            Cipher::Aes128 => 16,
            Cipher::Aes192 => 24,
            Cipher::Aes256 => 32,
        }
    }
}

/// Why a CBC decryption failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CbcError {
    /// Not IV plus a positive whole number of blocks, or a key of the wrong size.
    Shape,
    /// The padding is not PKCS#7: the usual sign of a wrong key.
    Padding,
}

fn cbc_dec<C>(key: &[u8], blob: &[u8]) -> Result<Zeroizing<Vec<u8>>, CbcError>
where
    cbc::Decryptor<C>: KeyIvInit + BlockModeDecrypt,
    C: aes::cipher::BlockCipherDecrypt,
{
    let (iv, ct) = blob.split_at(IV_LEN);
    let dec = cbc::Decryptor::<C>::new_from_slices(key, iv).map_err(|_| CbcError::Shape)?;
    let mut buf = Zeroizing::new(ct.to_vec());
    let n = dec
        .decrypt_padded::<Pkcs7>(&mut buf)
        .map_err(|_| CbcError::Padding)?
        .len();
    buf.truncate(n);
    Ok(buf)
}

/// Decrypt `IV || ciphertext` (the xmlenc CipherValue layout).
pub(super) fn cbc_decrypt(
    cipher: Cipher,
    key: &[u8],
    blob: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CbcError> {
    if key.len() != cipher.key_len()
        || blob.len() < 2 * IV_LEN
        || !blob.len().is_multiple_of(IV_LEN)
    {
        return Err(CbcError::Shape);
    }
    match cipher {
        Cipher::Aes128 => cbc_dec::<aes::Aes128>(key, blob),
        Cipher::Aes192 => cbc_dec::<aes::Aes192>(key, blob),
        Cipher::Aes256 => cbc_dec::<aes::Aes256>(key, blob),
    }
}

/// AES-128-CBC with PKCS#7: returns `IV || ciphertext`. `None` only for a key not 16 bytes long.
pub(super) fn aes128_cbc_encrypt(key: &[u8], iv: &[u8; IV_LEN], plain: &[u8]) -> Option<Vec<u8>> {
    let enc = cbc::Encryptor::<aes::Aes128>::new_from_slices(key, iv).ok()?;
    let padded_len = (plain.len() / IV_LEN + 1) * IV_LEN;
    let mut buf = Zeroizing::new(vec![0u8; padded_len]);
    buf[..plain.len()].copy_from_slice(plain);
    let ct = enc.encrypt_padded::<Pkcs7>(&mut buf, plain.len()).ok()?;
    let mut out = Vec::with_capacity(IV_LEN + ct.len());
    out.extend_from_slice(iv);
    out.extend_from_slice(ct);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pbkdf2_matches_rfc6030_figure7_key() {
        // RFC 6030 §6.2 example: password "qwerty", salt Ej7/PEpyEpw=, 1000 iterations, HMAC-SHA1.
        let salt = hex::decode("123eff3c4a72129c").unwrap();
        let key = pbkdf2(Hash::Sha1, b"qwerty", &salt, 1000, 16);
        assert_eq!(hex::encode(&*key), "651e63cd57008476af1ff6422cd02e41");
    }

    #[test]
    fn cbc_round_trip_and_padding_error() {
        let key = [7u8; 16];
        let blob = aes128_cbc_encrypt(&key, &[1u8; 16], b"twenty byte secret!!").unwrap();
        assert_eq!(blob.len(), 16 + 32);
        let plain = cbc_decrypt(Cipher::Aes128, &key, &blob).unwrap();
        assert_eq!(&plain[..], b"twenty byte secret!!");
        // AES-128 with a key of another size, and a blob that is not whole blocks.
        assert_eq!(
            cbc_decrypt(Cipher::Aes128, &[7u8; 24], &blob).err(),
            Some(CbcError::Shape)
        );
        assert_eq!(
            cbc_decrypt(Cipher::Aes128, &key, &blob[..40]).err(),
            Some(CbcError::Shape)
        );
        // A wrong key almost always breaks the padding; this one does (checked, not assumed).
        assert_eq!(
            cbc_decrypt(Cipher::Aes128, &[8u8; 16], &blob).err(),
            Some(CbcError::Padding)
        );
    }

    #[test]
    fn uris() {
        assert_eq!(
            Hash::from_hmac_uri("http://www.w3.org/2000/09/xmldsig#hmac-sha1"),
            Some(Hash::Sha1)
        );
        assert_eq!(
            Hash::from_hmac_uri(Hash::Sha256.hmac_uri()),
            Some(Hash::Sha256)
        );
        assert_eq!(Hash::from_hmac_uri("http://x#hmac-md5"), None);
        assert_eq!(Cipher::from_uri(URI_AES128_CBC), Some(Cipher::Aes128));
        assert_eq!(
            Cipher::from_uri("http://www.w3.org/2001/04/xmlenc#kw-aes128"),
            None
        );
    }
}
