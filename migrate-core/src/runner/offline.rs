//! Offline mode: the SQL an upgrade or downgrade would run, bookkeeping and
//! transaction boundaries included, written without a database connection.

use super::{BookkeepingTables, SqlWriter, source_checksum, version_sql};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::revision::{Direction, Op, RevisionMap, Step};
use crate::schema::Schema;

/// The SQL script of an upgrade (`direction` Upgrade) or downgrade over
/// `range` (`start:end`; for an upgrade a bare target means `base:target`).
///
/// The schema at `start` is found by replaying the revisions before it in
/// memory (SQLite table rebuilds need it), so nothing is read from a
/// database. A revision that uses the live connection cannot be written
/// offline and is reported as an error.
pub fn offline_sql(
    map: &RevisionMap,
    dialect: Dialect,
    tables: &BookkeepingTables,
    direction: Direction,
    range: &str,
) -> Result<String> {
    let range = match (direction, range.contains(':')) {
        (_, true) => range.to_string(),
        (Direction::Upgrade, false) => format!("base:{range}"),
        (Direction::Downgrade, false) => {
            return Err(Error::Unsupported(format!(
                "offline downgrade needs a range: give `<current>:{range}` (there is no database to read the current revision from)"
            )));
        }
    };
    let start = range.split(':').next().unwrap_or_default();
    let steps = match direction {
        Direction::Upgrade => map.upgrade_range(&range)?,
        Direction::Downgrade => map.downgrade_range(&range)?,
    };

    // The schema at `start`.
    let mut writer = SqlWriter::new(dialect, Schema::default());
    if !start.is_empty() && start != "base" {
        for step in map.upgrade_range(&format!("base:{start}"))? {
            run_body(map, &step, &mut writer)?;
        }
    }
    writer.statements.clear();

    let mut out = String::new();
    let begins_at_base = steps
        .first()
        .is_some_and(|s| s.direction == Direction::Upgrade && s.heads_before.is_empty());
    if dialect == Dialect::Sqlite {
        out.push_str("PRAGMA foreign_keys = OFF;\n\n");
    }
    if begins_at_base {
        for stmt in tables.create_sql(dialect) {
            out.push_str(&stmt);
            out.push_str(";\n\n");
        }
    }
    for step in &steps {
        out.push_str(&format!("-- Running {step}\n\n"));
        let transactional = step.transactional || dialect == Dialect::Sqlite;
        if transactional {
            out.push_str("BEGIN;\n\n");
        }
        writer.statements.clear();
        run_body(map, step, &mut writer)?;
        for change in &step.version_changes {
            writer.statements.push(version_sql(tables, change));
        }
        let checksum = map.entry(&step.revision).and_then(source_checksum);
        writer.statements.push(tables.insert_history(
            &step.revision,
            step.direction.as_str(),
            0,
            checksum.as_deref(),
        ));
        out.push_str(&writer.script());
        if transactional {
            out.push_str("COMMIT;\n\n");
        }
    }
    if dialect == Dialect::Sqlite {
        out.push_str("PRAGMA foreign_keys = ON;\n");
    }
    Ok(out)
}

fn run_body(map: &RevisionMap, step: &Step, writer: &mut SqlWriter) -> Result<()> {
    let entry = map.entry(&step.revision).ok_or_else(|| {
        Error::Schema(format!(
            "revision {} has no compiled-in code",
            step.revision
        ))
    })?;
    let mut op = Op::new(writer);
    let result = match step.direction {
        Direction::Upgrade => (entry.upgrade)(&mut op),
        Direction::Downgrade => (entry.downgrade)(&mut op),
    };
    result.map_err(|e| Error::RevisionFailed {
        revision: step.revision.clone(),
        direction: step.direction.to_string(),
        message: step.message.clone(),
        source: Box::new(e),
    })
}
