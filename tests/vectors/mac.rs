//! The HOTP engine's own HMAC (raw compressions, precomputed key states) against the independent
//! `hmac` crate, for every hash and key lengths on both sides of the block size.
use proptest::prelude::*;
use softpass_core::otp::Hotp;
use softpass_core::token::Algorithm;

use crate::support::reference_truncated;

#[test]
fn key_lengths_around_the_block_sizes() {
    for alg in [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512] {
        for len in [1, 20, 32, 63, 64, 65, 127, 128, 129, 300] {
            let key: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
            let hotp = Hotp::new(alg, &key, 6).unwrap();
            for counter in [0, 1, 255, 256, u64::from(u32::MAX) + 1, u64::MAX] {
                assert_eq!(
                    hotp.truncated(counter),
                    reference_truncated(alg, &key, counter),
                    "{alg} key {len} counter {counter}"
                );
            }
        }
    }
}

proptest! {
    #[test]
    fn agrees_with_the_hmac_crate(
        alg in prop_oneof![Just(Algorithm::Sha1), Just(Algorithm::Sha256), Just(Algorithm::Sha512)],
        key in proptest::collection::vec(any::<u8>(), 1..200),
        counter in any::<u64>(),
    ) {
        let hotp = Hotp::new(alg, &key, 6).unwrap();
        prop_assert_eq!(hotp.truncated(counter), reference_truncated(alg, &key, counter));
    }
}
