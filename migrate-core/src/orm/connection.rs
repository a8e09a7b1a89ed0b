//! [`Connection`]: a [`Database`] with prepared-statement caching,
//! transactions and the statement runner the rest of the ORM goes through.

use super::error::{Error, Result};
use super::errors::{Context, map_postgres, map_sqlite};
use super::row::Row;
use super::value::Value;
use crate::db::Database;
use crate::dialect::Dialect;
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

/// How many prepared statements a PostgreSQL connection keeps (rusqlite
/// keeps its own cache; see [`Connection::open`]).
const POSTGRES_CACHE_SIZE: usize = 256;

/// A connection for the ORM, to SQLite or PostgreSQL.
///
/// Every statement the ORM runs is prepared once per connection and cached
/// by its SQL text (rusqlite's `prepare_cached` on SQLite, a map of
/// `postgres::Statement`s on PostgreSQL), so running the same query again
/// costs only its binding and its rows.
///
/// ```
/// use migrate_core::orm::Connection;
///
/// let mut conn = Connection::open("sqlite::memory:")?;
/// conn.execute("CREATE TABLE t (x integer)", &[])?;
/// let n = conn.transaction(|tx| tx.execute("INSERT INTO t VALUES (?1)", &[7_i64.into()]))?;
/// assert_eq!(n, 1);
/// # Ok::<(), migrate_core::orm::Error>(())
/// ```
pub struct Connection {
    db: Database,
    statements: HashMap<String, postgres::Statement>,
    depth: u32,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Connection({})", self.dialect().name())
    }
}

impl Connection {
    /// Connects to `url`, one of the URLs the CLI takes:
    /// `sqlite://relative.db`, `sqlite:///absolute.db`, `sqlite::memory:`,
    /// `postgres://user:pass@host:port/db` (or `postgresql://`).
    ///
    /// On SQLite, foreign keys are enforced (`PRAGMA foreign_keys = ON`) and
    /// the statement cache holds 64 statements.
    pub fn open(url: &str) -> Result<Connection> {
        Connection::new(Database::connect(url)?)
    }

    /// Wraps an open [`Database`] (see [`Connection::open`] for the SQLite
    /// settings it makes).
    pub fn new(mut db: Database) -> Result<Connection> {
        if let Database::Sqlite(c) = &mut db {
            c.execute_batch("PRAGMA foreign_keys = ON")?;
            c.set_prepared_statement_cache_capacity(64);
        }
        Ok(Connection {
            db,
            statements: HashMap::new(),
            depth: 0,
        })
    }

    /// The dialect of the database.
    pub fn dialect(&self) -> Dialect {
        self.db.dialect()
    }

    /// The underlying [`Database`] (introspection, operations).
    pub fn database(&mut self) -> &mut Database {
        &mut self.db
    }

    /// The rusqlite connection, for what the ORM does not cover; `None` on
    /// PostgreSQL.
    pub fn sqlite(&mut self) -> Option<&mut rusqlite::Connection> {
        match &mut self.db {
            Database::Sqlite(c) => Some(c),
            Database::Postgres(_) => None,
        }
    }

    /// The postgres client, for what the ORM does not cover; `None` on
    /// SQLite.
    pub fn postgres(&mut self) -> Option<&mut postgres::Client> {
        match &mut self.db {
            Database::Postgres(c) => Some(c),
            Database::Sqlite(_) => None,
        }
    }

    /// The [`Database`] back, closing the statement cache.
    pub fn into_database(self) -> Database {
        self.db
    }

    /// Whether a [`transaction`](Connection::transaction) is open.
    pub fn in_transaction(&self) -> bool {
        self.depth > 0
    }

    /// Runs `f` in a transaction: committed when it returns `Ok`, rolled
    /// back when it returns `Err` or panics (the panic then continues).
    ///
    /// Called inside another transaction, it opens a savepoint instead, so
    /// an inner failure undoes only the inner work; on PostgreSQL that is
    /// also how to go on after a failed statement. On SQLite the outer
    /// transaction takes the write lock at once (`BEGIN IMMEDIATE`), which
    /// avoids the deadlock of two readers that both want to write.
    ///
    /// `f`'s error type only has to accept the ORM's errors (`anyhow::Error`
    /// and `migrate_core::orm::Error` both do).
    pub fn transaction<T, E: From<Error>>(
        &mut self,
        f: impl FnOnce(&mut Connection) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let depth = self.depth;
        let (begin, commit, rollback) = if depth == 0 {
            let begin = match self.dialect() {
                Dialect::Sqlite => "BEGIN IMMEDIATE".to_string(),
                Dialect::Postgres => "BEGIN".to_string(),
            };
            (begin, "COMMIT".to_string(), "ROLLBACK".to_string())
        } else {
            let name = format!("migrate_orm_{depth}");
            (
                format!("SAVEPOINT {name}"),
                format!("RELEASE SAVEPOINT {name}"),
                format!("ROLLBACK TO SAVEPOINT {name}; RELEASE SAVEPOINT {name}"),
            )
        };
        self.batch(&begin)?;
        self.depth += 1;
        let outcome = catch_unwind(AssertUnwindSafe(|| f(self)));
        self.depth = depth;
        match outcome {
            Ok(Ok(value)) => match self.batch(&commit) {
                Ok(()) => Ok(value),
                Err(e) => {
                    // A failed COMMIT (a deferred constraint) may leave the
                    // transaction open on SQLite.
                    let _ = self.batch(&rollback);
                    Err(e.into())
                }
            },
            Ok(Err(e)) => {
                let _ = self.batch(&rollback);
                Err(e)
            }
            Err(panic) => {
                let _ = self.batch(&rollback);
                resume_unwind(panic)
            }
        }
    }

    /// Runs statements with no parameters and no result (`;`-separated).
    fn batch(&mut self, sql: &str) -> Result<()> {
        match &mut self.db {
            Database::Sqlite(c) => c
                .execute_batch(sql)
                .map_err(|e| map_sqlite(e, sql, &Context::none())),
            Database::Postgres(c) => c
                .batch_execute(sql)
                .map_err(|e| map_postgres(e, sql, &Context::none())),
        }
    }

    /// Runs one statement of your own with parameters (`?1`, `?2` on SQLite,
    /// `$1`, `$2` on PostgreSQL) and returns the number of rows it changed.
    pub fn execute(&mut self, sql: &str, params: &[Value<'_>]) -> Result<u64> {
        self.run(sql, params, &Context::none())
    }

    /// Runs `sql` (cached) with `params` and returns the rows it changed.
    pub(crate) fn run(&mut self, sql: &str, params: &[Value<'_>], cx: &Context<'_>) -> Result<u64> {
        match &mut self.db {
            Database::Sqlite(c) => {
                let fail = |e| map_sqlite(e, sql, cx);
                let mut stmt = sqlite_bound(c, sql, params, cx)?;
                Ok(stmt.raw_execute().map_err(fail)? as u64)
            }
            Database::Postgres(client) => {
                let fail = |e| map_postgres(e, sql, cx);
                let stmt = cached(client, &mut self.statements, sql).map_err(fail)?;
                client.execute(&stmt, &dyn_params(params)).map_err(fail)
            }
        }
    }

    /// Runs `sql` (cached) with `params` and calls `each` for every row.
    pub(crate) fn query(
        &mut self,
        sql: &str,
        params: &[Value<'_>],
        cx: &Context<'_>,
        mut each: impl FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        match &mut self.db {
            Database::Sqlite(c) => {
                let fail = |e| map_sqlite(e, sql, cx);
                let mut stmt = sqlite_bound(c, sql, params, cx)?;
                let mut rows = stmt.raw_query();
                while let Some(row) = rows.next().map_err(fail)? {
                    each(&Row::Sqlite(row))?;
                }
                Ok(())
            }
            Database::Postgres(client) => {
                let fail = |e| map_postgres(e, sql, cx);
                let stmt = cached(client, &mut self.statements, sql).map_err(fail)?;
                // One round of the driver's runtime for the whole result
                // (streaming with `query_raw` costs one per row, which a
                // get by key notices).
                for row in client.query(&stmt, &dyn_params(params)).map_err(fail)? {
                    each(&Row::Postgres(&row))?;
                }
                Ok(())
            }
        }
    }
}

/// The cached SQLite statement for `sql` with `params` bound; a value that
/// cannot be bound names its parameter.
fn sqlite_bound<'c>(
    c: &'c rusqlite::Connection,
    sql: &str,
    params: &[Value<'_>],
    cx: &Context<'_>,
) -> Result<rusqlite::CachedStatement<'c>> {
    let mut stmt = c.prepare_cached(sql).map_err(|e| map_sqlite(e, sql, cx))?;
    for (i, v) in params.iter().enumerate() {
        stmt.raw_bind_parameter(i + 1, v)
            .map_err(|e| map_sqlite(e, sql, &cx.at_param(i)))?;
    }
    Ok(stmt)
}

/// The parameters as the postgres driver takes them.
fn dyn_params<'a>(params: &'a [Value<'_>]) -> Vec<&'a (dyn postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|v| v as &(dyn postgres::types::ToSql + Sync))
        .collect()
}

/// The prepared statement for `sql`, from the cache or newly prepared.
fn cached(
    client: &mut postgres::Client,
    cache: &mut HashMap<String, postgres::Statement>,
    sql: &str,
) -> std::result::Result<postgres::Statement, postgres::Error> {
    if let Some(stmt) = cache.get(sql) {
        return Ok(stmt.clone());
    }
    let stmt = client.prepare(sql)?;
    if cache.len() >= POSTGRES_CACHE_SIZE {
        cache.clear();
    }
    cache.insert(sql.to_owned(), stmt.clone());
    Ok(stmt)
}
