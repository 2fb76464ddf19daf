//! Independent oracles: values computed here from the specifications with other code (the
//! `hmac`/`sha2` crates, oathtool), never with softpass, to compare softpass against.
use std::process::Command;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use softpass_core::token::Algorithm;

/// RFC 4226 §5.3 dynamic truncation of an HMAC computed by the `hmac` crate.
pub fn reference_truncated(alg: Algorithm, key: &[u8], counter: u64) -> u32 {
    fn mac<M: Mac + KeyInit>(key: &[u8], msg: &[u8]) -> Vec<u8> {
        <M as KeyInit>::new_from_slice(key)
            .unwrap()
            .chain_update(msg)
            .finalize()
            .into_bytes()
            .to_vec()
    }
    let msg = counter.to_be_bytes();
    let d = match alg {
        Algorithm::Sha1 => mac::<Hmac<sha1::Sha1>>(key, &msg),
        Algorithm::Sha256 => mac::<Hmac<sha2::Sha256>>(key, &msg),
        Algorithm::Sha512 => mac::<Hmac<sha2::Sha512>>(key, &msg),
    };
    let o = usize::from(d[d.len() - 1] & 0x0f);
    u32::from_be_bytes([d[o] & 0x7f, d[o + 1], d[o + 2], d[o + 3]])
}

/// HOTP-SHA1, 6 digits, of `key` at `counter`, independently of softpass.
pub fn reference_code(key: &[u8], counter: u64) -> String {
    let snum = reference_truncated(Algorithm::Sha1, key, counter);
    format!("{:06}", snum % 1_000_000)
}

/// Expected codes from oathtool (an independent implementation; installed by .ci/run).
pub fn oathtool(args: &[&str]) -> Vec<String> {
    let o = Command::new("oathtool")
        .args(args)
        .output()
        .expect("oathtool must be installed (apt-get install oathtool)");
    assert!(o.status.success(), "oathtool {args:?} failed");
    String::from_utf8(o.stdout)
        .expect("utf-8")
        .lines()
        .map(str::to_owned)
        .collect()
}

/// docs/vault-format.md §4: the serial of an otpauth token, upper-case hex of the first 8 bytes
/// of SHA-256("otpauth" 0 kind 0 secret).
pub fn uri_serial(kind: &str, secret: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(format!("otpauth\0{kind}\0").as_bytes());
    h.update(secret);
    hex::encode_upper(&h.finalize()[..8])
}

/// docs/vault-format.md §4: the serial of a MobilePASS token, upper-case hex of the first 8
/// bytes of SHA-256(entropy || policy).
pub fn mobilepass_serial(entropy_hex: &str, policy: &str) -> String {
    let mut h = Sha256::new();
    h.update(hex::decode(entropy_hex).unwrap());
    h.update(policy.as_bytes());
    hex::encode_upper(&h.finalize()[..8])
}

/// The `secret` query parameter of an otpauth URI.
pub fn uri_secret(uri: &str) -> String {
    uri_param(uri, "secret")
        .expect("secret parameter")
        .to_owned()
}

/// A query parameter of an otpauth URI.
pub fn uri_param<'a>(uri: &'a str, name: &str) -> Option<&'a str> {
    let q = uri.split_once('?')?.1;
    q.split('&')
        .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
}
