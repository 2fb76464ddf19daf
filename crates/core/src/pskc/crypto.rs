//! The primitives PSKC names by URI: PBKDF2, AES-CBC (xmlenc, IV prepended), AES key wrap
//! (RFC 3394, and RFC 5649's padded form python-pskc writes under the same URIs) and HMAC.
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

/// The xmlenc ciphers softpass decrypts: AES in CBC mode with PKCS#7 padding, and AES key wrap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cipher {
    Aes128,
    Aes192,
    Aes256,
    /// `#kw-aes128` etc.: RFC 3394, authenticated by its own integrity check (no ValueMAC).
    Kw128,
    Kw192,
    Kw256,
}

impl Cipher {
    pub(super) fn from_uri(uri: &str) -> Option<Self> {
        match uri
            .trim()
            .rsplit('#')
            .next()
            .unwrap_or(uri)
            .to_ascii_lowercase()
            .as_str()
        {
            "aes128-cbc" => Some(Cipher::Aes128),
            "aes192-cbc" => Some(Cipher::Aes192),
            "aes256-cbc" => Some(Cipher::Aes256),
            "kw-aes128" => Some(Cipher::Kw128),
            "kw-aes192" => Some(Cipher::Kw192),
            "kw-aes256" => Some(Cipher::Kw256),
            _ => None,
        }
    }
    pub(super) fn key_len(self) -> usize {
        match self {
            Cipher::Aes128 | Cipher::Kw128 => 16,
            Cipher::Aes192 | Cipher::Kw192 => 24,
            Cipher::Aes256 | Cipher::Kw256 => 32,
        }
    }
    /// Key wrap carries its own integrity check; CBC values need a ValueMAC.
    pub(super) fn is_key_wrap(self) -> bool {
        matches!(self, Cipher::Kw128 | Cipher::Kw192 | Cipher::Kw256)
    }
}

/// Why a decryption failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CbcError {
    /// Not IV plus a positive whole number of blocks (CBC), not whole 8-byte semiblocks (key
    /// wrap), or a key of the wrong size.
    Shape,
    /// The padding is not PKCS#7, or the key wrap's integrity check failed: the usual sign of a
    /// wrong key (or, for key wrap, of a changed value).
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

/// Decrypt a CipherValue: `IV || ciphertext` for CBC, the wrapped key for key wrap.
pub(super) fn cbc_decrypt(
    cipher: Cipher,
    key: &[u8],
    blob: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CbcError> {
    if key.len() != cipher.key_len() {
        return Err(CbcError::Shape);
    }
    if cipher.is_key_wrap() {
        return match cipher {
            Cipher::Kw128 => unwrap::<aes::Aes128>(key, blob),
            Cipher::Kw192 => unwrap::<aes::Aes192>(key, blob),
            _ => unwrap::<aes::Aes256>(key, blob),
        };
    }
    if blob.len() < 2 * IV_LEN || !blob.len().is_multiple_of(IV_LEN) {
        return Err(CbcError::Shape);
    }
    match cipher {
        Cipher::Aes128 => cbc_dec::<aes::Aes128>(key, blob),
        Cipher::Aes192 => cbc_dec::<aes::Aes192>(key, blob),
        _ => cbc_dec::<aes::Aes256>(key, blob),
    }
}

/// RFC 3394 key unwrap; when its check value does not match, RFC 5649 (key wrap with padding),
/// which python-pskc writes under the same `#kw-aes*` URIs for values not a multiple of 8 bytes.
fn unwrap<C>(key: &[u8], blob: &[u8]) -> Result<Zeroizing<Vec<u8>>, CbcError>
where
    C: aes::cipher::BlockCipherEncrypt<BlockSize = aes::cipher::consts::U16>
        + aes::cipher::BlockCipherDecrypt<BlockSize = aes::cipher::consts::U16>
        + aes::cipher::KeyInit,
{
    if blob.len() < 16 || !blob.len().is_multiple_of(8) {
        return Err(CbcError::Shape);
    }
    let mut buf = Zeroizing::new(vec![0u8; blob.len() - 8]);
    // RFC 3394 needs two semiblocks of plaintext at least; one is RFC 5649's single-block form.
    if blob.len() >= 24 {
        let kw = aes_kw::AesKw::<C>::new_from_slice(key).map_err(|_| CbcError::Shape)?;
        if let Ok(plain) = kw.unwrap_key(blob, &mut buf) {
            return Ok(Zeroizing::new(plain.to_vec()));
        }
    }
    let kwp = aes_kw::AesKwp::<C>::new_from_slice(key).map_err(|_| CbcError::Shape)?;
    match kwp.unwrap_key(blob, &mut buf) {
        Ok(plain) => Ok(Zeroizing::new(plain.to_vec())),
        Err(_) => Err(CbcError::Padding),
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
            Some(Cipher::Kw128)
        );
        assert_eq!(
            Cipher::from_uri("http://www.w3.org/2001/04/xmlenc#tripledes-cbc"),
            None
        );
    }

    fn unhex(s: &str) -> Vec<u8> {
        hex::decode(s).unwrap()
    }

    #[test]
    fn key_unwrap_matches_rfc3394_section_4_vectors() {
        let kek = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";
        let data = "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F";
        // (KEK bytes, key data bytes, wrapped) from RFC 3394 §4.1, 4.2, 4.3, 4.4, 4.5, 4.6.
        let cases = [
            (
                Cipher::Kw128,
                16,
                16,
                "1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5",
            ),
            (
                Cipher::Kw192,
                24,
                16,
                "96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D",
            ),
            (
                Cipher::Kw256,
                32,
                16,
                "64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7",
            ),
            (
                Cipher::Kw192,
                24,
                24,
                "031D33264E15D33268F24EC260743EDCE1C6C7DDEE725A936BA814915C6762D2",
            ),
            (
                Cipher::Kw256,
                32,
                24,
                "A8F9BC1612C68B3FF6E6F4FBE30E71E4769C8B80A32CB8958CD5D17D6B254DA1",
            ),
            (
                Cipher::Kw256,
                32,
                32,
                "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21",
            ),
        ];
        for (cipher, kek_len, data_len, wrapped) in cases {
            let kek = &unhex(kek)[..kek_len];
            let plain = cbc_decrypt(cipher, kek, &unhex(wrapped)).unwrap();
            assert_eq!(&plain[..], &unhex(data)[..data_len], "{cipher:?}");
            let mut bad = unhex(wrapped);
            bad[0] ^= 1;
            assert_eq!(
                cbc_decrypt(cipher, kek, &bad).err(),
                Some(CbcError::Padding)
            );
        }
    }

    #[test]
    fn padded_key_unwrap_matches_rfc5649_section_6_vectors() {
        let kek = unhex("5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8");
        let twenty = cbc_decrypt(
            Cipher::Kw192,
            &kek,
            &unhex("138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a"),
        )
        .unwrap();
        assert_eq!(
            hex::encode(&*twenty),
            "c37b7e6492584340bed12207808941155068f738"
        );
        let seven = cbc_decrypt(
            Cipher::Kw192,
            &kek,
            &unhex("afbeb0f07dfbf5419200f2ccb50bb24f"),
        )
        .unwrap();
        assert_eq!(hex::encode(&*seven), "466f7250617369");
    }
}
