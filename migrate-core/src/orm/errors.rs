//! Driver errors as [`Error`]s that name the table and the column: SQLite
//! extended result codes and PostgreSQL SQLSTATEs, completed from the
//! model's schema where the database says too little.

use super::error::Error;
use super::value::{Value, ValueError};
use crate::dialect::quote_ident;
use crate::schema::{FkAction, ForeignKey, Table};
use postgres::error::SqlState;

/// What the failing statement was doing, for the error message.
pub(crate) struct Context<'a> {
    /// The model's table, when the statement is about one model.
    pub table: Option<&'a Table>,
    /// The column each parameter is bound to (parameter `i` is column
    /// `params[i % params.len()]`: one row's columns, repeated for a
    /// multi-row insert).
    pub params: &'a [&'a str],
    /// A DELETE (or an UPDATE of a key): a foreign-key failure means the
    /// row is still referenced.
    pub removes: bool,
    /// The parameter that failed to bind (SQLite).
    pub param: Option<usize>,
}

impl<'a> Context<'a> {
    /// No model: errors name what the database says.
    pub fn none() -> Context<'static> {
        Context {
            table: None,
            params: &[],
            removes: false,
            param: None,
        }
    }

    /// The same context, for a failure while binding parameter `index`.
    pub fn at_param(&self, index: usize) -> Context<'a> {
        Context {
            table: self.table,
            params: self.params,
            removes: self.removes,
            param: Some(index),
        }
    }

    fn table_name(&self) -> String {
        self.table.map(|t| t.name.clone()).unwrap_or_default()
    }

    fn param_column(&self, index: usize) -> String {
        match self.params.len() {
            0 => "?".into(),
            n => self.params[index % n].to_string(),
        }
    }

    /// The foreign key a failure is about, when SQLite does not say: the
    /// only one of the table, or the ones that reference it (from the
    /// registry) when a row was removed.
    fn sqlite_foreign_key(&self) -> Error {
        let table = self.table_name();
        if self.removes {
            let mut referencing = blocking_references(&table);
            let (from, columns, constraint) = match referencing.len() {
                1 => {
                    let (from, fk) = referencing.remove(0);
                    (from, fk.columns, Some(fk.name))
                }
                _ => (String::new(), Vec::new(), None),
            };
            return Error::ForeignKeyViolation {
                table: from,
                columns,
                referenced_table: table,
                still_referenced: true,
                constraint,
            };
        }
        let fks = self.table.map(|t| t.foreign_keys.as_slice()).unwrap_or(&[]);
        let (columns, referenced_table, constraint) = match fks {
            [fk] => (
                fk.columns.clone(),
                fk.ref_table.clone(),
                Some(fk.name.clone()),
            ),
            _ => (Vec::new(), String::new(), None),
        };
        Error::ForeignKeyViolation {
            table,
            columns,
            referenced_table,
            still_referenced: false,
            constraint,
        }
    }
}

/// A SQLite foreign-key failure whose key [`Context::sqlite_foreign_key`]
/// could not tell (the table has several, or several reference it), made
/// precise by looking: the key whose referenced row is missing, or, for a
/// removed row, the table that still references it. Runs on the error path
/// only, with the values the failing statement was given; when nothing can
/// be told, the error is returned as it was.
pub(crate) fn locate_sqlite_foreign_key(
    c: &rusqlite::Connection,
    error: Error,
    cx: &Context<'_>,
    params: &[Value<'_>],
) -> Error {
    match &error {
        Error::ForeignKeyViolation { columns, .. } if columns.is_empty() => {
            locate(c, cx, params).unwrap_or(error)
        }
        _ => error,
    }
}

/// See [`locate_sqlite_foreign_key`].
fn locate(c: &rusqlite::Connection, cx: &Context<'_>, params: &[Value<'_>]) -> Option<Error> {
    let table = cx.table?;
    let width = cx.params.len();
    if width == 0 {
        return None;
    }
    // The values of `names` in each row of parameters (a multi-row insert
    // repeats one row's columns); a row with a NULL among them is left
    // out, as a NULL key refers to nothing.
    let rows_of = |names: &[String]| -> Option<Vec<Vec<&Value<'_>>>> {
        let at: Vec<usize> = names
            .iter()
            .map(|n| cx.params.iter().position(|p| p == n))
            .collect::<Option<_>>()?;
        Some(
            params
                .chunks(width)
                .map(|row| at.iter().filter_map(|&i| row.get(i)).collect::<Vec<_>>())
                .filter(|values| values.len() == at.len())
                .filter(|values| !values.iter().any(|v| matches!(v, Value::Null)))
                .collect(),
        )
    };
    let any_row = |in_table: &str, columns: &[String], values: &[&Value<'_>]| -> Option<bool> {
        let filter: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(i, col)| format!("{} = ?{}", quote_ident(col), i + 1))
            .collect();
        let sql = format!(
            "SELECT 1 FROM {} WHERE {} LIMIT 1",
            quote_ident(in_table),
            filter.join(" AND ")
        );
        let mut stmt = c.prepare(&sql).ok()?;
        stmt.exists(rusqlite::params_from_iter(values.iter())).ok()
    };
    if cx.removes {
        // Which table still holds rows that refer to the removed key.
        for (from, fk) in blocking_references(&table.name) {
            let Some(rows) = rows_of(&fk.ref_columns) else {
                continue; // removed by a filter: the key is not known
            };
            for values in rows {
                // (A model whose table is not in this database: no.)
                if any_row(&from, &fk.columns, &values) == Some(true) {
                    return Some(Error::ForeignKeyViolation {
                        table: from,
                        columns: fk.columns,
                        referenced_table: table.name.clone(),
                        still_referenced: true,
                        constraint: Some(fk.name),
                    });
                }
            }
        }
        return None;
    }
    // Which key of the written row refers to a row that does not exist.
    for fk in &table.foreign_keys {
        let Some(rows) = rows_of(&fk.columns) else {
            continue; // not written by this statement
        };
        for values in rows {
            if any_row(&fk.ref_table, &fk.ref_columns, &values) == Some(false) {
                return Some(Error::ForeignKeyViolation {
                    table: table.name.clone(),
                    columns: fk.columns.clone(),
                    referenced_table: fk.ref_table.clone(),
                    still_referenced: false,
                    constraint: Some(fk.name.clone()),
                });
            }
        }
    }
    None
}

/// The foreign keys of the registered models that refer to `table` and
/// stop a delete (`RESTRICT`, `NO ACTION`), each with the table holding it.
fn blocking_references(table: &str) -> Vec<(String, ForeignKey)> {
    model_tables()
        .into_iter()
        .flat_map(|t| {
            t.foreign_keys
                .into_iter()
                .filter(|fk| {
                    fk.ref_table == table
                        && matches!(fk.on_delete, FkAction::Restrict | FkAction::NoAction)
                })
                .map(move |fk| (t.name.clone(), fk))
        })
        .collect()
}

/// The tables of every registered model (read on the error path only, to
/// name the columns of a foreign key the database did not name).
fn model_tables() -> Vec<Table> {
    crate::registry::entries()
        .into_iter()
        .map(|entry| (entry.table)())
        .collect()
}

/// PostgreSQL's refusal of a prepared statement whose result columns a
/// schema change has altered.
pub(crate) fn is_stale_plan(e: &postgres::Error) -> bool {
    e.as_db_error().is_some_and(|db| {
        *db.code() == SqlState::FEATURE_NOT_SUPPORTED
            && db
                .message()
                .contains("cached plan must not change result type")
    })
}

/// A rusqlite error as an ORM error.
pub(crate) fn map_sqlite(e: rusqlite::Error, sql: &str, cx: &Context<'_>) -> Error {
    use rusqlite::ffi;
    if let rusqlite::Error::ToSqlConversionFailure(inner) = &e
        && let Some(v) = inner.downcast_ref::<ValueError>()
    {
        return Error::Value {
            table: cx.table_name(),
            column: cx.param.map_or("?".into(), |i| cx.param_column(i)),
            message: v.0.clone(),
        };
    }
    if let rusqlite::Error::SqliteFailure(code, Some(message)) = &e {
        // "UNIQUE constraint failed: user.email, user.name"
        let after_colon = || message.split_once(": ").map_or("", |(_, rest)| rest);
        let table_columns = || {
            let mut table = cx.table_name();
            let columns = after_colon()
                .split(", ")
                .filter(|s| !s.is_empty())
                .map(|tc| match tc.split_once('.') {
                    Some((t, c)) => {
                        table = t.to_string();
                        c.to_string()
                    }
                    None => tc.to_string(),
                })
                .collect::<Vec<_>>();
            (table, columns)
        };
        match code.extended_code {
            ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                let (table, columns) = table_columns();
                let constraint = cx.table.and_then(|t| unique_name(t, &columns));
                return Error::UniqueViolation {
                    table,
                    columns,
                    constraint,
                };
            }
            ffi::SQLITE_CONSTRAINT_NOTNULL => {
                let (table, columns) = table_columns();
                return Error::NotNullViolation {
                    table,
                    column: columns.join(", "),
                };
            }
            ffi::SQLITE_CONSTRAINT_CHECK => {
                return Error::CheckViolation {
                    table: cx.table_name(),
                    constraint: after_colon().to_string(),
                };
            }
            ffi::SQLITE_CONSTRAINT_FOREIGNKEY => return cx.sqlite_foreign_key(),
            _ => {}
        }
        if code.code == ffi::ErrorCode::NotADatabase || code.code == ffi::ErrorCode::CannotOpen {
            return Error::ConnectionLost {
                message: message.clone(),
            };
        }
    }
    Error::Database {
        message: e.to_string(),
        statement: sql.to_string(),
    }
}

/// The name of the unique constraint (or primary key) on exactly `columns`.
fn unique_name(table: &Table, columns: &[String]) -> Option<String> {
    let same = |cols: &[String]| cols == columns;
    table
        .unique_constraints
        .iter()
        .find(|u| same(&u.columns))
        .map(|u| u.name.clone())
        .or_else(|| {
            table
                .indexes
                .iter()
                .find(|i| i.unique && same(&i.columns))
                .map(|i| i.name.clone())
        })
        .or_else(|| {
            table
                .primary_key
                .as_ref()
                .filter(|pk| same(&pk.columns))
                .map(|_| format!("{}_pkey", table.name))
        })
}

/// The column names in a PostgreSQL detail such as
/// `Key (team_id)=(5) is not present in table "team".`
fn detail_columns(detail: Option<&str>) -> Vec<String> {
    detail
        .and_then(|d| d.strip_prefix("Key ("))
        .and_then(|d| d.split_once(")=("))
        .map(|(cols, _)| {
            cols.split(", ")
                .map(|c| c.trim_matches('"').to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// A postgres error as an ORM error.
pub(crate) fn map_postgres(e: postgres::Error, sql: &str, cx: &Context<'_>) -> Error {
    if let Some(v) = std::error::Error::source(&e).and_then(|s| s.downcast_ref::<ValueError>()) {
        // Encoding a parameter failed: "Error { kind: ToSql(3), ... }".
        let index = format!("{e:?}")
            .split("ToSql(")
            .nth(1)
            .and_then(|rest| rest.split(')').next())
            .and_then(|n| n.parse::<usize>().ok());
        return Error::Value {
            table: cx.table_name(),
            column: index.map_or("?".into(), |i| cx.param_column(i)),
            message: v.0.clone(),
        };
    }
    if let Some(db) = e.as_db_error() {
        let table = db
            .table()
            .map(str::to_string)
            .unwrap_or_else(|| cx.table_name());
        let constraint = db.constraint().map(str::to_string);
        let code = db.code();
        if *code == SqlState::UNIQUE_VIOLATION {
            let mut columns = detail_columns(db.detail());
            if columns.is_empty()
                && let (Some(t), Some(name)) = (cx.table, &constraint)
            {
                columns = t
                    .unique_constraints
                    .iter()
                    .find(|u| &u.name == name)
                    .map(|u| u.columns.clone())
                    .unwrap_or_default();
            }
            return Error::UniqueViolation {
                table,
                columns,
                constraint,
            };
        }
        if *code == SqlState::FOREIGN_KEY_VIOLATION {
            let detail = db.detail().unwrap_or_default();
            let still_referenced = detail.contains("is still referenced");
            // The constraint belongs to the referencing table (`table`).
            let fk = model_tables()
                .iter()
                .filter(|t| t.name == table)
                .flat_map(|t| t.foreign_keys.iter())
                .find(|fk| Some(&fk.name) == constraint.as_ref())
                .cloned();
            let quoted_table = detail
                .rsplit_once("table \"")
                .and_then(|(_, rest)| rest.split('"').next())
                .unwrap_or_default()
                .to_string();
            let (columns, referenced_table) = match (fk, still_referenced) {
                (Some(fk), _) => (fk.columns, fk.ref_table),
                (None, false) => (detail_columns(Some(detail)), quoted_table),
                (None, true) => (Vec::new(), cx.table_name()),
            };
            return Error::ForeignKeyViolation {
                table,
                columns,
                referenced_table,
                still_referenced,
                constraint,
            };
        }
        if *code == SqlState::NOT_NULL_VIOLATION {
            return Error::NotNullViolation {
                table,
                column: db.column().unwrap_or("?").to_string(),
            };
        }
        if *code == SqlState::CHECK_VIOLATION {
            return Error::CheckViolation {
                table,
                constraint: constraint.unwrap_or_default(),
            };
        }
        if is_stale_plan(&e) {
            return Error::Database {
                message: format!(
                    "{}: a table changed since this statement was prepared (a migration ran meanwhile); run the transaction again",
                    db.message()
                ),
                statement: sql.to_string(),
            };
        }
        if *code == SqlState::STRING_DATA_RIGHT_TRUNCATION
            || *code == SqlState::NUMERIC_VALUE_OUT_OF_RANGE
            || *code == SqlState::INVALID_TEXT_REPRESENTATION
        {
            return Error::Value {
                table,
                column: db.column().unwrap_or("?").to_string(),
                message: db.message().to_string(),
            };
        }
        if *code == SqlState::ADMIN_SHUTDOWN
            || *code == SqlState::CRASH_SHUTDOWN
            || code.code().starts_with("08")
        {
            return Error::ConnectionLost {
                message: db.message().to_string(),
            };
        }
        return Error::Database {
            message: crate::error::pg_message(&e),
            statement: sql.to_string(),
        };
    }
    if e.is_closed() || std::error::Error::source(&e).is_some_and(|s| s.is::<std::io::Error>()) {
        return Error::ConnectionLost {
            message: e.to_string(),
        };
    }
    Error::Database {
        message: e.to_string(),
        statement: sql.to_string(),
    }
}
