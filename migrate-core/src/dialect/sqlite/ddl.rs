//! Statements for every operation: native `ALTER TABLE` where SQLite can do
//! the change in place, a table rebuild ([`super::rebuild`]) where it cannot.

use super::default::{default_sql, is_constant, is_null};
use super::rebuild::rebuild;
use super::types::{parse_type, type_sql};
use crate::dialect::quote_ident;
use crate::error::{Error, Result};
use crate::ops::Operation;
use crate::schema::{Column, ColumnType, Index, Schema, Table};

/// Statements for `op` given the schema before it.
pub fn ddl(op: &Operation, before: &Schema) -> Result<Vec<String>> {
    use Operation::*;
    Ok(match op {
        Execute { sql } => vec![sql.clone()],
        // Dialect::ddl writes bulk inserts for both dialects.
        BulkInsert { .. } => crate::dialect::Dialect::Sqlite.ddl(op, before)?,
        CreateTable(t) => {
            if before.table(&t.name).is_some() {
                return Err(Error::Schema(format!("table '{}' already exists", t.name)));
            }
            check_columns(t)?;
            let mut out = vec![create_table_sql(t, &t.name)];
            out.extend(t.indexes.iter().map(|i| index_sql(&t.name, i)));
            out.extend(t.triggers.iter().cloned());
            out
        }
        DropTable { name, .. } => {
            existing(before, name)?;
            vec![format!("DROP TABLE {}", quote_ident(name))]
        }
        RenameTable { from, to } => {
            existing(before, from)?;
            if before.table(to).is_some() {
                return Err(Error::Schema(format!(
                    "cannot rename table '{from}' to '{to}': '{to}' already exists"
                )));
            }
            vec![format!(
                "ALTER TABLE {} RENAME TO {}",
                quote_ident(from),
                quote_ident(to)
            )]
        }
        SetTableComment { table, .. } => {
            // SQLite stores no comments.
            existing(before, table)?;
            Vec::new()
        }
        RenameColumn { table, from, to } => {
            changed(op, before, table)?;
            vec![format!(
                "ALTER TABLE {} RENAME COLUMN {} TO {}",
                quote_ident(table),
                quote_ident(from),
                quote_ident(to)
            )]
        }
        CreateIndex { table, index } => {
            let (_, new) = changed(op, before, table)?;
            check_columns(&new)?;
            vec![index_sql(table, index)]
        }
        DropIndex { table, name, .. } => {
            changed(op, before, table)?;
            vec![format!("DROP INDEX {}", quote_ident(name))]
        }
        AddColumn { table, column } => {
            let (old, new) = changed(op, before, table)?;
            if can_add_in_place(column) {
                vec![format!(
                    "ALTER TABLE {} ADD COLUMN {}",
                    quote_ident(table),
                    column_sql(&new, column)
                )]
            } else {
                rebuild(old, &new)?
            }
        }
        DropColumn { table, name, .. } => {
            let (old, new) = changed(op, before, table)?;
            if can_drop_in_place(old, name) {
                vec![format!(
                    "ALTER TABLE {} DROP COLUMN {}",
                    quote_ident(table),
                    quote_ident(name)
                )]
            } else {
                rebuild(old, &new)?
            }
        }
        AlterColumn { table, .. }
        | AddUnique { table, .. }
        | AddForeignKey { table, .. }
        | AddCheck { table, .. }
        | AddPrimaryKey { table, .. }
        | DropConstraint { table, .. } => {
            let (old, new) = changed(op, before, table)?;
            rebuild(old, &new)?
        }
    })
}

/// The table called `name` in `schema`, or a clear error.
fn existing<'a>(schema: &'a Schema, name: &str) -> Result<&'a Table> {
    schema
        .table(name)
        .ok_or_else(|| Error::Schema(format!("no table '{name}'")))
}

/// The table `name` before `op` and after it. Applying the op to a copy of
/// the one table checks it (unknown column, duplicate name, ...).
fn changed<'a>(op: &Operation, before: &'a Schema, name: &str) -> Result<(&'a Table, Table)> {
    let old = existing(before, name)?;
    let mut scratch = Schema::new(vec![old.clone()]);
    op.apply(&mut scratch)?;
    let new = scratch
        .remove(name)
        .ok_or_else(|| Error::Schema(format!("no table '{name}'")))?;
    Ok((old, new))
}

/// Whether `ALTER TABLE ADD COLUMN` can add `column`: it must be nullable or
/// have a default, and SQLite takes only constant defaults there (no
/// `CURRENT_*`, no expression).
fn can_add_in_place(column: &Column) -> bool {
    match &column.default {
        None => column.nullable,
        Some(d) => is_constant(d) && (column.nullable || !is_null(d)),
    }
}

/// Whether `ALTER TABLE DROP COLUMN` can drop `column`: it must be in no
/// index, key or constraint of the table.
fn can_drop_in_place(table: &Table, column: &str) -> bool {
    let has = |cols: &[String]| cols.iter().any(|c| c == column);
    !(table.indexes.iter().any(|i| has(&i.columns))
        || table.unique_constraints.iter().any(|u| has(&u.columns))
        || table.foreign_keys.iter().any(|f| has(&f.columns))
        || table
            .primary_key
            .as_ref()
            .is_some_and(|pk| has(&pk.columns)))
}

/// Fails when a key, constraint or index of `t` names a column it lacks.
pub(super) fn check_columns(t: &Table) -> Result<()> {
    let lists = t
        .primary_key
        .iter()
        .map(|pk| ("primary key", pk.name.as_deref().unwrap_or(""), &pk.columns))
        .chain(
            t.unique_constraints
                .iter()
                .map(|u| ("unique constraint", u.name.as_str(), &u.columns)),
        )
        .chain(
            t.foreign_keys
                .iter()
                .map(|f| ("foreign key", f.name.as_str(), &f.columns)),
        )
        .chain(
            t.indexes
                .iter()
                .map(|i| ("index", i.name.as_str(), &i.columns)),
        );
    for (kind, name, columns) in lists {
        if columns.is_empty() {
            return Err(Error::Schema(format!(
                "table '{}': {kind} '{name}' has no columns",
                t.name
            )));
        }
        for c in columns {
            if !t.columns.iter().any(|col| col.name.eq_ignore_ascii_case(c)) {
                return Err(Error::Schema(format!(
                    "table '{}': {kind} '{name}' names unknown column '{c}'",
                    t.name
                )));
            }
        }
    }
    Ok(())
}

/// The column that aliases the rowid: the single auto-increment integer
/// primary-key column of a table that has a rowid.
pub(super) fn rowid_alias(t: &Table) -> Option<&Column> {
    if t.options.without_rowid {
        return None;
    }
    match t.primary_key.as_ref()?.columns.as_slice() {
        [only] => t
            .get_column(only)
            .filter(|c| c.autoincrement && parse_type(&type_sql(&c.ty)).is_integer()),
        _ => None,
    }
}

/// The declared type of `c` in `t`.
fn declared_type(t: &Table, c: &Column) -> String {
    if rowid_alias(t).is_some_and(|a| a.name == c.name) {
        return "INTEGER".into();
    }
    let ty = type_sql(&c.ty);
    let sole_key = !t.options.without_rowid
        && matches!(&t.primary_key, Some(pk) if pk.columns.len() == 1 && pk.columns[0] == c.name);
    if sole_key && parse_type(&ty) == ColumnType::Integer {
        // `INTEGER PRIMARY KEY` would alias the rowid (and read back as
        // auto-increment); `INT` has the same affinity and does not.
        return "INT".into();
    }
    ty
}

/// One column definition: `"name" TYPE [PRIMARY KEY] [NOT NULL] [DEFAULT ...]`.
pub(super) fn column_sql(t: &Table, c: &Column) -> String {
    let mut s = quote_ident(&c.name);
    let ty = declared_type(t, c);
    if !ty.is_empty() {
        s.push(' ');
        s.push_str(&ty);
    }
    if rowid_alias(t).is_some_and(|a| a.name == c.name) {
        if let Some(name) = t.primary_key.as_ref().and_then(|pk| pk.name.as_ref()) {
            s.push_str(&format!(" CONSTRAINT {}", quote_ident(name)));
        }
        // A rowid alias is never NULL; NOT NULL is implied.
        s.push_str(" PRIMARY KEY");
    } else if !c.nullable {
        s.push_str(" NOT NULL");
    }
    if let Some(d) = &c.default {
        s.push_str(" DEFAULT ");
        s.push_str(&default_sql(d));
    }
    s
}

/// A quoted, comma-separated column list in parentheses.
fn column_list(columns: &[String]) -> String {
    let quoted: Vec<String> = columns.iter().map(|c| quote_ident(c)).collect();
    format!("({})", quoted.join(", "))
}

/// `CREATE TABLE "<name>" (...)` for `t`, with its keys, constraints and
/// options (indexes and triggers are separate statements).
pub(super) fn create_table_sql(t: &Table, name: &str) -> String {
    let mut defs: Vec<String> = t.columns.iter().map(|c| column_sql(t, c)).collect();
    if let Some(pk) = t.primary_key.as_ref().filter(|_| rowid_alias(t).is_none()) {
        let pk_name = pk
            .name
            .clone()
            .unwrap_or_else(|| crate::schema::naming::primary_key(&t.name));
        defs.push(format!(
            "CONSTRAINT {} PRIMARY KEY {}",
            quote_ident(&pk_name),
            column_list(&pk.columns)
        ));
    }
    for u in &t.unique_constraints {
        defs.push(format!(
            "CONSTRAINT {} UNIQUE {}",
            quote_ident(&u.name),
            column_list(&u.columns)
        ));
    }
    for fk in &t.foreign_keys {
        let mut s = format!(
            "CONSTRAINT {} FOREIGN KEY {} REFERENCES {}",
            quote_ident(&fk.name),
            column_list(&fk.columns),
            quote_ident(&fk.ref_table)
        );
        if !fk.ref_columns.is_empty() {
            s.push(' ');
            s.push_str(&column_list(&fk.ref_columns));
        }
        for (event, action) in [("DELETE", fk.on_delete), ("UPDATE", fk.on_update)] {
            if action != crate::schema::FkAction::NoAction {
                s.push_str(&format!(" ON {event} {action}"));
            }
        }
        defs.push(s);
    }
    for c in &t.check_constraints {
        defs.push(format!(
            "CONSTRAINT {} CHECK ({})",
            quote_ident(&c.name),
            c.expr.trim()
        ));
    }
    let mut sql = format!(
        "CREATE TABLE {} (\n    {}\n)",
        quote_ident(name),
        defs.join(",\n    ")
    );
    let options: Vec<&str> = [
        (t.options.without_rowid, "WITHOUT ROWID"),
        (t.options.strict, "STRICT"),
    ]
    .into_iter()
    .filter_map(|(on, text)| on.then_some(text))
    .collect();
    if !options.is_empty() {
        sql.push(' ');
        sql.push_str(&options.join(", "));
    }
    sql
}

/// `CREATE [UNIQUE] INDEX "<name>" ON "<table>" (...)`.
pub(super) fn index_sql(table: &str, index: &Index) -> String {
    format!(
        "CREATE {}INDEX {} ON {} {}",
        if index.unique { "UNIQUE " } else { "" },
        quote_ident(&index.name),
        quote_ident(table),
        column_list(&index.columns)
    )
}
