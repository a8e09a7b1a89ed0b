//! The SQL dialects: identifier quoting, the portable <-> native type
//! mapping, DDL for every [`Operation`], default normalization, and live
//! introspection into a [`Schema`].

pub mod postgres;
pub mod sqlite;

use crate::error::Result;
use crate::ops::{Operation, Value};
use crate::schema::{ColumnType, Schema};

/// A supported database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// SQLite (bundled through rusqlite).
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// What introspection leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntrospectOptions {
    /// Tables to skip (the migration bookkeeping tables).
    pub exclude: Vec<String>,
}

impl Default for IntrospectOptions {
    fn default() -> Self {
        IntrospectOptions {
            exclude: vec!["migrate_version".into(), "migrate_history".into()],
        }
    }
}

impl Dialect {
    /// `sqlite` or `postgresql`.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgresql",
        }
    }

    /// Quotes an identifier: `"user"`, `"say ""hi"""`. Both dialects quote
    /// every identifier, so reserved words, upper case and spaces work.
    pub fn quote(self, ident: &str) -> String {
        quote_ident(ident)
    }

    /// The native spelling of a portable type (`VARCHAR(64)`, `bytea`, ...).
    pub fn type_sql(self, ty: &ColumnType) -> String {
        match self {
            Dialect::Sqlite => sqlite::type_sql(ty),
            Dialect::Postgres => postgres::type_sql(ty),
        }
    }

    /// Reads a native type back into a portable one ([`ColumnType::Custom`]
    /// when it has no portable equivalent).
    pub fn parse_type(self, native: &str) -> ColumnType {
        match self {
            Dialect::Sqlite => sqlite::parse_type(native),
            Dialect::Postgres => postgres::parse_type(native),
        }
    }

    /// The form in which two types are compared: a `Custom` type that this
    /// dialect can read is turned into its portable equivalent.
    pub fn canonical_type(self, ty: &ColumnType) -> ColumnType {
        match ty {
            ColumnType::Custom(s) => self.parse_type(s),
            other => other.clone(),
        }
    }

    /// Normalizes a server default so that the model's spelling and the one
    /// the database reports compare equal (`'0'::integer` and `0`, ...).
    pub fn normalize_default(self, expr: &str) -> String {
        match self {
            Dialect::Sqlite => sqlite::normalize_default(expr),
            Dialect::Postgres => postgres::normalize_default(expr),
        }
    }

    /// Whether the database stores table and column comments.
    pub fn supports_comments(self) -> bool {
        matches!(self, Dialect::Postgres)
    }

    /// The statements that carry out `op` on a database whose schema is
    /// `before` (SQLite needs it to rebuild tables).
    pub fn ddl(self, op: &Operation, before: &Schema) -> Result<Vec<String>> {
        if let Operation::BulkInsert {
            table,
            columns,
            rows,
        } = op
        {
            return self.bulk_insert(table, columns, rows);
        }
        match self {
            Dialect::Sqlite => sqlite::ddl(op, before),
            Dialect::Postgres => postgres::ddl(op, before),
        }
    }
}

impl Dialect {
    /// `INSERT` statements for rows of literals, 500 rows a statement.
    fn bulk_insert(
        self,
        table: &str,
        columns: &[String],
        rows: &[Vec<Value>],
    ) -> Result<Vec<String>> {
        if let Some(row) = rows.iter().find(|r| r.len() != columns.len()) {
            return Err(crate::error::Error::Schema(format!(
                "bulk insert into '{table}': a row has {} values for {} columns",
                row.len(),
                columns.len()
            )));
        }
        let cols: Vec<String> = columns.iter().map(|c| quote_ident(c)).collect();
        Ok(rows
            .chunks(500)
            .map(|chunk| {
                let values: Vec<String> = chunk
                    .iter()
                    .map(|row| {
                        let v: Vec<String> = row.iter().map(|v| self.literal(v)).collect();
                        format!("({})", v.join(", "))
                    })
                    .collect();
                format!(
                    "INSERT INTO {} ({}) VALUES {}",
                    quote_ident(table),
                    cols.join(", "),
                    values.join(", ")
                )
            })
            .collect())
    }

    /// A value as an SQL literal of this dialect.
    pub fn literal(self, v: &Value) -> String {
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        match (self, v) {
            (_, Value::Null) => "NULL".into(),
            (Dialect::Postgres, Value::Bool(b)) => if *b { "TRUE" } else { "FALSE" }.into(),
            (Dialect::Sqlite, Value::Bool(b)) => if *b { "1" } else { "0" }.into(),
            (_, Value::Int(i)) => i.to_string(),
            (Dialect::Postgres, Value::Float(f)) if f.is_nan() => "'NaN'::float8".into(),
            (Dialect::Postgres, Value::Float(f)) if f.is_infinite() => if *f > 0.0 {
                "'Infinity'::float8"
            } else {
                "'-Infinity'::float8"
            }
            .into(),
            (Dialect::Sqlite, Value::Float(f)) if f.is_nan() => "NULL".into(),
            (Dialect::Sqlite, Value::Float(f)) if f.is_infinite() => {
                if *f > 0.0 { "9e999" } else { "-9e999" }.into()
            }
            (_, Value::Float(f)) => format!("{f:?}"),
            (_, Value::Text(t)) => quote_literal(t),
            (Dialect::Postgres, Value::Bytes(b)) => format!("'\\x{}'::bytea", hex(b)),
            (Dialect::Sqlite, Value::Bytes(b)) => format!("X'{}'", hex(b)),
        }
    }
}

/// Double-quotes an identifier, doubling embedded quotes.
pub fn quote_ident(ident: &str) -> String {
    let mut s = String::with_capacity(ident.len() + 2);
    s.push('"');
    for c in ident.chars() {
        if c == '"' {
            s.push('"');
        }
        s.push(c);
    }
    s.push('"');
    s
}

/// Single-quotes an SQL string literal, doubling embedded quotes.
pub fn quote_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::Dialect;
    use crate::schema::ColumnType::{self, *};

    /// Every portable type, with several parameters.
    fn every_portable_type() -> Vec<ColumnType> {
        vec![
            SmallInt,
            Integer,
            BigInt,
            Real,
            Double,
            Boolean,
            Text,
            Varchar(1),
            Varchar(64),
            Blob,
            Date,
            Time,
            Timestamp,
            TimestampTz,
            Uuid,
            Json,
            Decimal(None),
            Decimal(Some((10, 2))),
            Decimal(Some((5, 0))),
        ]
    }

    #[test]
    fn portable_types_round_trip_in_both_dialects() {
        for dialect in [Dialect::Sqlite, Dialect::Postgres] {
            for t in every_portable_type() {
                let native = dialect.type_sql(&t);
                assert_eq!(
                    dialect.parse_type(&native),
                    t,
                    "{} {native}",
                    dialect.name()
                );
                assert_eq!(dialect.canonical_type(&ColumnType::Custom(native)), t);
            }
        }
    }
}
