//! A live database connection of either dialect: connect by URL, read the
//! schema, run statements and operations.

use crate::dialect::{Dialect, IntrospectOptions, quote_ident};
use crate::error::{Error, Result, pg_message};
use crate::ops::Operation;
use crate::revision::Executor;
use crate::runner::LiveExecutor;
use crate::schema::Schema;
use crate::url::DbUrl;

/// A connection to SQLite or PostgreSQL.
pub enum Database {
    /// SQLite.
    Sqlite(rusqlite::Connection),
    /// PostgreSQL.
    Postgres(postgres::Client),
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Database({})", self.dialect().name())
    }
}

impl Database {
    /// Connects to `url`. Errors name the URL with its password masked.
    pub fn connect(url: &str) -> Result<Database> {
        let parsed = DbUrl::parse(url)?;
        Self::connect_parsed(&parsed)
    }

    /// Connects to a parsed URL.
    pub fn connect_parsed(url: &DbUrl) -> Result<Database> {
        let fail = |reason: String| Error::Connect {
            url: url.to_string(),
            reason,
        };
        match url {
            DbUrl::SqliteMemory => Ok(Database::Sqlite(sqlite_setup(
                rusqlite::Connection::open_in_memory()?,
            )?)),
            DbUrl::SqliteFile(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
                    && !dir.is_dir()
                {
                    return Err(fail(format!(
                        "directory {} does not exist; create it first",
                        dir.display()
                    )));
                }
                let conn = rusqlite::Connection::open(path).map_err(|e| fail(e.to_string()))?;
                conn.busy_timeout(std::time::Duration::from_secs(30))?;
                Ok(Database::Sqlite(sqlite_setup(conn)?))
            }
            DbUrl::Postgres(text) => {
                let mut config: postgres::Config = text
                    .parse()
                    .map_err(|e: postgres::Error| fail(e.to_string()))?;
                if config.get_connect_timeout().is_none() {
                    config.connect_timeout(std::time::Duration::from_secs(10));
                }
                let client = config
                    .connect(postgres::NoTls)
                    .map_err(|e| fail(connect_reason(&e)))?;
                Ok(Database::Postgres(client))
            }
        }
    }

    /// The dialect of this connection.
    pub fn dialect(&self) -> Dialect {
        match self {
            Database::Sqlite(_) => Dialect::Sqlite,
            Database::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Reads the live schema, leaving out `options.exclude`.
    pub fn introspect(&mut self, options: &IntrospectOptions) -> Result<Schema> {
        match self {
            Database::Sqlite(c) => crate::dialect::sqlite::introspect(c, options),
            Database::Postgres(c) => crate::dialect::postgres::introspect(c, options),
        }
    }

    /// Runs one statement (no result rows). A failure names the statement.
    pub fn execute(&mut self, sql: &str) -> Result<()> {
        let res = match self {
            Database::Sqlite(c) => c.execute_batch(sql).map_err(|e| e.to_string()),
            Database::Postgres(c) => c.batch_execute(sql).map_err(|e| pg_message(&e)),
        };
        res.map_err(|message| Error::Statement {
            message,
            statement: sql.to_string(),
        })
    }

    /// Applies `ops` in one transaction: all of them or none.
    pub fn apply(&mut self, ops: &[Operation], options: &IntrospectOptions) -> Result<()> {
        self.transaction(|db| {
            let mut exec = LiveExecutor::new(db, options.clone());
            for op in ops {
                exec.run(op.clone())?;
            }
            Ok(())
        })
    }

    /// Runs `f` in one transaction: committed when it returns `Ok`, rolled
    /// back when it fails. On SQLite, foreign-key enforcement is switched off
    /// for the duration (so table rebuilds neither break nor cascade into
    /// referencing tables) and every key is checked before commit; the
    /// transaction takes the write lock at once (`BEGIN IMMEDIATE`).
    pub fn transaction<T>(&mut self, f: impl FnOnce(&mut Database) -> Result<T>) -> Result<T> {
        let fk_was_on = match self {
            Database::Sqlite(c) => {
                let on: bool = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
                c.execute_batch("PRAGMA foreign_keys = OFF")?;
                on
            }
            Database::Postgres(_) => false,
        };
        let begun = self.execute(match self.dialect() {
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            Dialect::Postgres => "BEGIN",
        });
        let result = begun.and_then(|()| {
            let value = f(self)?;
            if let Database::Sqlite(c) = self {
                check_sqlite_schema(c)?;
            }
            Ok(value)
        });
        let end = match &result {
            Ok(_) => self.execute("COMMIT"),
            Err(_) => {
                let _ = self.execute("ROLLBACK");
                Ok(())
            }
        };
        if let Database::Sqlite(c) = self
            && fk_was_on
        {
            c.execute_batch("PRAGMA foreign_keys = ON")?;
        }
        let value = result?;
        end?;
        Ok(value)
    }
}

/// Connection settings for SQLite: a double-quoted name that names no
/// column is an error, not a string literal (SQLite's legacy misfeature
/// would otherwise turn a missing column into a silent constant).
fn sqlite_setup(conn: rusqlite::Connection) -> Result<rusqlite::Connection> {
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DQS_DML, false)?;
    Ok(conn)
}

/// What SQLite does not check while a transaction rebuilds tables, checked
/// before it commits: every foreign key of every row (none is enforced
/// meanwhile), and every view (a rebuilt table may have lost a column a
/// view reads, which PostgreSQL would refuse to drop).
pub fn check_sqlite_schema(c: &rusqlite::Connection) -> Result<()> {
    check_sqlite_foreign_keys(c)?;
    let views: Vec<String> = c
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'view'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for view in views {
        let probe = format!("SELECT * FROM {} LIMIT 0", quote_ident(&view));
        if let Err(e) = c.prepare(&probe) {
            let reason = match &e {
                rusqlite::Error::SqliteFailure(_, Some(m)) => m.clone(),
                other => other.to_string(),
            };
            return Err(Error::Statement {
                message: format!(
                    "view '{view}' would no longer work ({reason}); drop it before this change and create it again after (op.execute)"
                ),
                statement: probe,
            });
        }
    }
    Ok(())
}

/// Fails when a row breaks a foreign key (SQLite checks none while
/// enforcement is off).
fn check_sqlite_foreign_keys(c: &rusqlite::Connection) -> Result<()> {
    let mut stmt = c.prepare("PRAGMA foreign_key_check")?;
    let mut rows = stmt.query([])?;
    if let Some(row) = rows.next()? {
        let table: String = row.get(0)?;
        let parent: String = row.get(2)?;
        return Err(Error::Statement {
            message: format!(
                "a row of table '{table}' references a missing row of '{parent}' (foreign key violation)"
            ),
            statement: "PRAGMA foreign_key_check".into(),
        });
    }
    Ok(())
}

fn connect_reason(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return db.message().to_string();
    }
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text = format!("{text}: {s}");
        source = s.source();
    }
    if text.contains("Connection refused") || text.contains("timed out") {
        text.push_str("; is the server running and listening on that host and port?");
    }
    text
}
