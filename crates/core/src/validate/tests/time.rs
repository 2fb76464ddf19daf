//! Table tests of the TOTP window, drift, replay refusal and resynchronisation; eTokens from
//! RFC 6238 App. B / `oathtool` (constants in the parent module).
use super::super::*;
use super::*;
use crate::token::Kind;

#[test]
fn totp_window_both_ways_and_drift() {
    let h = hotp(RFC_KEY, 8);
    let p = Policy::default();
    let code = |step: u64| format!("{PIN}{}", TOTP[(step - STEP0) as usize]);
    let now_step = 37_037_037;
    // privacyIDEA's window at 180 s / 30 s: steps now-6 .. now+5.
    for (step, ok) in [
        (now_step - 7, false),
        (now_step - 6, true),
        (now_step, true),
        (now_step + 5, true),
        (now_step + 6, false),
    ] {
        let o = run(&[time(&h, at(0))], &code(step), NOW, &p);
        assert_eq!(o.verdict == Verdict::Accept, ok, "step {step}");
        if ok {
            let s = new_state(&o, 0).unwrap();
            // count = the step after it (privacyIDEA stores and shows the step itself);
            // timeShift = its start minus now.
            assert_eq!((s.count, s.shown_count(Kind::Totp)), (step + 1, step));
            assert_eq!(s.time_shift, (step * 30) as i64 - NOW as i64);
        }
    }
    // check_totp_plus_150s then +300s: the drift moves the window along.
    let o = run(&[time(&h, at(0))], &code(now_step + 5), NOW, &p);
    let s = new_state(&o, 0).unwrap();
    assert_eq!(s.time_shift, 149);
    let o = run(&[time(&h, s)], &code(now_step + 9), NOW, &p);
    assert_eq!(o.verdict, Verdict::Accept);
    // Skew the other way: a slow token.
    let o = run(&[time(&h, at(0))], &code(now_step - 6), NOW, &p);
    assert_eq!(new_state(&o, 0).unwrap().time_shift, -181);
}

#[test]
fn totp_refuses_any_step_not_after_the_last() {
    let h = hotp(RFC_KEY, 8);
    let p = Policy::default();
    let code = |step: u64| format!("{PIN}{}", TOTP[(step - STEP0) as usize]);
    // Step 37037037 accepted last: 37037038 is the next one accepted.
    let last = at(37_037_038);
    // check_totp_replay: the same step: "previous otp used again".
    let o = run(&[time(&h, last)], &code(37_037_037), NOW, &p);
    assert_eq!(o.verdict, Verdict::Replay);
    // check_totp_previous_step: an earlier step within the window: plain "wrong otp value".
    let o = run(&[time(&h, last)], &code(37_037_035), NOW, &p);
    assert_eq!(o.verdict, Verdict::WrongOtp);
    assert_eq!(new_state(&o, 0).unwrap().failcount, 1);
    let o = run(&[time(&h, last)], &code(37_037_038), NOW, &p);
    assert_eq!(o.verdict, Verdict::Accept);
}

#[test]
fn resync_hotp_within_the_sync_window() {
    let h = hotp(RFC_KEY, 6);
    let p = Policy::default();
    // token_resync_ok_c500_c501 → count 502.
    let s = resync(&event(&h, at(0)), C500, C501, 0, &p).unwrap();
    assert_eq!(s.count, 502);
    // token_resync_not_consecutive.
    assert!(resync(&event(&h, at(0)), C500, C700, 0, &p).is_none());
    // token_resync_beyond_syncwindow: from 502 the window ends at 1501.
    assert!(resync(&event(&h, at(502)), C1502, C1503, 0, &p).is_none());
    assert!(resync(&event(&h, at(503)), C1502, C1503, 0, &p).is_some());
}

#[test]
fn resync_totp_sets_drift_and_refuses_the_next_step() {
    let h = hotp(RFC_KEY, 8);
    let p = Policy::default();
    let (s1, s2) = (37_037_044u64, 37_037_045u64);
    let t = |s: u64| TOTP[(s - STEP0) as usize];
    let s = resync(&time(&h, at(0)), t(s1), t(s2), NOW, &p).unwrap();
    // privacyIDEA's count r2 + 1 (shown): steps up to it refused, r2 + 2 the next accepted.
    assert_eq!(s.count, s2 + 2);
    assert_eq!(s.time_shift, (s2 * 30 + 15) as i64 - NOW as i64);
    assert!(resync(&time(&h, at(0)), t(s2), t(s1), NOW, &p).is_none());
}

#[test]
fn totp_step_0_is_accepted_once() {
    let h = hotp(RFC_KEY, 8);
    let p = Policy::default();
    // T0 = now: step 0 is current. RFC 4226 App. D, counter 0: truncated 1284755224, so 8
    // digits "84755224"; counter 1 (RFC 6238 App. B, T = 59 s): "94287082".
    let token = |state| Candidate {
        t0: NOW,
        ..time(&h, state)
    };
    let step0 = format!("{PIN}84755224");
    let o = run(&[token(at(0))], &step0, NOW, &p);
    assert_eq!(
        (o.verdict, &o.accepted[..]),
        (Verdict::Accept, &[(0, 0)][..])
    );
    let s = new_state(&o, 0).unwrap();
    for later in [0, 10, 29, 60] {
        let o = run(&[token(s)], &step0, NOW + later, &p);
        assert_eq!(o.verdict, Verdict::Replay, "{later} s after");
    }
    // Before T0 the step is 0 as well: the same code, the same refusal.
    assert_eq!(
        run(&[token(s)], &step0, NOW - 100, &p).verdict,
        Verdict::Replay
    );
    let o = run(&[token(s)], &format!("{PIN}94287082"), NOW + 30, &p);
    assert_eq!(
        (o.verdict, &o.accepted[..]),
        (Verdict::Accept, &[(0, 1)][..])
    );
}
