//! The vault's own costs: one Argon2id derivation at the default cost (what every unlock pays),
//! and reading a 1,000-token vault (what `softpass list` pays; no KDF).
use criterion::{Criterion, criterion_group, criterion_main};
use softpass_core::secret::{SecretBytes, SecretString};
use softpass_core::token::{Algorithm, OtpParams, PinPolicy};
use softpass_core::vault::{
    self, KdfCost, NewToken, Sealing, Secrets, TokenRecord, Vault, derive_key,
};
use std::hint::black_box;

fn thousand_tokens() -> Vec<u8> {
    let tiny = KdfCost {
        memory_kib: 64,
        iterations: 1,
        parallelism: 1,
    };
    let tokens = (0..1000)
        .map(|i| {
            let token = NewToken {
                name: format!("token-{i}"),
                serial: format!("{i:016X}"),
                params: OtpParams::hotp(Algorithm::Sha1, 6),
                issuer: Some("ACME".into()),
                counter: i,
                pin_policy: PinPolicy::default(),
            };
            let s = Secrets {
                secret: SecretBytes::from_slice(&i.to_be_bytes()),
                otp_pin: None,
            };
            let pin = SecretString::from("1234");
            let sealing = Sealing {
                pin: &pin,
                kdf: tiny,
                salt: [0; 16],
                nonce: [0; 24],
            };
            TokenRecord::seal(token, &s, &sealing).unwrap()
        })
        .collect();
    vault::serialize(&Vault { tokens }).unwrap()
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("vault");
    g.sample_size(10);
    let pin = SecretString::from("1234");
    g.bench_function("argon2id_default_cost", |b| {
        b.iter(|| derive_key(black_box(&pin), &[7; 16], KdfCost::DEFAULT).unwrap())
    });
    let file = thousand_tokens();
    g.bench_function("parse_1000_tokens", |b| {
        b.iter(|| vault::parse(black_box(&file)).unwrap())
    });
    g.finish();
}

criterion_group!(vault_benches, benches);
criterion_main!(vault_benches);
