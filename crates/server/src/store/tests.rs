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
    s.add_challenge("t1".into(), "alice".into(), 1000)
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
    s.add_challenge("t2".into(), "alice".into(), 1000)
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
