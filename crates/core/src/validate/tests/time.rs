//! Table tests of the TOTP window, drift, replay refusal and resynchronisation; eTokens from
//! RFC 6238 App. B / `oathtool` (constants in the parent module).
use super::super::*;
use super::*;

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
            // count = the step; timeShift = its start minus now.
            assert_eq!(s.count, step);
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
    let last = at(37_037_037);
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
    assert_eq!(s.count, s2 + 1);
    assert_eq!(s.time_shift, (s2 * 30 + 15) as i64 - NOW as i64);
    assert!(resync(&time(&h, at(0)), t(s2), t(s1), NOW, &p).is_none());
}
