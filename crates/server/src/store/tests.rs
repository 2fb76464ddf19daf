//! The enrolment operations of the SQLite store (PostgreSQL's run in tests/server/enroll.rs):
//! a challenge answers once, only for its user and only before it expires; an enrolment without
//! the admin credential is stored only for a user without a token; a serial is never stored twice.
use super::{SqliteStore, Store, TokenRecord, User};
use crate::error::StoreError;
use softpass_core::token::{Algorithm, Kind};
use softpass_core::validate::TokenState;

fn store(dir: &tempfile::TempDir) -> SqliteStore {
    SqliteStore::open(&dir.path().join("t.db"), "check", super::Durability::Normal).unwrap()
}

fn token(serial: &str, user: &str) -> TokenRecord {
    TokenRecord {
        serial: serial.into(),
        kind: Kind::Hotp,
        algorithm: Algorithm::Sha1,
        digits: 6,
        period: 30,
        t0: 0,
        secret: vec![1, 2, 3],
        pin_hash: None,
        user: Some(user.into()),
        description: String::new(),
        state: TokenState::new(),
        rev: 0,
    }
}

#[tokio::test]
async fn a_challenge_answers_once_for_its_user_before_it_expires() {
    let d = tempfile::tempdir().unwrap();
    let s = store(&d);
    s.add_challenge("t1".into(), "alice".into(), 0, 1000)
        .await
        .unwrap();
    // Another user's answer neither counts nor uses it up.
    assert!(
        !s.take_challenge("t1".into(), "bob".into(), 500)
            .await
            .unwrap()
    );
    assert!(
        s.take_challenge("t1".into(), "alice".into(), 1000)
            .await
            .unwrap()
    );
    assert!(
        !s.take_challenge("t1".into(), "alice".into(), 1000)
            .await
            .unwrap()
    );
    s.add_challenge("t2".into(), "alice".into(), 0, 1000)
        .await
        .unwrap();
    assert!(
        !s.take_challenge("t2".into(), "alice".into(), 1001)
            .await
            .unwrap()
    );
    assert!(
        !s.take_challenge("t2".into(), "alice".into(), 900)
            .await
            .unwrap()
    );
}

/// Whether `id` is still open for `user` (uses it up).
async fn open(s: &SqliteStore, id: &str, user: &str, now: u64) -> bool {
    s.take_challenge(id.into(), user.into(), now).await.unwrap()
}

#[tokio::test]
async fn challenges_are_swept_when_expired_and_capped_per_user() {
    let d = tempfile::tempdir().unwrap();
    let s = store(&d);
    let add = |id: String, user: &str, now: u64| s.add_challenge(id, user.into(), now, now + 600);
    add("bob-old".into(), "bob", 0).await.unwrap();
    add("carol-1".into(), "carol", 500).await.unwrap();
    // Twenty checks of alice at t = 700 (bob's expired at 600, carol's runs to 1100).
    for n in 0..20 {
        add(format!("a{n}"), "alice", 700).await.unwrap();
    }
    // Bob's expired row went with the first add after 600 (asked first: a take would sweep it
    // too): as of t = 100 it would still be open.
    assert!(!open(&s, "bob-old", "bob", 100).await);
    // Alice keeps her newest 8 (a12..a19, all expiring at 1300: the latest added win the tie).
    for n in 0..12 {
        assert!(!open(&s, &format!("a{n}"), "alice", 700).await, "a{n}");
    }
    for n in 12..20 {
        assert!(open(&s, &format!("a{n}"), "alice", 700).await, "a{n}");
    }
    // Carol's open one was left alone by alice's cap.
    assert!(open(&s, "carol-1", "carol", 700).await);
}

#[tokio::test]
async fn an_open_enrolment_is_only_for_a_user_without_a_token() {
    let d = tempfile::tempdir().unwrap();
    let s = store(&d);
    let alice = User {
        login: "alice".into(),
        email: String::new(),
    };
    s.put_users(vec![alice]).await.unwrap();
    assert!(s.add_enrolled(token("A1", "alice"), true).await.unwrap());
    assert!(!s.add_enrolled(token("A2", "alice"), true).await.unwrap());
    assert!(s.add_enrolled(token("A3", "alice"), false).await.unwrap());
    assert_eq!(
        s.add_enrolled(token("A3", "alice"), false).await.err(),
        Some(StoreError::Exists("A3".into()))
    );
    let serials: Vec<String> = s
        .tokens(None)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.serial)
        .collect();
    assert_eq!(serials, ["A1", "A3"]);
}

#[tokio::test]
async fn a_counter_past_i64_is_an_error_not_a_clamp() {
    let d = tempfile::tempdir().unwrap();
    let s = store(&d);
    let mut t = token("BIG1", "alice");
    t.state.count = 1 << 63;
    assert_eq!(
        s.put_tokens(vec![t], false).await.err(),
        Some(StoreError::OutOfRange(1 << 63))
    );
    assert!(s.tokens(None).await.unwrap().is_empty());
    // A decided state past it fails the mutation (rolled back) instead of storing i64::MAX.
    let mut t = token("BIG2", "alice");
    t.state.count = i64::MAX as u64;
    s.put_tokens(vec![t], false).await.unwrap();
    let r = s
        .mutate(super::Subject::Serial("BIG2".into()), |v| {
            let mut st = v.tokens[0].state;
            st.count += 1;
            super::Mutation {
                updates: vec![(0, st)],
                value: (),
            }
        })
        .await;
    assert_eq!(r.err(), Some(StoreError::OutOfRange(1 << 63)));
    let back = s.tokens(None).await.unwrap();
    assert_eq!(back[0].state.count, i64::MAX as u64);
}
