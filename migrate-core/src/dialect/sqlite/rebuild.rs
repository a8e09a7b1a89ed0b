//! Table rebuilds: the changes SQLite's `ALTER TABLE` cannot make.
//!
//! Following <https://www.sqlite.org/lang_altertable.html#otheralter>: create
//! the new definition under a temporary name, copy the rows, drop the old
//! table, rename the new one, recreate indexes and triggers. The caller
//! ([`crate::Database::apply`]) runs this with foreign-key enforcement off,
//! inside one transaction, and checks the foreign keys before committing, so
//! referencing tables are neither broken nor cascaded into.

use super::ddl::{check_columns, create_table_sql, index_sql, rowid_alias};
use crate::dialect::quote_ident;
use crate::error::Result;
use crate::schema::Table;

/// Prefix of the temporary name a table is rebuilt under.
pub(super) const REBUILD_PREFIX: &str = "_migrate_new_";

/// The statements that turn table `old` into `new` (same name) while keeping
/// every row, and its rowids. Nothing when the two define the same table
/// (a change SQLite does not store, such as a comment).
pub(super) fn rebuild(old: &Table, new: &Table) -> Result<Vec<String>> {
    if create_table_sql(old, &old.name) == create_table_sql(new, &new.name)
        && old.indexes == new.indexes
        && old.triggers == new.triggers
    {
        return Ok(Vec::new());
    }
    check_columns(new)?;
    let temp_name = format!("{REBUILD_PREFIX}{}", new.name);
    let (name, temp) = (quote_ident(&new.name), quote_ident(&temp_name));
    let mut out = vec![create_table_sql(new, &temp_name)];

    let mut columns: Vec<String> = new
        .columns
        .iter()
        .filter(|c| old.get_column(&c.name).is_some())
        .map(|c| quote_ident(&c.name))
        .collect();
    if keeps_rowid(old, new) {
        // Without an alias column the rowids would be renumbered.
        columns.insert(0, "rowid".into());
    }
    if !columns.is_empty() {
        let list = columns.join(", ");
        out.push(format!(
            "INSERT INTO {temp} ({list}) SELECT {list} FROM {name}"
        ));
    }
    out.push(format!("DROP TABLE {name}"));
    // Legacy mode renames without re-checking the views and triggers that
    // mention the old name (they would fail: it was just dropped) and
    // without rewriting references, which already use the final name.
    out.push("PRAGMA legacy_alter_table = ON".into());
    out.push(format!("ALTER TABLE {temp} RENAME TO {name}"));
    out.push("PRAGMA legacy_alter_table = OFF".into());
    out.extend(new.indexes.iter().map(|i| index_sql(&new.name, i)));
    out.extend(new.triggers.iter().cloned());
    Ok(out)
}

/// Whether the rowids must be copied explicitly: both tables have a rowid,
/// the new one has no column aliasing it (that column is copied anyway), and
/// no column hides the name `rowid`.
fn keeps_rowid(old: &Table, new: &Table) -> bool {
    let hides_rowid = |t: &Table| {
        t.columns.iter().any(|c| {
            ["rowid", "oid", "_rowid_"]
                .iter()
                .any(|r| c.name.eq_ignore_ascii_case(r))
        })
    };
    rowid_alias(new).is_none()
        && [old, new]
            .iter()
            .all(|t| !t.options.without_rowid && !hides_rowid(t))
}
