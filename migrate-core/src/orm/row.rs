//! [`Row`]: one result row of either driver, read column by column.

use super::value::{ValueError, ValueRef};

/// A result row, on SQLite or PostgreSQL.
pub enum Row<'r> {
    /// A rusqlite row.
    Sqlite(&'r rusqlite::Row<'r>),
    /// A postgres row.
    Postgres(&'r postgres::Row),
}

impl Row<'_> {
    /// The value of column `index` (from 0).
    #[inline]
    pub fn get(&self, index: usize) -> Result<ValueRef<'_>, ValueError> {
        match self {
            Row::Sqlite(row) => {
                let v = row.get_ref(index).map_err(|e| ValueError(e.to_string()))?;
                super::sqlite::value_ref(v)
            }
            Row::Postgres(row) => {
                row.try_get::<_, ValueRef<'_>>(index)
                    .map_err(|e| {
                        match std::error::Error::source(&e)
                            .and_then(|s| s.downcast_ref::<ValueError>())
                        {
                            Some(v) => v.clone(),
                            None => ValueError(e.to_string()),
                        }
                    })
            }
        }
    }
}
