//! The runner: applies and reverts revisions on a live database, keeps the
//! version and history tables, locks against concurrent runs, checks the
//! checksums of applied revisions, and writes offline SQL.
//!
//! Each revision runs in its own transaction together with its version and
//! history rows (PostgreSQL and SQLite both have transactional DDL): a
//! failing revision leaves the database exactly as it was before it, and the
//! error names the revision and the failing statement. A revision declared
//! `transactional: false` runs outside (PostgreSQL: for `CREATE INDEX
//! CONCURRENTLY`); [`RunnerConfig::single_transaction`] runs a whole upgrade
//! in one transaction instead.
//!
//! Concurrent runs against one database apply each revision once: on
//! PostgreSQL the run holds an advisory lock; on SQLite it holds the write
//! lock (`BEGIN IMMEDIATE`, with a busy timeout) and each revision is a
//! savepoint inside it.

mod checksum;
mod executor;
mod offline;
mod sources;
mod tables;

pub use checksum::checksum;
pub use executor::{LiveExecutor, SqlWriter};
pub use offline::offline_sql;
pub use sources::{MIGRATE_REVISION_SOURCES, RevisionSource, source_checksum};
pub use tables::{BookkeepingTables, HistoryRow};

use crate::db::Database;
use crate::dialect::{Dialect, IntrospectOptions};
use crate::error::{Error, Result};
use crate::revision::{Direction, Op, RevisionMap, Step, VersionChange};
use std::time::Instant;

/// How a run behaves.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunnerConfig {
    /// Names of the version and history tables.
    pub tables: BookkeepingTables,
    /// Run the whole upgrade or downgrade in one transaction (all or
    /// nothing) instead of one transaction per revision.
    pub single_transaction: bool,
    /// Fail, instead of warning, when an applied revision has changed.
    pub strict_checksums: bool,
}

/// Runs revisions against one database. See the [module docs](self).
pub struct Runner<'a> {
    db: &'a mut Database,
    map: &'a RevisionMap,
    config: RunnerConfig,
    log: Box<dyn FnMut(&str) + 'a>,
}

impl<'a> Runner<'a> {
    /// A runner over `map` on `db`, with the default configuration, that
    /// reports progress on standard error.
    pub fn new(db: &'a mut Database, map: &'a RevisionMap) -> Self {
        Runner {
            db,
            map,
            config: RunnerConfig::default(),
            log: Box::new(|line| eprintln!("{line}")),
        }
    }

    /// Sets the configuration.
    pub fn config(mut self, config: RunnerConfig) -> Self {
        self.config = config;
        self
    }

    /// Sends progress lines (`Running upgrade a -> b, message`, warnings) to `log`.
    pub fn log(mut self, log: impl FnMut(&str) + 'a) -> Self {
        self.log = Box::new(log);
        self
    }

    /// The applied heads (the rows of the version table), checked against
    /// the revisions this binary has.
    pub fn current(&mut self) -> Result<Vec<String>> {
        let heads = self.config.tables.heads(self.db)?;
        check_known(self.map, &self.config.tables, &heads)?;
        Ok(heads)
    }

    /// Every step recorded in the history table, oldest first.
    pub fn history(&mut self) -> Result<Vec<HistoryRow>> {
        if !self.config.tables.version_table_exists(self.db)? {
            return Ok(Vec::new());
        }
        self.config.tables.history(self.db)
    }

    /// Upgrades to `target` (`head`, `heads`, an id, `+2`, `label@head`, ...).
    /// Returns the steps that ran.
    pub fn upgrade(&mut self, target: &str) -> Result<Vec<Step>> {
        self.run(|map, current| map.upgrade_steps(current, target))
    }

    /// Downgrades to `target` (`base`, an id, `-1`, ...). Returns the steps that ran.
    pub fn downgrade(&mut self, target: &str) -> Result<Vec<Step>> {
        self.run(|map, current| map.downgrade_steps(current, target))
    }

    /// Sets the version table to `targets` without running any revision;
    /// with `purge`, empties it first (for a table that names revisions this
    /// binary does not have).
    pub fn stamp(&mut self, targets: &[&str], purge: bool) -> Result<()> {
        let tables = self.config.tables.clone();
        let map = self.map;
        let mut log = std::mem::replace(&mut self.log, Box::new(|_| {}));
        let result = self.locked(|db| {
            let mut current = tables.heads(db)?;
            if purge {
                db.execute(&tables.purge_versions())?;
                current.clear();
            }
            let current_refs: Vec<&str> = current.iter().map(String::as_str).collect();
            let steps = map.stamp(&current_refs, targets)?;
            for step in &steps {
                log(&format!(
                    "Running stamp_revision {} -> {}",
                    step.from.join(", "),
                    step.to.join(", ")
                ));
                for change in &step.version_changes {
                    db.execute(&version_sql(&tables, change))?;
                }
                for id in &step.to {
                    db.execute(&tables.insert_history(id, "stamp", 0, None))?;
                }
            }
            Ok(())
        });
        self.log = log;
        result
    }

    /// Takes the run lock, makes sure the bookkeeping tables exist, runs
    /// `f`, and releases the lock.
    fn locked<T>(&mut self, f: impl FnOnce(&mut Database) -> Result<T>) -> Result<T> {
        let tables = self.config.tables.clone();
        match self.db.dialect() {
            Dialect::Postgres => {
                let key = lock_key(&tables.version);
                advisory_lock(self.db, key)?;
                let result = tables.ensure(self.db).and_then(|()| f(self.db));
                let unlocked = self
                    .db
                    .execute(&format!("SELECT pg_advisory_unlock({key})"));
                let value = result?;
                unlocked?;
                Ok(value)
            }
            Dialect::Sqlite => self.db.transaction(|db| {
                tables.ensure(db)?;
                f(db)
            }),
        }
    }

    fn run(
        &mut self,
        plan: impl FnOnce(
            &RevisionMap,
            &[&str],
        ) -> std::result::Result<Vec<Step>, crate::revision::RevisionError>,
    ) -> Result<Vec<Step>> {
        let map = self.map;
        let single = self.config.single_transaction;
        let strict = self.config.strict_checksums;
        let dialect = self.db.dialect();
        let tables = self.config.tables.clone();
        let mut log = std::mem::replace(&mut self.log, Box::new(|_| {}));
        // The lock is taken first, then the current heads are read: a run
        // that waited for another sees what that one applied.
        // A failing revision in per-revision mode keeps what ran before it:
        // the run's transaction (SQLite) commits, and the error comes after.
        let result = self.locked(|db| {
            let current = tables.heads(db)?;
            check_known(map, &tables, &current)?;
            check_checksums(&tables, map, db, strict, &mut log)?;
            let current_refs: Vec<&str> = current.iter().map(String::as_str).collect();
            let steps = plan(map, &current_refs)?;
            let whole = single && dialect == Dialect::Postgres;
            if whole {
                db.execute("BEGIN")?;
            }
            let mut done = Vec::new();
            for step in steps {
                log(&format!("Running {step}"));
                if let Err(e) = run_step(db, map, &tables, &step, single) {
                    if whole {
                        let _ = db.execute("ROLLBACK");
                    }
                    if single {
                        return Err(e);
                    }
                    return Ok(Err(e));
                }
                done.push(step);
            }
            if whole {
                db.execute("COMMIT")?;
            }
            Ok(Ok(done))
        });
        self.log = log;
        result?
    }
}

/// Fails when the version table names a revision that `map` does not have.
fn check_known(map: &RevisionMap, tables: &BookkeepingTables, heads: &[String]) -> Result<()> {
    for id in heads {
        if map.get(id).is_none() {
            return Err(Error::Corrupt(format!(
                "Can't locate revision identified by '{id}': the version table `{}` names a revision this binary does not have; rebuild with its revision file, or `stamp --purge` a known revision",
                tables.version
            )));
        }
    }
    Ok(())
}

/// Compares the checksum of every applied revision with the one recorded
/// when it was applied: a warning, or an error when `strict`.
fn check_checksums(
    tables: &BookkeepingTables,
    map: &RevisionMap,
    db: &mut Database,
    strict: bool,
    log: &mut dyn FnMut(&str),
) -> Result<()> {
    let history = tables.history(db)?;
    let mut applied: std::collections::BTreeMap<&str, Option<&str>> = Default::default();
    for row in &history {
        match row.direction.as_str() {
            "upgrade" => {
                applied.insert(&row.revision, row.checksum.as_deref());
            }
            "downgrade" => {
                applied.remove(row.revision.as_str());
            }
            _ => {}
        }
    }
    for (id, recorded) in applied {
        let (Some(recorded), Some(entry)) = (recorded, map.entry(id)) else {
            continue;
        };
        let Some(now) = source_checksum(entry) else {
            continue;
        };
        if now != recorded {
            let err = Error::ChecksumMismatch {
                revision: id.to_string(),
                file: entry.file.to_string(),
            };
            if strict {
                return Err(err);
            }
            log(&format!("warning: {err}"));
        }
    }
    Ok(())
}

/// Runs one step with its version-table and history rows, as one unit.
fn run_step(
    db: &mut Database,
    map: &RevisionMap,
    tables: &BookkeepingTables,
    step: &Step,
    single: bool,
) -> Result<()> {
    let entry = map.entry(&step.revision).ok_or_else(|| {
        Error::Schema(format!(
            "revision {} has no compiled-in code (it was built from data, not declared with revision!)",
            step.revision
        ))
    })?;
    let fail = |e: Error| Error::RevisionFailed {
        revision: step.revision.clone(),
        direction: step.direction.to_string(),
        message: step.message.clone(),
        source: Box::new(e),
    };
    let dialect = db.dialect();
    // PostgreSQL: a transaction per revision, or a savepoint inside the
    // run's transaction. SQLite: always a savepoint inside the run's
    // write-locked transaction.
    let savepoint = dialect == Dialect::Sqlite || single;
    let outside = !step.transactional && dialect == Dialect::Postgres;
    let (begin, commit, rollback) = if savepoint {
        (
            "SAVEPOINT migrate_step",
            "RELEASE SAVEPOINT migrate_step",
            "ROLLBACK TO SAVEPOINT migrate_step; RELEASE SAVEPOINT migrate_step",
        )
    } else {
        ("BEGIN", "COMMIT", "ROLLBACK")
    };
    let started = Instant::now();
    let checksum = source_checksum(entry);
    let body = |db: &mut Database| -> Result<()> {
        let mut exec = LiveExecutor::new(
            db,
            IntrospectOptions {
                exclude: vec![tables.version.clone(), tables.history.clone()],
            },
        );
        let mut op = Op::new(&mut exec);
        match step.direction {
            Direction::Upgrade => (entry.upgrade)(&mut op),
            Direction::Downgrade => (entry.downgrade)(&mut op),
        }
    };
    let bookkeeping = |db: &mut Database, ms: i64| -> Result<()> {
        for change in &step.version_changes {
            db.execute(&version_sql(tables, change))?;
        }
        db.execute(&tables.insert_history(
            &step.revision,
            step.direction.as_str(),
            ms,
            checksum.as_deref(),
        ))?;
        if let Database::Sqlite(c) = db {
            crate::db::check_sqlite_schema(c)?;
        }
        Ok(())
    };
    if outside {
        // Statements that cannot run in a transaction run on their own;
        // the bookkeeping follows in a transaction of its own.
        if single {
            db.execute("COMMIT").map_err(fail)?;
        }
        body(db).map_err(fail)?;
        let ms = started.elapsed().as_millis() as i64;
        db.execute("BEGIN").map_err(fail)?;
        let r = bookkeeping(db, ms);
        db.execute(if r.is_ok() { "COMMIT" } else { "ROLLBACK" })
            .map_err(fail)?;
        r.map_err(fail)?;
        if single {
            db.execute("BEGIN").map_err(fail)?;
        }
        return Ok(());
    }
    db.execute(begin).map_err(fail)?;
    let result = body(db).and_then(|()| bookkeeping(db, started.elapsed().as_millis() as i64));
    match result {
        Ok(()) => db.execute(commit).map_err(fail),
        Err(e) => {
            let _ = db.execute(rollback);
            Err(fail(e))
        }
    }
}

/// The SQL of one version-table change.
pub fn version_sql(tables: &BookkeepingTables, change: &VersionChange) -> String {
    match change {
        VersionChange::Insert(id) => tables.insert_version(id),
        VersionChange::Update { from, to } => tables.update_version(from, to),
        VersionChange::Delete(id) => tables.delete_version(id),
    }
}

/// Takes the session advisory lock `key`, polling with
/// `pg_try_advisory_lock`: a session blocked in `pg_advisory_lock` sits in
/// a transaction, which `CREATE INDEX CONCURRENTLY` in the run holding the
/// lock would wait for: a deadlock.
fn advisory_lock(db: &mut Database, key: i64) -> Result<()> {
    let Database::Postgres(client) = db else {
        return Ok(());
    };
    let mut wait = std::time::Duration::from_millis(20);
    loop {
        let row = client.query_one("SELECT pg_try_advisory_lock($1)", &[&key])?;
        if row.get::<_, bool>(0) {
            return Ok(());
        }
        std::thread::sleep(wait);
        wait = (wait * 2).min(std::time::Duration::from_millis(250));
    }
}

/// The advisory-lock key of a version table: a stable 63-bit hash of its name.
fn lock_key(version_table: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in b"migrate:".iter().chain(version_table.as_bytes()) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h >> 1) as i64
}

/// Upgrades the database at `url` to the head with the revisions compiled
/// into this binary: what an application calls at start-up.
///
/// ```no_run
/// migrate_core::runner::upgrade_to_head("sqlite://app.db")?;
/// # Ok::<(), migrate_core::Error>(())
/// ```
pub fn upgrade_to_head(url: &str) -> Result<Vec<Step>> {
    let mut db = Database::connect(url)?;
    upgrade_database(&mut db)
}

/// Upgrades an open connection to the head with the compiled-in revisions.
pub fn upgrade_database(db: &mut Database) -> Result<Vec<Step>> {
    let map = RevisionMap::load()?;
    Runner::new(db, &map).log(|_| {}).upgrade("heads")
}
