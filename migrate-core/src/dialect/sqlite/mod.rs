//! SQLite: types, DDL (with table rebuilds), introspection.

use crate::error::Result;
use crate::ops::Operation;
use crate::schema::{ColumnType, Schema};

use super::IntrospectOptions;

/// Native spelling of a portable type.
pub fn type_sql(ty: &ColumnType) -> String {
    todo!("{ty:?}")
}

/// Native type -> portable type.
pub fn parse_type(native: &str) -> ColumnType {
    ColumnType::Custom(native.to_string())
}

/// Normalized server default.
pub fn normalize_default(expr: &str) -> String {
    expr.trim().to_string()
}

/// Statements for `op` given the schema before it.
pub fn ddl(op: &Operation, before: &Schema) -> Result<Vec<String>> {
    todo!("{op:?} {before:?}")
}

/// Reads the live schema.
pub fn introspect(conn: &rusqlite::Connection, options: &IntrospectOptions) -> Result<Schema> {
    todo!("{:?} {options:?}", conn.path())
}
