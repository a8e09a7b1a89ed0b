//! [`Connection`]: a [`Database`] with prepared-statement caching,
//! transactions and the statement runner the rest of the ORM goes through.

use super::cache::{Cache, Sql};
use super::error::{Error, Result};
use super::errors::{Context, is_stale_plan, locate_sqlite_foreign_key, map_postgres, map_sqlite};
use super::row::Row;
use super::value::Value;
use crate::db::Database;
use crate::dialect::Dialect;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

/// A connection for the ORM, to SQLite or PostgreSQL.
///
/// Every statement the ORM runs is prepared once per connection and kept:
/// a model's own statements (get, insert, update, delete) are found by the
/// address of their text, those the query builder writes by their text. So
/// running the same statement again costs only its binding and its rows,
/// as with a statement prepared by hand.
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
    link: Link,
    postgres: Cache<postgres::Statement>,
    depth: u32,
}

/// The database, in one of two forms.
// One per connection: its size does not matter, and boxing the plain
// form would cost an allocation at every switch.
#[allow(clippy::large_enum_variant)]
enum Link {
    /// As the user handed it over (and as [`Connection::database`] hands
    /// it out): nothing borrows it.
    Plain(Database),
    /// SQLite, with the statements prepared on it.
    Sqlite(SqliteLink),
    /// Only for the moment the link changes form (which cannot fail).
    Switching,
}

/// What a [`SqliteLink`] keeps: statements that borrow its connection.
type Kept<'c> = Cache<rusqlite::Statement<'c>>;

self_cell::self_cell!(
    /// A SQLite connection and the statements prepared on it (a rusqlite
    /// `Statement` borrows its connection, so the two live in one cell).
    struct SqliteLink {
        owner: rusqlite::Connection,
        #[covariant]
        dependent: Kept,
    }
);

// SAFETY: a `rusqlite::Connection` is `Send`; a `rusqlite::Statement` is not
// only because it holds a `&Connection`. Every statement in the cell borrows
// the connection of the same cell, and the cell moves as a whole: nothing
// left on the old thread can reach either. (rusqlite's own statement cache
// lives inside its `Send` connection on the same terms.)
#[allow(unsafe_code)]
unsafe impl Send for SqliteLink {}

/// The driver and its statement cache, borrowed together.
/// (`'c` is the borrow of the connection, `'k` that of the cache.)
enum Driver<'k, 'c> {
    Sqlite(&'c rusqlite::Connection, &'k mut Kept<'c>),
    Postgres(&'k mut postgres::Client, &'k mut Cache<postgres::Statement>),
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
    /// On SQLite, foreign keys are enforced (`PRAGMA foreign_keys = ON`).
    pub fn open(url: &str) -> Result<Connection> {
        Connection::new(Database::connect(url)?)
    }

    /// Wraps an open [`Database`] (see [`Connection::open`] for the SQLite
    /// setting it makes).
    pub fn new(db: Database) -> Result<Connection> {
        if let Database::Sqlite(c) = &db {
            c.execute_batch("PRAGMA foreign_keys = ON")?;
        }
        Ok(Connection {
            link: Link::Plain(db),
            postgres: Cache::default(),
            depth: 0,
        })
    }

    /// The dialect of the database.
    pub fn dialect(&self) -> Dialect {
        match &self.link {
            Link::Plain(db) => db.dialect(),
            Link::Sqlite(_) => Dialect::Sqlite,
            Link::Switching => switching(),
        }
    }

    /// The underlying [`Database`] (introspection, operations).
    ///
    /// The ORM's prepared SQLite statements are dropped first (they borrow
    /// the connection); they are prepared again when next needed. Its
    /// PostgreSQL statements are kept: to talk to another database, make
    /// another `Connection` rather than replacing this one's.
    pub fn database(&mut self) -> &mut Database {
        if let Link::Sqlite(_) = self.link {
            self.link = match std::mem::replace(&mut self.link, Link::Switching) {
                Link::Sqlite(cell) => Link::Plain(Database::Sqlite(cell.into_owner())),
                _ => switching(),
            };
        }
        match &mut self.link {
            Link::Plain(db) => db,
            _ => switching(),
        }
    }

    /// The rusqlite connection, for what the ORM does not cover; `None` on
    /// PostgreSQL. (As with [`database`](Connection::database), the ORM's
    /// prepared statements are dropped first.)
    pub fn sqlite(&mut self) -> Option<&mut rusqlite::Connection> {
        match self.database() {
            Database::Sqlite(c) => Some(c),
            Database::Postgres(_) => None,
        }
    }

    /// The postgres client, for what the ORM does not cover; `None` on
    /// SQLite.
    pub fn postgres(&mut self) -> Option<&mut postgres::Client> {
        match self.database() {
            Database::Postgres(c) => Some(c),
            Database::Sqlite(_) => None,
        }
    }

    /// The [`Database`] back, closing the prepared statements.
    pub fn into_database(self) -> Database {
        match self.link {
            Link::Plain(db) => db,
            Link::Sqlite(cell) => Database::Sqlite(cell.into_owner()),
            Link::Switching => switching(),
        }
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

    /// Calls `f` with the driver and its statement cache (on SQLite, the
    /// cell that keeps statements is made on first use).
    fn with_driver<R>(&mut self, f: impl FnOnce(Driver<'_, '_>) -> R) -> R {
        if let Link::Plain(Database::Sqlite(_)) = self.link {
            self.link = match std::mem::replace(&mut self.link, Link::Switching) {
                Link::Plain(Database::Sqlite(c)) => {
                    Link::Sqlite(SqliteLink::new(c, |_| Cache::default()))
                }
                _ => switching(),
            };
        }
        match &mut self.link {
            Link::Sqlite(cell) => cell.with_dependent_mut(|c, kept| f(Driver::Sqlite(c, kept))),
            Link::Plain(Database::Postgres(c)) => f(Driver::Postgres(c, &mut self.postgres)),
            _ => switching(),
        }
    }

    /// Runs statements with no parameters and no result (`;`-separated).
    fn batch(&mut self, sql: &str) -> Result<()> {
        self.with_driver(|driver| match driver {
            Driver::Sqlite(c, _) => c
                .execute_batch(sql)
                .map_err(|e| map_sqlite(e, sql, &Context::none())),
            Driver::Postgres(c, _) => c
                .batch_execute(sql)
                .map_err(|e| map_postgres(e, sql, &Context::none())),
        })
    }

    /// Runs one statement of your own with parameters (`?1`, `?2` on SQLite,
    /// `$1`, `$2` on PostgreSQL) and returns the number of rows it changed.
    /// It is prepared once and kept, like the ORM's own.
    pub fn execute(&mut self, sql: &str, params: &[Value<'_>]) -> Result<u64> {
        self.run(Sql::Built(sql), params, &Context::none())
    }

    /// The rowid of the last row inserted on SQLite; `None` on PostgreSQL.
    pub(crate) fn last_insert_rowid(&self) -> Option<i64> {
        match &self.link {
            Link::Sqlite(cell) => Some(cell.borrow_owner().last_insert_rowid()),
            Link::Plain(Database::Sqlite(c)) => Some(c.last_insert_rowid()),
            Link::Plain(Database::Postgres(_)) => None,
            Link::Switching => switching(),
        }
    }

    /// Runs `sql` (cached) with `params` and returns the rows it changed.
    pub(crate) fn run(
        &mut self,
        sql: Sql<'_>,
        params: &[Value<'_>],
        cx: &Context<'_>,
    ) -> Result<u64> {
        let in_transaction = self.in_transaction();
        self.with_driver(|driver| match driver {
            Driver::Sqlite(c, cache) => {
                let stmt = sqlite_bound(c, cache, sql, params, cx)?;
                let changed = stmt
                    .raw_execute()
                    .map_err(|e| failed(c, e, sql, cx, params))?;
                Ok(changed as u64)
            }
            Driver::Postgres(client, cache) => {
                let params = dyn_params(params);
                postgres_kept(client, cache, sql, in_transaction, |client, stmt| {
                    client.execute(stmt, &params)
                })
                .map_err(|e| map_postgres(e, sql.text(), cx))
            }
        })
    }

    /// Runs `sql` (cached) with `params` and calls `each` for every row.
    pub(crate) fn query(
        &mut self,
        sql: Sql<'_>,
        params: &[Value<'_>],
        cx: &Context<'_>,
        mut each: impl FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        let in_transaction = self.in_transaction();
        self.with_driver(|driver| match driver {
            Driver::Sqlite(c, cache) => {
                let stmt = sqlite_bound(c, cache, sql, params, cx)?;
                let mut rows = stmt.raw_query();
                while let Some(row) = rows.next().map_err(|e| failed(c, e, sql, cx, params))? {
                    each(&Row::Sqlite(row))?;
                }
                Ok(())
            }
            Driver::Postgres(client, cache) => {
                let params = dyn_params(params);
                // One round of the driver's runtime for the whole result
                // (streaming with `query_raw` costs one per row, which a
                // get by key notices).
                let rows = postgres_kept(client, cache, sql, in_transaction, |client, stmt| {
                    client.query(stmt, &params)
                })
                .map_err(|e| map_postgres(e, sql.text(), cx))?;
                for row in &rows {
                    each(&Row::Postgres(row))?;
                }
                Ok(())
            }
        })
    }
}

/// Runs `call` with the kept PostgreSQL statement for `sql`, preparing it
/// the first time.
///
/// A schema change since the statement was prepared (a column's type
/// altered by a migration while the application runs) makes PostgreSQL
/// refuse it: "cached plan must not change result type". The statement is
/// then dropped and prepared again: at once outside a transaction, at the
/// next call inside one (the failure has aborted that transaction).
fn postgres_kept<T>(
    client: &mut postgres::Client,
    cache: &mut Cache<postgres::Statement>,
    sql: Sql<'_>,
    in_transaction: bool,
    mut call: impl FnMut(
        &mut postgres::Client,
        &postgres::Statement,
    ) -> std::result::Result<T, postgres::Error>,
) -> std::result::Result<T, postgres::Error> {
    let mut retried = false;
    loop {
        let stmt = cache
            .get_or_prepare(sql, |text| client.prepare(text))?
            .clone();
        match call(client, &stmt) {
            Err(e) if is_stale_plan(&e) => {
                cache.remove(sql);
                if in_transaction || retried {
                    return Err(e);
                }
                retried = true;
            }
            outcome => return outcome,
        }
    }
}

/// The cached SQLite statement for `sql` with `params` bound; a value that
/// cannot be bound names its parameter.
fn sqlite_bound<'k, 'c>(
    c: &'c rusqlite::Connection,
    cache: &'k mut Kept<'c>,
    sql: Sql<'_>,
    params: &[Value<'_>],
    cx: &Context<'_>,
) -> Result<&'k mut rusqlite::Statement<'c>> {
    let fail = |e| map_sqlite(e, sql.text(), cx);
    let stmt = cache
        .get_or_prepare(sql, |text| {
            c.prepare_with_flags(text, rusqlite::PrepFlags::SQLITE_PREPARE_PERSISTENT)
        })
        .map_err(fail)?;
    // Every parameter is bound on every run: a kept statement must not
    // reuse a value from the run before.
    if stmt.parameter_count() != params.len() {
        return Err(fail(rusqlite::Error::InvalidParameterCount(
            params.len(),
            stmt.parameter_count(),
        )));
    }
    for (i, v) in params.iter().enumerate() {
        stmt.raw_bind_parameter(i + 1, v)
            .map_err(|e| map_sqlite(e, sql.text(), &cx.at_param(i)))?;
    }
    Ok(stmt)
}

/// The error of a SQLite statement that failed while running, with the
/// foreign key named where SQLite does not.
#[cold]
fn failed(
    c: &rusqlite::Connection,
    e: rusqlite::Error,
    sql: Sql<'_>,
    cx: &Context<'_>,
    params: &[Value<'_>],
) -> Error {
    locate_sqlite_foreign_key(c, map_sqlite(e, sql.text(), cx), cx, params)
}

/// A [`Link`] is only `Switching` within one call that cannot fail.
fn switching() -> ! {
    unreachable!("a connection link is switching form only within one call")
}

/// The parameters as the postgres driver takes them.
fn dyn_params<'a>(params: &'a [Value<'_>]) -> Vec<&'a (dyn postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|v| v as &(dyn postgres::types::ToSql + Sync))
        .collect()
}
