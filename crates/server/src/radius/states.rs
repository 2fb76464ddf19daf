//! The States of the Access-Challenges this node sent: 16 random octets each, bound to the
//! user, single use, valid for [`STATE_LIFETIME_MS`]; at most [`MAX_STATES`] are kept (the
//! oldest go first), so a flood of challenges cannot grow memory.
use crate::keys::random;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// How long a challenge may be answered (a NAS round trip, not an enrolment by e-mail).
pub const STATE_LIFETIME_MS: u64 = 60_000;
/// States kept at most.
pub const MAX_STATES: usize = 65_536;

#[derive(Default)]
struct Table {
    map: HashMap<[u8; 16], (String, u64)>,
    order: VecDeque<([u8; 16], u64)>,
}

#[derive(Default)]
pub struct States {
    inner: Mutex<Table>,
}

impl Table {
    fn purge(&mut self, now_ms: u64) {
        while let Some((state, issued)) = self.order.front().copied() {
            let expired = now_ms.saturating_sub(issued) >= STATE_LIFETIME_MS;
            if !expired && self.order.len() <= MAX_STATES {
                break;
            }
            self.order.pop_front();
            if self.map.get(&state).is_some_and(|(_, at)| *at == issued) {
                self.map.remove(&state);
            }
        }
    }
}

impl States {
    /// A new State for `user`.
    pub fn issue(&self, user: &str, now_ms: u64) -> [u8; 16] {
        let mut state = [0u8; 16];
        random(&mut state);
        let mut t = self.inner.lock().expect("not poisoned");
        t.map.insert(state, (user.to_owned(), now_ms));
        t.order.push_back((state, now_ms));
        t.purge(now_ms);
        state
    }

    /// Uses up `state` if this node issued it for `user` and it has not expired. A State named
    /// with another user stays as it was (it is not that user's to spend).
    pub fn take(&self, state: &[u8], user: &str, now_ms: u64) -> bool {
        let Ok(key) = <[u8; 16]>::try_from(state) else {
            return false;
        };
        let mut t = self.inner.lock().expect("not poisoned");
        t.purge(now_ms);
        match t.map.get(&key) {
            Some((owner, _)) if owner == user => {
                t.map.remove(&key);
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_is_single_use_bound_to_its_user_and_expires() {
        let s = States::default();
        let a = s.issue("alice", 0);
        let b = s.issue("bob", 0);
        assert_ne!(a, b);
        assert!(!s.take(&a, "bob", 1), "another user's State");
        assert!(!s.take(&a[..15], "alice", 1), "a shorter State");
        assert!(s.take(&a, "alice", 2));
        assert!(!s.take(&a, "alice", 3), "used already");
        assert!(!s.take(&b, "bob", STATE_LIFETIME_MS), "expired");
        let c = s.issue("carol", 10);
        assert!(s.take(&c, "carol", 10 + STATE_LIFETIME_MS - 1));
    }
}
