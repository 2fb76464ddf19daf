//! One HOTP code with a reused keyed state (target: ≤ 150 ns per code), per hash and for the
//! allocation-free formatting that `softpass calc` streams.
use criterion::{Criterion, criterion_group, criterion_main};
use softpass_core::otp::{Code, Hotp};
use softpass_core::token::Algorithm;
use std::hint::black_box;

fn hotp(c: &mut Criterion) {
    let key = b"12345678901234567890";
    for (name, alg) in [
        ("sha1", Algorithm::Sha1),
        ("sha256", Algorithm::Sha256),
        ("sha512", Algorithm::Sha512),
    ] {
        let hotp = Hotp::new(alg, key, 6).unwrap();
        let mut counter = 0u64;
        c.bench_function(&format!("hotp_{name}_code"), |b| {
            b.iter(|| {
                counter = counter.wrapping_add(1);
                black_box(hotp.code(black_box(counter)))
            })
        });
    }
    let hotp = Hotp::new(Algorithm::Sha1, key, 6).unwrap();
    let mut buf = [0u8; Code::MAX_LEN];
    let mut counter = 0u64;
    c.bench_function("hotp_sha1_code_formatted", |b| {
        b.iter(|| {
            counter = counter.wrapping_add(1);
            black_box(hotp.code(black_box(counter)).write_ascii(&mut buf).len())
        })
    });
}

/// The same HOTP through the `hmac` crate with a cloned keyed state: the baseline we improve on.
fn baseline(c: &mut Criterion) {
    use hmac::{Hmac, KeyInit, Mac};
    fn run<M: Mac + Clone>(c: &mut Criterion, name: &str, mac: M) {
        let mut counter = 0u64;
        c.bench_function(name, |b| {
            b.iter(|| {
                counter = counter.wrapping_add(1);
                let d = mac
                    .clone()
                    .chain_update(black_box(counter).to_be_bytes())
                    .finalize()
                    .into_bytes();
                let o = usize::from(d[d.len() - 1] & 0x0f);
                black_box(
                    u32::from_be_bytes([d[o] & 0x7f, d[o + 1], d[o + 2], d[o + 3]]) % 1_000_000,
                )
            })
        });
    }
    let key = b"12345678901234567890";
    run(
        c,
        "baseline_hmac_crate_sha1",
        Hmac::<sha1::Sha1>::new_from_slice(key).unwrap(),
    );
    run(
        c,
        "baseline_hmac_crate_sha512",
        Hmac::<sha2::Sha512>::new_from_slice(key).unwrap(),
    );
}

criterion_group!(benches, hotp, baseline);
criterion_main!(benches);
