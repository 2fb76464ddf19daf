#![no_main]
//! Fuzz target: splitting "OTP PIN + eToken" and checking it against a HOTP and a TOTP token
//! with arbitrary stored state must never panic; the split must give back the value; an
//! accepted login must have had its PIN matched, and a fail counter never passes its maximum.
use libfuzzer_sys::fuzz_target;
use softpass_core::combined::split;
use softpass_core::otp::Hotp;
use softpass_core::token::{Algorithm, Kind};
use softpass_core::validate::{Candidate, Policy, TokenState, check};

fn state(b: &[u8]) -> TokenState {
    let n = |i: usize| u64::from(*b.get(i).unwrap_or(&0));
    TokenState {
        count: n(0) * 1_000_003 + n(1),
        failcount: (n(2) % 12) as u32,
        maxfail: (n(3) % 12) as u32,
        time_shift: n(4) as i64 * 30 - 3000,
        exceeded_at: (n(5) > 128).then_some(n(6) * 60),
        sync_first: (n(7) > 200).then_some((n(8), n(9) * 100)),
        disabled: n(10) > 250,
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 24 {
        return;
    }
    let (head, pass) = data.split_at(24);
    let Ok(pass) = std::str::from_utf8(pass) else {
        return;
    };
    let digits = 6 + head[22] % 5;
    if let Some((pin, otp)) = split(pass, digits) {
        assert_eq!(format!("{pin}{otp}"), pass);
        assert_eq!(otp.chars().count(), usize::from(digits));
    }
    let h = Hotp::new(Algorithm::Sha1, b"12345678901234567890", digits).unwrap();
    let tokens = [
        Candidate { kind: Kind::Hotp, hotp: &h, period: 30, t0: 0, state: state(&head[..11]) },
        Candidate { kind: Kind::Totp, hotp: &h, period: 1 + u32::from(head[23] % 90), t0: 0, state: state(&head[11..22]) },
    ];
    let policy = Policy { auto_resync: head[0] & 1 == 1, failcount_clear_timeout: u64::from(head[1] % 3) * 60, ..Policy::default() };
    let now = u64::from(u32::from_be_bytes([head[2], head[3], head[4], head[5]]));
    let mut asked = Vec::new();
    let o = check(&tokens, pass, now, &policy, &mut |i, p| {
        asked.push(i);
        p == "4711"
    });
    for (i, _) in &o.accepted {
        assert!(asked.contains(i));
    }
    for (i, s) in &o.updates {
        assert!(s.failcount <= s.maxfail.max(tokens[*i].state.failcount));
    }
    let _ = o.message();
});
