//! Reading the live schema of `current_schema()` from the system catalogs.
//!
//! The whole schema is read with the fixed list of queries in [`QUERIES`]
//! (tables, columns, constraints, indexes), each covering every table at
//! once: the number of round trips does not grow with the number of tables
//! (Alembic's per-table reflection took over an hour on 8,000 tables).
//! Key and index columns are read as attribute numbers in key order and
//! named from the columns already read (the referenced columns of a
//! foreign key with `unnest(...) WITH ORDINALITY`, in key order).
//!
//! What is read:
//!
//! - ordinary and partitioned tables (`relkind` `r`, `p`); partitions are
//!   left out (they belong to their parent), as are the excluded tables;
//! - columns in `attnum` order: the type through `format_type()` and
//!   [`parse_type`], NOT NULL, the default through `pg_get_expr()`, the
//!   comment; an identity column (`GENERATED ... AS IDENTITY`) or a
//!   `serial` one (a `nextval(...)` default) is auto-increment, with no
//!   default; a generated column (`GENERATED ALWAYS AS (...) STORED`) is
//!   read without its expression;
//! - the primary key (with its name), unique constraints, foreign keys
//!   (column lists in order, ON DELETE / ON UPDATE), CHECK constraints
//!   (the expression without `CHECK (...)` and without its outer
//!   parentheses);
//! - indexes that do not back a primary-key, unique or exclusion
//!   constraint, on plain columns only: expression and partial indexes are
//!   left out (the schema model cannot describe them, so autogenerate
//!   neither drops nor recreates them); `INCLUDE` columns, sort order,
//!   operator classes and the access method are not read;
//! - table comments.

use super::types::parse_type;
use crate::dialect::IntrospectOptions;
use crate::error::{Error, Result, pg_message};
use crate::schema::{
    CheckConstraint, Column, FkAction, ForeignKey, Index, PrimaryKey, Schema, Table,
    UniqueConstraint,
};
use std::collections::HashMap;

/// The tables read: those of `current_schema()`, ordinary or partitioned,
/// not partitions, minus the excluded names (`$1`). Every query starts
/// with it.
const TABLES_CTE: &str = "WITH t AS (
    SELECT c.oid, c.relname
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema()
      AND c.relkind IN ('r', 'p')
      AND NOT c.relispartition
      AND c.relname <> ALL ($1::text[])
)";

const TABLES: &str = "
SELECT t.oid, t.relname::text, d.description
FROM t
LEFT JOIN pg_catalog.pg_description d
  ON d.objoid = t.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0
ORDER BY t.relname";

const COLUMNS: &str = "
SELECT a.attrelid, a.attnum, a.attname::text,
       pg_catalog.format_type(a.atttypid, a.atttypmod),
       a.attnotnull,
       -- A default cannot refer to columns: no need for the (slower)
       -- column-name context; a generation expression is not read.
       CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(ad.adbin, 0) END,
       a.attidentity::text,
       a.attgenerated::text,
       d.description
FROM t
JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_catalog.pg_description d
  ON d.objoid = a.attrelid AND d.classoid = 'pg_catalog.pg_class'::regclass
 AND d.objsubid = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum";

/// Key columns come as attribute numbers (`conkey`, `confkey`, in key
/// order), named from the columns already read; the referenced columns of
/// a foreign key to a table that is not read are named here.
const CONSTRAINTS: &str = "
SELECT con.conrelid, con.conname::text, con.contype::text, con.conkey,
       r.relname::text,
       CASE WHEN con.contype = 'f' AND con.confrelid NOT IN (SELECT oid FROM t) THEN
           ARRAY(SELECT a.attname::text
                 FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_catalog.pg_attribute a
                   ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                 ORDER BY k.ord)
       END,
       con.confdeltype::text,
       con.confupdtype::text,
       CASE WHEN con.contype = 'c'
            THEN pg_catalog.pg_get_expr(con.conbin, con.conrelid) END,
       con.confrelid,
       con.confkey
FROM t
JOIN pg_catalog.pg_constraint con ON con.conrelid = t.oid
LEFT JOIN pg_catalog.pg_class r ON r.oid = con.confrelid
WHERE con.contype IN ('p', 'u', 'f', 'c')
  AND con.conparentid = 0
ORDER BY con.conrelid, con.conname";

/// Columns come as attribute numbers (`indkey`, in index order; the first
/// `indnkeyatts` are the key, the rest `INCLUDE` columns).
const INDEXES: &str = "
SELECT i.indrelid, ic.relname::text, i.indisunique, i.indkey::int2[], i.indnkeyatts
FROM t
JOIN pg_catalog.pg_index i ON i.indrelid = t.oid
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
WHERE i.indexprs IS NULL
  AND i.indpred IS NULL
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_constraint con
      WHERE con.conindid = i.indexrelid
        AND con.conrelid = i.indrelid
        AND con.contype IN ('p', 'u', 'x'))
ORDER BY i.indrelid, ic.relname";

/// The queries that introspection runs, each once, whatever the number of
/// tables: tables, columns, constraints, indexes (each prefixed with the
/// common `WITH t AS (...)` that selects the tables).
pub const QUERIES: [&str; 4] = [TABLES, COLUMNS, CONSTRAINTS, INDEXES];

/// Reads the live schema of `current_schema()`, leaving out
/// `options.exclude`. See the module documentation for what is read.
pub fn introspect(client: &mut postgres::Client, options: &IntrospectOptions) -> Result<Schema> {
    introspect_counted(client, options).map(|(schema, _)| schema)
}

/// [`introspect`], also returning how many queries it sent (always
/// `QUERIES.len()`; tests assert it).
pub fn introspect_counted(
    client: &mut postgres::Client,
    options: &IntrospectOptions,
) -> Result<(Schema, usize)> {
    let mut catalog = Catalog {
        client,
        exclude: &options.exclude,
        queries: 0,
    };

    let mut tables: Vec<Table> = Vec::new();
    let mut by_oid: HashMap<u32, usize> = HashMap::new();
    for row in catalog.query("tables", TABLES)? {
        let oid: u32 = row.get(0);
        let mut table = Table::new(row.get::<_, String>(1));
        table.comment = row.get(2);
        by_oid.insert(oid, tables.len());
        tables.push(table);
    }

    // Column names by (table oid, attnum), to name key columns.
    let mut attnames: HashMap<(u32, i16), String> = HashMap::new();
    for row in catalog.query("columns", COLUMNS)? {
        let oid: u32 = row.get(0);
        let Some(&ti) = by_oid.get(&oid) else {
            continue;
        };
        let name: String = row.get(2);
        attnames.insert((oid, row.get(1)), name.clone());
        let type_text: String = row.get(3);
        let mut column = Column::new(name, parse_type(&type_text));
        column.nullable = !row.get::<_, bool>(4);
        let default: Option<String> = row.get(5);
        let identity: String = row.get(6);
        let generated: String = row.get(7);
        column.comment = row.get(8);
        if !identity.is_empty() {
            column.autoincrement = true;
        } else if !generated.is_empty() {
            // A generated column: the expression is not a default.
        } else if default.as_deref().is_some_and(is_serial_default) {
            column.autoincrement = true;
        } else {
            column.default = default;
        }
        tables[ti].columns.push(column);
    }
    let names = |oid: u32, attnums: &[i16]| -> Result<Vec<String>> {
        attnums
            .iter()
            .map(|n| {
                attnames.get(&(oid, *n)).cloned().ok_or_else(|| {
                    Error::Introspection(format!("no column number {n} in table oid {oid}"))
                })
            })
            .collect()
    };

    for row in catalog.query("constraints", CONSTRAINTS)? {
        let oid: u32 = row.get(0);
        let Some(&ti) = by_oid.get(&oid) else {
            continue;
        };
        let name: String = row.get(1);
        let kind: String = row.get(2);
        let attnums: Vec<i16> = row.get::<_, Option<Vec<i16>>>(3).unwrap_or_default();
        let columns = names(oid, &attnums)?;
        let table = &mut tables[ti];
        match kind.as_str() {
            "p" => {
                table.primary_key = Some(PrimaryKey {
                    name: Some(name),
                    columns,
                })
            }
            "u" => table
                .unique_constraints
                .push(UniqueConstraint { name, columns }),
            "f" => table.foreign_keys.push(ForeignKey {
                name,
                columns,
                ref_table: row.get::<_, Option<String>>(4).unwrap_or_default(),
                ref_columns: match row.get::<_, Option<Vec<String>>>(5) {
                    Some(named) => named,
                    None => names(
                        row.get(9),
                        &row.get::<_, Option<Vec<i16>>>(10).unwrap_or_default(),
                    )?,
                },
                on_delete: fk_action(&row.get::<_, String>(6)),
                on_update: fk_action(&row.get::<_, String>(7)),
            }),
            "c" => {
                let expr: String = row.get::<_, Option<String>>(8).unwrap_or_default();
                table.check_constraints.push(CheckConstraint {
                    name,
                    expr: strip_outer_parens(&expr).to_string(),
                });
            }
            _ => {}
        }
    }

    for row in catalog.query("indexes", INDEXES)? {
        let oid: u32 = row.get(0);
        let Some(&ti) = by_oid.get(&oid) else {
            continue;
        };
        let attnums: Vec<i16> = row.get(3);
        let key_len = usize::try_from(row.get::<_, i16>(4)).unwrap_or(0);
        tables[ti].indexes.push(Index {
            name: row.get(1),
            unique: row.get(2),
            columns: names(oid, &attnums[..key_len.min(attnums.len())])?,
        });
    }

    let count = catalog.queries;
    Ok((Schema::new(tables), count))
}

/// Runs the catalog queries and counts them.
struct Catalog<'a> {
    client: &'a mut postgres::Client,
    exclude: &'a [String],
    queries: usize,
}

impl Catalog<'_> {
    fn query(&mut self, what: &str, sql: &str) -> Result<Vec<postgres::Row>> {
        self.queries += 1;
        let sql = format!("{TABLES_CTE}{sql}");
        // Typed parameters: no separate prepare round trip.
        self.client
            .query_typed(
                sql.as_str(),
                &[(&self.exclude, postgres::types::Type::TEXT_ARRAY)],
            )
            .map_err(|e| Error::Introspection(format!("reading {what}: {}", pg_message(&e))))
    }
}

/// `nextval('t_id_seq'::regclass)`: the default of a `serial` column.
fn is_serial_default(expr: &str) -> bool {
    let e = expr.trim().to_ascii_lowercase();
    e.starts_with("nextval(") && e.ends_with("::regclass)")
}

fn fk_action(code: &str) -> FkAction {
    match code {
        "r" => FkAction::Restrict,
        "c" => FkAction::Cascade,
        "n" => FkAction::SetNull,
        "d" => FkAction::SetDefault,
        _ => FkAction::NoAction,
    }
}

/// `(a > 0)` -> `a > 0`; `(a > 0) AND (b > 0)` stays as it is.
pub(crate) fn strip_outer_parens(expr: &str) -> &str {
    let mut s = expr.trim();
    while s.starts_with('(') && s.ends_with(')') && closes_at_end(s) {
        s = s[1..s.len() - 1].trim();
    }
    s
}

/// Whether the `(` at the start of `s` is closed by its last character
/// (string literals and quoted identifiers skipped).
fn closes_at_end(s: &str) -> bool {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if let Some(qc) = quote {
            if c == qc {
                if chars.peek().is_some_and(|&(_, n)| n == qc) {
                    chars.next();
                } else {
                    quote = None;
                }
            }
            continue;
        }
        match c {
            '\'' | '"' => quote = Some(c),
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i == s.len() - 1;
                }
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outer_parentheses() {
        assert_eq!(strip_outer_parens("(a > 0)"), "a > 0");
        assert_eq!(strip_outer_parens("((a > 0))"), "a > 0");
        assert_eq!(
            strip_outer_parens("(a > 0) AND (b > 0)"),
            "(a > 0) AND (b > 0)"
        );
        assert_eq!(strip_outer_parens("(a = ')(')"), "a = ')('");
        assert_eq!(strip_outer_parens("a > 0"), "a > 0");
    }

    #[test]
    fn serial_defaults() {
        assert!(is_serial_default("nextval('t_id_seq'::regclass)"));
        assert!(is_serial_default("nextval('\"T\"\"x_id_seq\"'::regclass)"));
        assert!(!is_serial_default("0"));
    }
}
