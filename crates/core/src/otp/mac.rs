//! HMAC (RFC 2104) of an 8-byte counter on the raw SHA compression functions.
//!
//! The states after absorbing the padded key (`K ^ ipad`, `K ^ opad`) are kept, so one code costs
//! exactly two compressions with no buffering or padding logic at run time: this is what makes
//! `softpass calc` stream millions of codes. Checked against the `hmac` crate in tests/vectors/mac.rs.
use sha1::Digest;
use zeroize::Zeroize;

const SHA1_IV: [u32; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
const SHA256_IV: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];
const SHA512_IV: [u64; 8] = [
    0x6a09e667f3bcc908,
    0xbb67ae8584caa73b,
    0x3c6ef372fe94f82b,
    0xa54ff53a5f1d36f1,
    0x510e527fade682d1,
    0x9b05688c2b3e6c1f,
    0x1f83d9abfb41bd6b,
    0x5be0cd19137e2179,
];

/// The largest digest (SHA-512), the size of the output buffer.
pub(super) const MAX_DIGEST: usize = 64;

/// Keyed inner/outer states: key-equivalent secrets, zeroized on drop. Not `Clone`: a copy is
/// made only on purpose ([`KeyedMac::duplicate`]).
pub(super) enum KeyedMac {
    Sha1 { inner: [u32; 5], outer: [u32; 5] },
    Sha256 { inner: [u32; 8], outer: [u32; 8] },
    Sha512 { inner: [u64; 8], outer: [u64; 8] },
}

impl Drop for KeyedMac {
    fn drop(&mut self) {
        match self {
            KeyedMac::Sha1 { inner, outer } => (inner.zeroize(), outer.zeroize()),
            KeyedMac::Sha256 { inner, outer } => (inner.zeroize(), outer.zeroize()),
            KeyedMac::Sha512 { inner, outer } => (inner.zeroize(), outer.zeroize()),
        };
    }
}

/// `K'` (the key, or its hash when longer than a block) XOR `pad`, zero-extended to `B` bytes.
fn pad_block<const B: usize>(key: &[u8], pad: u8) -> [u8; B] {
    let mut block = [pad; B];
    for (b, k) in block.iter_mut().zip(key) {
        *b ^= k;
    }
    block
}

/// A one-block message: `data`, the 0x80 terminator, zeros, and the big-endian bit length of
/// (one key block + data) in the last `len_bytes` bytes.
fn final_block<const B: usize>(data: &[u8], len_bytes: usize) -> [u8; B] {
    let mut block = [0u8; B];
    block[..data.len()].copy_from_slice(data);
    block[data.len()] = 0x80;
    let bits = ((B + data.len()) as u64 * 8).to_be_bytes();
    block[B - 8..].copy_from_slice(&bits);
    debug_assert!(data.len() < B - len_bytes);
    block
}

impl KeyedMac {
    /// An explicit copy of the keyed states (each copy is zeroized on its own drop).
    pub(super) fn duplicate(&self) -> Self {
        match self {
            KeyedMac::Sha1 { inner, outer } => KeyedMac::Sha1 {
                inner: *inner,
                outer: *outer,
            },
            KeyedMac::Sha256 { inner, outer } => KeyedMac::Sha256 {
                inner: *inner,
                outer: *outer,
            },
            KeyedMac::Sha512 { inner, outer } => KeyedMac::Sha512 {
                inner: *inner,
                outer: *outer,
            },
        }
    }

    pub(super) fn sha1(key: &[u8]) -> Self {
        let hashed;
        let key = if key.len() > 64 {
            hashed = sha1::Sha1::digest(key);
            &hashed[..]
        } else {
            key
        };
        let (mut inner, mut outer) = (SHA1_IV, SHA1_IV);
        let (mut ipad, mut opad) = (pad_block::<64>(key, 0x36), pad_block::<64>(key, 0x5c));
        sha1::block_api::compress(&mut inner, &[ipad]);
        sha1::block_api::compress(&mut outer, &[opad]);
        ipad.zeroize();
        opad.zeroize();
        KeyedMac::Sha1 { inner, outer }
    }

    pub(super) fn sha256(key: &[u8]) -> Self {
        let hashed;
        let key = if key.len() > 64 {
            hashed = sha2::Sha256::digest(key);
            &hashed[..]
        } else {
            key
        };
        let (mut inner, mut outer) = (SHA256_IV, SHA256_IV);
        let (mut ipad, mut opad) = (pad_block::<64>(key, 0x36), pad_block::<64>(key, 0x5c));
        sha2::block_api::compress256(&mut inner, &[ipad]);
        sha2::block_api::compress256(&mut outer, &[opad]);
        ipad.zeroize();
        opad.zeroize();
        KeyedMac::Sha256 { inner, outer }
    }

    pub(super) fn sha512(key: &[u8]) -> Self {
        let hashed;
        let key = if key.len() > 128 {
            hashed = sha2::Sha512::digest(key);
            &hashed[..]
        } else {
            key
        };
        let (mut inner, mut outer) = (SHA512_IV, SHA512_IV);
        let (mut ipad, mut opad) = (pad_block::<128>(key, 0x36), pad_block::<128>(key, 0x5c));
        sha2::block_api::compress512(&mut inner, &[ipad]);
        sha2::block_api::compress512(&mut outer, &[opad]);
        ipad.zeroize();
        opad.zeroize();
        KeyedMac::Sha512 { inner, outer }
    }

    /// HMAC(key, counter as 8 bytes big-endian) into `out`; returns the digest length.
    pub(super) fn counter_mac(&self, counter: u64, out: &mut [u8; MAX_DIGEST]) -> usize {
        let msg = counter.to_be_bytes();
        match self {
            KeyedMac::Sha1 { inner, outer } => {
                let mut s = *inner;
                sha1::block_api::compress(&mut s, &[final_block::<64>(&msg, 8)]);
                let mut d = [0u8; 20];
                for (chunk, w) in d.chunks_exact_mut(4).zip(s) {
                    chunk.copy_from_slice(&w.to_be_bytes());
                }
                let mut s = *outer;
                sha1::block_api::compress(&mut s, &[final_block::<64>(&d, 8)]);
                for (chunk, w) in out.chunks_exact_mut(4).zip(s) {
                    chunk.copy_from_slice(&w.to_be_bytes());
                }
                20
            }
            KeyedMac::Sha256 { inner, outer } => {
                let mut s = *inner;
                sha2::block_api::compress256(&mut s, &[final_block::<64>(&msg, 8)]);
                let mut d = [0u8; 32];
                for (chunk, w) in d.chunks_exact_mut(4).zip(s) {
                    chunk.copy_from_slice(&w.to_be_bytes());
                }
                let mut s = *outer;
                sha2::block_api::compress256(&mut s, &[final_block::<64>(&d, 8)]);
                for (chunk, w) in out.chunks_exact_mut(4).zip(s) {
                    chunk.copy_from_slice(&w.to_be_bytes());
                }
                32
            }
            KeyedMac::Sha512 { inner, outer } => {
                let mut s = *inner;
                sha2::block_api::compress512(&mut s, &[final_block::<128>(&msg, 16)]);
                let mut d = [0u8; 64];
                for (chunk, w) in d.chunks_exact_mut(8).zip(s) {
                    chunk.copy_from_slice(&w.to_be_bytes());
                }
                let mut s = *outer;
                sha2::block_api::compress512(&mut s, &[final_block::<128>(&d, 16)]);
                for (chunk, w) in out.chunks_exact_mut(8).zip(s) {
                    chunk.copy_from_slice(&w.to_be_bytes());
                }
                64
            }
        }
    }
}
