//! Table tests of the validation rules. Every expected eToken comes from outside: RFC 4226
//! Appendix D, RFC 6238 Appendix B and `oathtool` (commands quoted); every expected verdict and
//! counter from privacyIDEA 3.14's observed behaviour (docs/server.md cites the cases).
use super::*;
use crate::otp::Hotp;
use crate::token::{Algorithm, Kind};

mod time;

pub(super) const RFC_KEY: &[u8] = b"12345678901234567890";
/// `oathtool --hotp -d 6 -c 0 -w 25 3132333435363738393031323334353637383930`
pub(super) const HOTP: [&str; 26] = [
    "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
    "520489", "403154", "481090", "868912", "736127", "229903", "436521", "186581", "447589",
    "903435", "578337", "328281", "191635", "184416", "574561", "797908", "396619",
];
/// `oathtool --hotp -d 6 -c N 3132...3930` for the resynchronisation counters.
pub(super) const C500: &str = "225706";
pub(super) const C501: &str = "922073";
pub(super) const C700: &str = "357650";
pub(super) const C701: &str = "024866";
pub(super) const C1502: &str = "326914";
pub(super) const C1503: &str = "278852";
/// Second key "abcdefghijklmnopqrst": `oathtool --hotp -d 6 -c 0 -w 3 6162...7374`
pub(super) const OTHER: [&str; 4] = ["953265", "241063", "361687", "979122"];
/// RFC 6238 App. B time 1111111111 (step 37037037, SHA-1, 8 digits) and its neighbours:
/// `oathtool --hotp -d 8 -c 37037028 -w 18 3132...3930` (index i = step 37037028 + i).
pub(super) const NOW: u64 = 1_111_111_111;
pub(super) const STEP0: u64 = 37_037_028;
pub(super) const TOTP: [&str; 19] = [
    "07156289", "06257124", "16335769", "68677498", "40734088", "31404137", "48150727", "89731029",
    "07081804", "14050471", "44266759", "02306183", "98466594", "59754889", "98511787", "08813955",
    "41474409", "39655883", "12272560",
];
pub(super) const PIN: &str = "4711";

pub(super) fn hotp(key: &[u8], digits: u8) -> Hotp {
    Hotp::new(Algorithm::Sha1, key, digits).unwrap()
}

pub(super) fn event(h: &Hotp, state: TokenState) -> Candidate<'_> {
    Candidate {
        kind: Kind::Hotp,
        hotp: h,
        period: 30,
        t0: 0,
        state,
    }
}

pub(super) fn time(h: &Hotp, state: TokenState) -> Candidate<'_> {
    Candidate {
        kind: Kind::Totp,
        ..event(h, state)
    }
}

pub(super) fn at(count: u64) -> TokenState {
    TokenState {
        count,
        ..TokenState::new()
    }
}

/// One check with every token's OTP PIN being `PIN`.
pub(super) fn run(tokens: &[Candidate<'_>], pass: &str, now: u64, policy: &Policy) -> Outcome {
    check(tokens, pass, now, policy, &mut |_, pin| pin == PIN)
}

pub(super) fn new_state(o: &Outcome, i: usize) -> Option<TokenState> {
    o.updates.iter().find(|(j, _)| *j == i).map(|(_, s)| *s)
}

/// Applies a check's updates, as the store would.
fn login(tokens: &mut [TokenState], hs: &[&Hotp], kinds: &[Kind], pass: &str, now: u64) -> Outcome {
    let cands: Vec<Candidate<'_>> = (0..tokens.len())
        .map(|i| Candidate {
            kind: kinds[i],
            ..event(hs[i], tokens[i])
        })
        .collect();
    let o = run(&cands, pass, now, &Policy::default());
    for (i, s) in &o.updates {
        tokens[*i] = *s;
    }
    o
}

#[test]
fn hotp_accepts_once_and_names_the_replay() {
    let h = hotp(RFC_KEY, 6);
    let mut s = [TokenState::new()];
    let p = |c: &str| format!("{PIN}{c}");
    // privacyIDEA cases check_ok_c0, check_replay_c0: c0 accepted, count 1; again: replay.
    let o = login(&mut s, &[&h], &[Kind::Hotp], &p(HOTP[0]), 0);
    assert_eq!(
        (o.verdict, o.message(), o.subject),
        (Verdict::Accept, "matching 1 tokens".into(), Some(0))
    );
    assert_eq!(o.accepted, vec![(0, 0)]);
    assert_eq!(s[0].count, 1);
    let o = login(&mut s, &[&h], &[Kind::Hotp], &p(HOTP[0]), 0);
    assert_eq!(o.message(), "wrong otp value. previous otp used again");
    assert_eq!((s[0].count, s[0].failcount), (1, 1));
    // check_wrong_pin_right_otp_c1: wrong PIN, right code: counter stays, failcount counts.
    let o = login(&mut s, &[&h], &[Kind::Hotp], &format!("0000{}", HOTP[1]), 0);
    assert_eq!((o.verdict, o.subject), (Verdict::WrongPin, None));
    assert_eq!((s[0].count, s[0].failcount), (1, 2));
    // check_ok_c1_after_wrong_pin: success resets the fail counter.
    let o = login(&mut s, &[&h], &[Kind::Hotp], &p(HOTP[1]), 0);
    assert_eq!(o.verdict, Verdict::Accept);
    assert_eq!((s[0].count, s[0].failcount), (2, 0));
}

#[test]
fn hotp_window_edges_and_skipped_codes() {
    let h = hotp(RFC_KEY, 6);
    let cases: &[(u64, usize, Verdict, Option<u64>)] = &[
        (0, 9, Verdict::Accept, Some(10)), // count .. count+9 is the window
        (0, 10, Verdict::WrongOtp, None),  // one past it
        (2, 11, Verdict::Accept, Some(12)), // check_in_window_c11
        (12, 22, Verdict::WrongOtp, None), // check_beyond_window_c22
        (12, 5, Verdict::WrongOtp, None),  // check_skipped_c5: older, not the previous one
        (12, 11, Verdict::Replay, None),   // check_previous_c11
        (12, 21, Verdict::Accept, Some(22)),
    ];
    for &(count, c, verdict, next) in cases {
        let o = run(
            &[event(&h, at(count))],
            &format!("{PIN}{}", HOTP[c]),
            0,
            &Policy::default(),
        );
        assert_eq!(o.verdict, verdict, "count {count}, code c{c}");
        let s = new_state(&o, 0).unwrap();
        match next {
            Some(n) => assert_eq!((s.count, s.failcount), (n, 0)),
            None => assert_eq!((s.count, s.failcount), (count, 1)),
        }
    }
}

#[test]
fn the_split_decides_pin_and_code() {
    let h = hotp(RFC_KEY, 6);
    // check_empty_pass, check_pin_only, check_otp_without_pin, check_pin_appended,
    // check_too_short_pass: all "wrong otp pin", all counted.
    for pass in ["", PIN, HOTP[0], &format!("{}{PIN}", HOTP[0]), "47117552"] {
        let o = run(&[event(&h, at(0))], pass, 0, &Policy::default());
        assert_eq!(
            (o.verdict, o.message()),
            (Verdict::WrongPin, "wrong otp pin".into()),
            "{pass:?}"
        );
        assert_eq!(new_state(&o, 0).unwrap().failcount, 1);
    }
    // The PIN check sees exactly what precedes the last `digits` characters.
    let mut seen = vec![];
    check(
        &[event(&h, at(0))],
        "pä12755224",
        0,
        &Policy::default(),
        &mut |_, pin| {
            seen.push(pin.to_owned());
            false
        },
    );
    assert_eq!(seen, ["pä12"]);
    // check_otplen8_given_6digits: an 8-digit token given PIN + 6 digits.
    let h8 = hotp(RFC_KEY, 8);
    let o = run(
        &[event(&h8, at(0))],
        &format!("{PIN}{}", HOTP[0]),
        0,
        &Policy::default(),
    );
    assert_eq!(o.verdict, Verdict::WrongPin);
}

#[test]
fn fail_counter_stops_at_maxfail_until_reset() {
    let h = hotp(RFC_KEY, 6);
    let mut s = [TokenState::new()];
    let now = 1_000_000_037;
    // check_failcount_wrong_otp_1..10: "wrong otp value", the 10th reaches maxfail.
    for n in 1..=10 {
        let o = login(&mut s, &[&h], &[Kind::Hotp], &format!("{PIN}000000"), now);
        assert_eq!(o.verdict, Verdict::WrongOtp);
        assert_eq!(s[0].failcount, n);
    }
    assert_eq!(s[0].exceeded_at, Some(1_000_000_020)); // the minute, as privacyIDEA writes it
    // check_failcount_wrong_otp_11, _exceeded_correct_otp, _exceeded_wrong_pin: nothing moves.
    for pass in [
        format!("{PIN}000000"),
        format!("{PIN}{}", HOTP[0]),
        format!("9{}", HOTP[0]),
    ] {
        let o = login(&mut s, &[&h], &[Kind::Hotp], &pass, now);
        assert_eq!(
            (o.verdict, o.message()),
            (Verdict::FailcounterExceeded, "Failcounter exceeded".into())
        );
        assert!(o.updates.is_empty());
    }
    assert_eq!((s[0].count, s[0].failcount), (0, 10));
    s[0].reset(); // /token/reset
    let o = login(
        &mut s,
        &[&h],
        &[Kind::Hotp],
        &format!("{PIN}{}", HOTP[0]),
        now,
    );
    assert_eq!(o.verdict, Verdict::Accept);
    // A lower per-token maximum (check_maxfail3_*).
    let mut s = [TokenState {
        maxfail: 3,
        ..TokenState::new()
    }];
    for _ in 0..3 {
        assert_eq!(
            login(&mut s, &[&h], &[Kind::Hotp], "x", now).verdict,
            Verdict::WrongPin
        );
    }
    assert_eq!(
        login(&mut s, &[&h], &[Kind::Hotp], "x", now).verdict,
        Verdict::FailcounterExceeded
    );
}

#[test]
fn fail_counter_clear_timeout() {
    let h = hotp(RFC_KEY, 6);
    let policy = Policy {
        failcount_clear_timeout: 60,
        ..Policy::default()
    };
    let state = TokenState {
        failcount: 10,
        exceeded_at: Some(6000),
        ..TokenState::new()
    };
    let pass = format!("{PIN}{}", HOTP[0]);
    // check_fct_still_exceeded: within the minute.
    let o = run(&[event(&h, state)], &pass, 6060, &policy);
    assert_eq!(o.verdict, Verdict::FailcounterExceeded);
    // check_fct_after_timeout_correct: after it, a normal login.
    let o = run(&[event(&h, state)], &pass, 6061, &policy);
    assert_eq!(o.verdict, Verdict::Accept);
    assert_eq!(new_state(&o, 0).unwrap().failcount, 0);
    // Off by default.
    let o = run(&[event(&h, state)], &pass, 1_000_000, &Policy::default());
    assert_eq!(o.verdict, Verdict::FailcounterExceeded);
}

#[test]
fn several_tokens_follow_privacyideas_precedence() {
    let a = hotp(RFC_KEY, 6);
    let b = hotp(b"abcdefghijklmnopqrst", 6);
    let k = [Kind::Hotp, Kind::Hotp];
    // The other token's code: accepted by it alone; the first is untouched.
    let mut s = [TokenState::new(), TokenState::new()];
    let o = login(&mut s, &[&a, &b], &k, &format!("{PIN}{}", OTHER[0]), 0);
    assert_eq!((o.verdict, o.subject), (Verdict::Accept, Some(1)));
    assert_eq!((s[0].count, s[1].count), (0, 1));
    // check_two_tokens_wrong_otp: both PINs match, no code: both count, no serial named.
    let o = login(&mut s, &[&a, &b], &k, &format!("{PIN}000000"), 0);
    assert_eq!((o.verdict, o.subject), (Verdict::WrongOtp, None));
    assert_eq!((s[0].failcount, s[1].failcount), (1, 1));
    // Only the PIN-matching token counts a wrong code.
    let cands = [event(&a, at(0)), event(&b, at(0))];
    let o = check(
        &cands,
        &format!("{PIN}000000"),
        0,
        &Policy::default(),
        &mut |i, _| i == 1,
    );
    assert_eq!((o.verdict, o.subject), (Verdict::WrongOtp, Some(1)));
    assert_eq!(o.updates.len(), 1);
    // One exceeded token and one usable: the usable one's answer (not "Failcounter exceeded").
    let exceeded = TokenState {
        failcount: 10,
        ..TokenState::new()
    };
    let o = run(
        &[event(&a, exceeded), event(&b, at(0))],
        "nope",
        0,
        &Policy::default(),
    );
    assert_eq!(o.verdict, Verdict::WrongPin);
    // Both unusable for different reasons: both reasons, sorted.
    let disabled = TokenState {
        disabled: true,
        ..TokenState::new()
    };
    let o = run(
        &[event(&a, exceeded), event(&b, disabled)],
        "x",
        0,
        &Policy::default(),
    );
    assert_eq!(o.message(), "Failcounter exceeded, Token is disabled");
    // check_two_tokens_same_key_c1: two tokens, one key: "matching 2 tokens", both move.
    let o = run(
        &[event(&a, at(1)), event(&a, at(0))],
        &format!("{PIN}{}", HOTP[1]),
        0,
        &Policy::default(),
    );
    assert_eq!((o.message(), o.subject), ("matching 2 tokens".into(), None));
    assert_eq!(new_state(&o, 1).unwrap().count, 2);
    // No tokens at all.
    assert_eq!(
        run(&[], "x", 0, &Policy::default()).verdict,
        Verdict::NoToken
    );
}

#[test]
fn auto_resync_pairs_two_out_of_window_codes() {
    let h = hotp(RFC_KEY, 6);
    let p = Policy {
        auto_resync: true,
        ..Policy::default()
    };
    // check_autoresync_first_c700: rejected, noted; _second_c701: accepted, count 702.
    let o = run(&[event(&h, at(0))], &format!("{PIN}{C700}"), 100, &p);
    assert_eq!(o.verdict, Verdict::WrongOtp);
    let s = new_state(&o, 0).unwrap();
    assert_eq!(s.sync_first, Some((700, 400)));
    let o = run(&[event(&h, s)], &format!("{PIN}{C701}"), 399, &p);
    assert_eq!(o.verdict, Verdict::Accept);
    assert_eq!(new_state(&o, 0).unwrap().count, 702);
    // Too late: the note has expired.
    let o = run(&[event(&h, s)], &format!("{PIN}{C701}"), 400, &p);
    assert_eq!(o.verdict, Verdict::WrongOtp);
    // Off by default.
    let o = run(
        &[event(&h, at(0))],
        &format!("{PIN}{C700}"),
        100,
        &Policy::default(),
    );
    assert_eq!(new_state(&o, 0).unwrap().sync_first, None);
}

#[test]
fn messages_are_privacyideas() {
    // Observed on a live privacyIDEA 3.14 (/validate/check detail.message).
    assert_eq!(Verdict::Accept.message(), "matching 1 tokens");
    assert_eq!(
        Verdict::Replay.message(),
        "wrong otp value. previous otp used again"
    );
    assert_eq!(
        Verdict::FailcounterExceeded.message(),
        "Failcounter exceeded"
    );
    assert_eq!(
        Verdict::NoToken.message(),
        "The user has no tokens assigned"
    );
    assert!(Verdict::PassNoToken.accepted() && !Verdict::EnrollmentRequired.accepted());
}
