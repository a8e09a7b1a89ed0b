//! [`Cache`]: prepared statements by their SQL, and [`Sql`], which says
//! whether that SQL lives as long as the program.
//!
//! A model's own statements (get, insert, update, delete) are built once
//! and kept in a `static`, so their text never moves: they are found by
//! address, which costs a multiplication, not a hash of the whole text.
//! Statements built for one call (the query builder's) are found by text.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, Hasher};

/// How many statements built for one call a cache keeps, and how much of
/// their text, before it starts over (a batch insert's text runs to tens of
/// kilobytes). A model's own statements are bounded by the program's models
/// and are always kept.
const BUILT_CAPACITY: usize = 128;
const BUILT_TEXT_CAPACITY: usize = 1 << 20;

/// The SQL of a statement to run.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Sql<'a> {
    /// Text that lives as long as the program (a model's statements).
    Fixed(&'static str),
    /// Text built for this call.
    Built(&'a str),
}

impl<'a> Sql<'a> {
    /// The text.
    pub(crate) fn text(self) -> &'a str {
        match self {
            Sql::Fixed(s) => s,
            Sql::Built(s) => s,
        }
    }
}

/// Prepared statements of type `S`, by the SQL they were prepared from.
pub(crate) struct Cache<S> {
    fixed: HashMap<(usize, usize), S, BuildHasherDefault<AddressHasher>>,
    built: HashMap<Box<str>, S>,
    /// The length of the texts in `built`, together.
    built_text: usize,
}

impl<S> Default for Cache<S> {
    fn default() -> Self {
        Cache {
            fixed: HashMap::default(),
            built: HashMap::new(),
            built_text: 0,
        }
    }
}

impl<S> Cache<S> {
    /// The statement for `sql`, prepared by `prepare` the first time.
    pub(crate) fn get_or_prepare<E>(
        &mut self,
        sql: Sql<'_>,
        prepare: impl FnOnce(&str) -> Result<S, E>,
    ) -> Result<&mut S, E> {
        match sql {
            Sql::Fixed(text) => match self.fixed.entry((text.as_ptr() as usize, text.len())) {
                Entry::Occupied(e) => Ok(e.into_mut()),
                Entry::Vacant(e) => Ok(e.insert(prepare(text)?)),
            },
            Sql::Built(text) => {
                if !self.built.contains_key(text) {
                    let stmt = prepare(text)?;
                    if self.built.len() >= BUILT_CAPACITY
                        || self.built_text + text.len() > BUILT_TEXT_CAPACITY
                    {
                        self.built.clear();
                        self.built_text = 0;
                    }
                    self.built_text += text.len();
                    self.built.insert(text.into(), stmt);
                }
                Ok(self.built.get_mut(text).expect("just inserted"))
            }
        }
    }
}

impl<S> Cache<S> {
    /// Forgets the statement for `sql` (it is prepared again when next
    /// asked for).
    pub(crate) fn remove(&mut self, sql: Sql<'_>) {
        match sql {
            Sql::Fixed(text) => {
                self.fixed.remove(&(text.as_ptr() as usize, text.len()));
            }
            Sql::Built(text) => {
                if self.built.remove(text).is_some() {
                    self.built_text -= text.len();
                }
            }
        }
    }
}

/// Hashes the (address, length) key of a fixed text: the address alone is
/// already unique, so one multiply spreads it over the table.
#[derive(Default)]
pub(crate) struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_texts_are_found_by_address_and_built_ones_by_text() {
        static A: &str = "SELECT 1";
        let mut cache: Cache<u32> = Cache::default();
        let mut prepared = 0;
        let mut prepare = |_: &str| -> Result<u32, ()> {
            prepared += 1;
            Ok(prepared)
        };
        assert_eq!(
            *cache.get_or_prepare(Sql::Fixed(A), &mut prepare).unwrap(),
            1
        );
        assert_eq!(
            *cache.get_or_prepare(Sql::Fixed(A), &mut prepare).unwrap(),
            1
        );
        // The same text built at run time is another entry, found by text.
        let built = String::from("SELECT 1");
        assert_eq!(
            *cache
                .get_or_prepare(Sql::Built(&built), &mut prepare)
                .unwrap(),
            2
        );
        let again = built.clone();
        assert_eq!(
            *cache
                .get_or_prepare(Sql::Built(&again), &mut prepare)
                .unwrap(),
            2
        );
        // A failed prepare caches nothing.
        let failed = cache.get_or_prepare(Sql::Built("SELECT 2"), |_| Err(()));
        assert!(failed.is_err());
        assert_eq!(
            *cache
                .get_or_prepare(Sql::Built("SELECT 2"), &mut prepare)
                .unwrap(),
            3
        );
        assert_eq!((cache.fixed.len(), cache.built.len()), (1, 2));
        cache.remove(Sql::Fixed(A));
        cache.remove(Sql::Built(&built));
        assert_eq!((cache.fixed.len(), cache.built.len()), (0, 1));
        assert_eq!(
            *cache.get_or_prepare(Sql::Fixed(A), &mut prepare).unwrap(),
            4
        );
    }

    #[test]
    fn built_statements_start_over_when_full() {
        let mut cache: Cache<usize> = Cache::default();
        for i in 0..=BUILT_CAPACITY {
            let text = format!("SELECT {i}");
            cache
                .get_or_prepare(Sql::Built(&text), |_| Ok::<_, ()>(i))
                .unwrap();
        }
        assert_eq!(cache.built.len(), 1);

        // Long texts (a batch insert's) fill it sooner.
        let long = "x".repeat(BUILT_TEXT_CAPACITY / 2);
        for i in 0..3 {
            let text = format!("{long}{i}");
            cache
                .get_or_prepare(Sql::Built(&text), |_| Ok::<_, ()>(i))
                .unwrap();
        }
        assert!(cache.built_text <= BUILT_TEXT_CAPACITY);
        assert_eq!(cache.built.len(), 1);
    }
}
