//! The server's duplicate-request cache (RFC 5080 §2.2.2), pure: the caller supplies the key
//! (source address, port, Identifier, socket), the Request Authenticator and the time.
//! Essential for OTPs: a retransmitted request whose eToken was just accepted must get the same
//! Access-Accept again, not "previous otp used again".
use std::collections::{HashMap, VecDeque};
use std::hash::Hash;

/// What to do with an arriving request (after its Message-Authenticator verified).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// Not seen (or seen with another Request Authenticator, or expired): process it. The cache
    /// now holds it as in progress.
    New,
    /// A duplicate of a request still being processed: silently discard.
    InProgress,
    /// A duplicate of an answered request: re-send these bytes without processing.
    Answered(Vec<u8>),
}

struct Entry {
    ra: [u8; 16],
    reply: Option<Vec<u8>>,
    at_ms: u64,
    generation: u64,
}

/// Key → {RA, reply or in progress, time}; entries live `ttl_ms` (RFC 5080: 5..=30 s) and at
/// most `capacity` are kept (the oldest go first), so a flood cannot grow memory.
pub struct DuplicateCache<K> {
    entries: HashMap<K, Entry>,
    order: VecDeque<(K, u64)>,
    ttl_ms: u64,
    capacity: usize,
    next_generation: u64,
}

impl<K: Hash + Eq + Clone> DuplicateCache<K> {
    pub fn new(ttl_ms: u64, capacity: usize) -> Self {
        Self {
            entries: HashMap::new(),
            order: VecDeque::new(),
            ttl_ms,
            capacity: capacity.max(1),
            next_generation: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Drop expired entries, and the oldest beyond the capacity.
    fn purge(&mut self, now_ms: u64) {
        while let Some((key, generation)) = self.order.front().cloned() {
            let live = self
                .entries
                .get(&key)
                .filter(|e| e.generation == generation);
            let expired = live.is_some_and(|e| now_ms.saturating_sub(e.at_ms) >= self.ttl_ms);
            let stale = live.is_none();
            if stale || expired || self.entries.len() > self.capacity {
                self.order.pop_front();
                if !stale {
                    self.entries.remove(&key);
                }
            } else {
                break;
            }
        }
    }

    /// Look a request up; a new one is recorded as in progress.
    pub fn check(&mut self, key: &K, ra: &[u8; 16], now_ms: u64) -> Lookup {
        self.purge(now_ms);
        if let Some(e) = self.entries.get(key)
            && e.ra == *ra
        {
            return match &e.reply {
                Some(bytes) => Lookup::Answered(bytes.clone()),
                None => Lookup::InProgress,
            };
        }
        // Same key, another RA: a new request replaces the old entry.
        let generation = self.next_generation;
        self.next_generation += 1;
        self.entries.insert(
            key.clone(),
            Entry {
                ra: *ra,
                reply: None,
                at_ms: now_ms,
                generation,
            },
        );
        self.order.push_back((key.clone(), generation));
        self.purge(now_ms);
        Lookup::New
    }

    /// Store the reply sent for the request (key, ra), if it is still the cached one.
    pub fn answer(&mut self, key: &K, ra: &[u8; 16], reply: Vec<u8>) {
        if let Some(e) = self.entries.get_mut(key)
            && e.ra == *ra
        {
            e.reply = Some(reply);
        }
    }

    /// Forget a request that was dropped without a reply (so a retransmission is processed).
    pub fn abandon(&mut self, key: &K, ra: &[u8; 16]) {
        if self.entries.get(key).is_some_and(|e| e.ra == *ra) {
            self.entries.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_get_the_cached_reply_and_new_ras_are_new() {
        let mut c = DuplicateCache::new(30_000, 16);
        let k = ("127.0.0.1", 4000u16, 7u8);
        assert_eq!(c.check(&k, &[1; 16], 0), Lookup::New);
        assert_eq!(c.check(&k, &[1; 16], 10), Lookup::InProgress);
        c.answer(&k, &[1; 16], b"reply".to_vec());
        assert_eq!(
            c.check(&k, &[1; 16], 20),
            Lookup::Answered(b"reply".to_vec())
        );
        // Same source and Identifier, another Request Authenticator: a new request.
        assert_eq!(c.check(&k, &[2; 16], 30), Lookup::New);
        assert_eq!(c.check(&k, &[1; 16], 40), Lookup::New);
    }

    #[test]
    fn entries_expire_and_the_capacity_holds() {
        let mut c = DuplicateCache::new(30_000, 2);
        let ra = [9; 16];
        assert_eq!(c.check(&1u8, &ra, 0), Lookup::New);
        c.answer(&1u8, &ra, vec![1]);
        assert_eq!(c.check(&1u8, &ra, 29_999), Lookup::Answered(vec![1]));
        assert_eq!(c.check(&1u8, &ra, 30_000), Lookup::New);
        for k in 2u8..10 {
            assert_eq!(c.check(&k, &ra, 30_001), Lookup::New);
            assert!(c.len() <= 2);
        }
        c.abandon(&9u8, &ra);
        assert_eq!(c.check(&9u8, &ra, 30_002), Lookup::New);
    }
}
