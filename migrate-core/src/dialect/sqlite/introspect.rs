//! Reading a live SQLite schema.
//!
//! Four queries whatever the number of tables: `sqlite_schema` joined with
//! the pragma table-valued functions reads every table at once. The
//! `CREATE TABLE` text supplies what the pragmas lack (constraint names,
//! CHECK expressions, `STRICT` and `WITHOUT ROWID`, see [`super::parse`]).
//!
//! Not read: expression and partial indexes (the schema model has no place
//! for them, so they are skipped), index column order (`DESC`) and
//! collations, generated columns, views, virtual tables.

use std::collections::{BTreeMap, HashMap};

use super::parse::{NamedColumns, TableSql, parse_create_table};
use super::types::parse_type;
use crate::dialect::IntrospectOptions;
use crate::error::{Error, Result};
use crate::schema::{
    CheckConstraint, Column, FkAction, ForeignKey, Index, PrimaryKey, Schema, Table,
    UniqueConstraint, naming,
};

/// The tables read: all but SQLite's own, virtual tables, and the
/// temporaries of a table rebuild. `m` is `sqlite_schema`.
const TABLES: &str = "m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
     AND m.name NOT LIKE '\\_migrate\\_new\\_%' ESCAPE '\\' \
     AND m.sql NOT LIKE 'CREATE VIRTUAL %'";

/// A table being read.
struct Reading {
    table: Table,
    parsed: TableSql,
    /// `(position in the key, column)` from `pragma_table_info.pk`.
    key: Vec<(i64, String)>,
    /// Declared types, by column (the rowid alias needs exactly `INTEGER`).
    declared: HashMap<String, String>,
}

/// Reads the live schema.
pub fn introspect(conn: &rusqlite::Connection, options: &IntrospectOptions) -> Result<Schema> {
    let mut tables = read_tables(conn, options)?;
    read_columns(conn, &mut tables)?;
    read_indexes(conn, &mut tables)?;
    read_foreign_keys(conn, &mut tables)?;

    let keys: HashMap<String, Vec<String>> = tables
        .values()
        .map(|r| (r.table.name.to_lowercase(), key_columns(&r.key)))
        .collect();
    let tables = tables.into_values().map(|r| finish(r, &keys)).collect();
    Ok(Schema::new(tables))
}

/// Runs `sql` and maps each row with `f`.
fn query<T>(
    conn: &rusqlite::Connection,
    sql: &str,
    f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let read = || -> rusqlite::Result<Vec<T>> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], f)?;
        rows.collect()
    };
    read().map_err(|e| Error::Introspection(e.to_string()))
}

/// Query 1: tables and their triggers (`CREATE` text).
fn read_tables(
    conn: &rusqlite::Connection,
    options: &IntrospectOptions,
) -> Result<BTreeMap<String, Reading>> {
    let sql = format!(
        "SELECT m.type, m.name, m.tbl_name, m.sql FROM sqlite_schema m \
         WHERE ({TABLES}) OR (m.type = 'trigger' AND m.sql IS NOT NULL) ORDER BY m.rowid"
    );
    let rows = query(conn, &sql, |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?.unwrap_or_default(),
        ))
    })?;
    let mut tables = BTreeMap::new();
    let mut triggers = Vec::new();
    for (kind, name, on_table, sql) in rows {
        if kind == "trigger" {
            triggers.push((on_table, sql));
            continue;
        }
        if options
            .exclude
            .iter()
            .any(|x| x.eq_ignore_ascii_case(&name))
        {
            continue;
        }
        let parsed = parse_create_table(&sql);
        let mut table = Table::new(name.clone());
        table.options = parsed.options;
        tables.insert(
            name,
            Reading {
                table,
                parsed,
                key: Vec::new(),
                declared: HashMap::new(),
            },
        );
    }
    for (on_table, sql) in triggers {
        if let Some(r) = tables.get_mut(&on_table) {
            r.table.triggers.push(sql);
        }
    }
    Ok(tables)
}

/// Query 2: columns.
fn read_columns(conn: &rusqlite::Connection, tables: &mut BTreeMap<String, Reading>) -> Result<()> {
    let sql = format!(
        "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk \
         FROM sqlite_schema m JOIN pragma_table_info(m.name) p \
         WHERE {TABLES} ORDER BY m.name, p.cid"
    );
    let rows = query(conn, &sql, |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, bool>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, i64>(5)?,
        ))
    })?;
    for (table, name, declared, notnull, default, pk) in rows {
        let Some(r) = tables.get_mut(&table) else {
            continue;
        };
        let mut column = Column::new(name.clone(), parse_type(&declared));
        column.nullable = !notnull;
        column.default = default;
        r.table.columns.push(column);
        if pk > 0 {
            r.key.push((pk, name.clone()));
        }
        r.declared.insert(name, declared);
    }
    Ok(())
}

/// Query 3: indexes, and the unique constraints they back.
fn read_indexes(conn: &rusqlite::Connection, tables: &mut BTreeMap<String, Reading>) -> Result<()> {
    let sql = format!(
        "SELECT m.name, il.name, il.\"unique\", il.origin, il.partial, ii.name \
         FROM sqlite_schema m JOIN pragma_index_list(m.name) il \
         JOIN pragma_index_info(il.name) ii \
         WHERE {TABLES} ORDER BY m.name, il.name, ii.seqno"
    );
    let rows = query(conn, &sql, |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, bool>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, bool>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    // (table, index) -> (unique, origin, partial, columns); a column is None
    // for an expression.
    type Found = (bool, String, bool, Vec<Option<String>>);
    let mut found: BTreeMap<(String, String), Found> = BTreeMap::new();
    for (table, index, unique, origin, partial, column) in rows {
        found
            .entry((table, index))
            .or_insert_with(|| (unique, origin, partial, Vec::new()))
            .3
            .push(column);
    }
    let mut used: HashMap<String, Vec<bool>> = HashMap::new();
    for ((table, index), (unique, origin, partial, columns)) in found {
        let Some(r) = tables.get_mut(&table) else {
            continue;
        };
        // Expression and partial indexes have no place in the schema model.
        let Some(columns) = columns.into_iter().collect::<Option<Vec<String>>>() else {
            continue;
        };
        match origin.as_str() {
            "c" if !partial => r.table.indexes.push(Index {
                name: index,
                columns,
                unique,
            }),
            "u" => {
                let used = used
                    .entry(table.clone())
                    .or_insert_with(|| vec![false; r.parsed.uniques.len()]);
                let name = take_name(&r.parsed.uniques, used, &columns)
                    .unwrap_or_else(|| naming::unique(&table, &refs(&columns)));
                r.table
                    .unique_constraints
                    .push(UniqueConstraint { name, columns });
            }
            _ => {}
        }
    }
    Ok(())
}

/// Query 4: foreign keys.
fn read_foreign_keys(
    conn: &rusqlite::Connection,
    tables: &mut BTreeMap<String, Reading>,
) -> Result<()> {
    let sql = format!(
        "SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete \
         FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f \
         WHERE {TABLES} ORDER BY m.name, f.id, f.seq"
    );
    let rows = query(conn, &sql, |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut found: BTreeMap<(String, i64), ForeignKey> = BTreeMap::new();
    for (table, id, ref_table, from, to, on_update, on_delete) in rows {
        let fk = found.entry((table, id)).or_insert_with(|| ForeignKey {
            name: String::new(),
            columns: Vec::new(),
            ref_table,
            ref_columns: Vec::new(),
            on_delete: FkAction::parse(&on_delete).unwrap_or_default(),
            on_update: FkAction::parse(&on_update).unwrap_or_default(),
        });
        fk.columns.push(from);
        // `to` is NULL when the key names the parent's primary key implicitly;
        // `finish` fills those in.
        fk.ref_columns.extend(to);
    }
    // SQLite lists a table's keys last-declared first.
    let mut used: HashMap<String, Vec<bool>> = HashMap::new();
    for ((table, _), mut fk) in found.into_iter().rev() {
        let Some(r) = tables.get_mut(&table) else {
            continue;
        };
        if fk.ref_columns.len() != fk.columns.len() {
            fk.ref_columns.clear();
        }
        let used = used
            .entry(table.clone())
            .or_insert_with(|| vec![false; r.parsed.foreign_keys.len()]);
        fk.name = take_name(&r.parsed.foreign_keys, used, &fk.columns)
            .unwrap_or_else(|| naming::foreign_key(&table, &refs(&fk.columns)));
        r.table.foreign_keys.push(fk);
    }
    Ok(())
}

/// The name of the first not yet used constraint in `parsed` over `columns`
/// (compared as SQLite does, ignoring ASCII case), marking it used.
fn take_name(parsed: &[NamedColumns], used: &mut [bool], columns: &[String]) -> Option<String> {
    let same = |a: &[String]| {
        a.len() == columns.len()
            && a.iter()
                .zip(columns)
                .all(|(x, y)| x.eq_ignore_ascii_case(y))
    };
    let i = parsed
        .iter()
        .enumerate()
        .position(|(i, p)| !used[i] && same(&p.columns))?;
    used[i] = true;
    parsed[i].name.clone()
}

fn refs(columns: &[String]) -> Vec<&str> {
    columns.iter().map(String::as_str).collect()
}

fn key_columns(key: &[(i64, String)]) -> Vec<String> {
    let mut key = key.to_vec();
    key.sort();
    key.into_iter().map(|(_, c)| c).collect()
}

/// Completes a table: primary key, rowid alias, checks, implicit foreign
/// key targets, and a stable order (constraints and indexes by name).
fn finish(r: Reading, keys: &HashMap<String, Vec<String>>) -> Table {
    let Reading {
        mut table,
        parsed,
        key,
        declared,
    } = r;
    let key = key_columns(&key);
    if let [only] = key.as_slice() {
        let aliases_rowid = !table.options.without_rowid
            && declared
                .get(only)
                .is_some_and(|d| d.trim().eq_ignore_ascii_case("INTEGER"));
        if let Some(c) = table.get_column_mut(only).filter(|_| aliases_rowid) {
            // A rowid alias is never NULL, whatever the column says.
            c.autoincrement = true;
            c.nullable = false;
        }
    }
    if !key.is_empty() {
        table.primary_key = Some(PrimaryKey {
            name: parsed.primary_key_name,
            columns: key,
        });
    }
    for fk in &mut table.foreign_keys {
        if fk.ref_columns.is_empty()
            && let Some(cols) = keys.get(&fk.ref_table.to_lowercase())
        {
            fk.ref_columns = cols.clone();
        }
    }
    let named: Vec<String> = parsed
        .checks
        .iter()
        .filter_map(|c| c.name.clone())
        .collect();
    let mut unnamed = 0;
    for check in parsed.checks {
        let name = check.name.unwrap_or_else(|| {
            // PostgreSQL's convention: t_check, t_check1, ...
            loop {
                let candidate = match unnamed {
                    0 => format!("{}_check", table.name),
                    n => format!("{}_check{n}", table.name),
                };
                unnamed += 1;
                if !named.contains(&candidate) {
                    break candidate;
                }
            }
        });
        table.check_constraints.push(CheckConstraint {
            name,
            expr: check.expr,
        });
    }
    table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
    table.unique_constraints.sort_by(|a, b| a.name.cmp(&b.name));
    table.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
    table.check_constraints.sort_by(|a, b| a.name.cmp(&b.name));
    table
}
