//! [`Record`]: what `#[derive(Model)]` adds for the ORM, and the
//! create/read/update/delete of one model, with the SQL of each statement
//! built once per model and dialect ([`Statements`]).

use super::cache::Sql;
use super::connection::Connection;
use super::error::{Error, Result};
use super::errors::Context;
use super::query::{Select, placeholder};
use super::row::Row;
use super::value::{Value, ValueError, ValueRef};
use crate::Model;
use crate::dialect::{Dialect, quote_ident};
use std::fmt::Write;
use std::sync::OnceLock;

/// At most this many rows go into one multi-row INSERT.
const MAX_ROWS_PER_INSERT: usize = 1000;

/// The ORM side of a model, implemented by `#[derive(Model)]`: typed column
/// handles, and the queries and writes of its rows.
///
/// ```
/// use migrate_core::{Model, Record, orm::Connection};
///
/// #[derive(Model, Debug, PartialEq)]
/// struct Note {
///     #[model(primary_key)]
///     id: i64,
///     text: String,
///     pinned: bool,
/// }
///
/// let mut conn = Connection::open("sqlite::memory:")?;
/// conn.execute(r#"CREATE TABLE "note" ("id" INTEGER PRIMARY KEY, "text" TEXT NOT NULL, "pinned" BOOLEAN NOT NULL)"#, &[])?;
///
/// let mut note = Note { id: 0, text: "hello".into(), pinned: false };
/// let id = note.insert(&mut conn)?;               // id 0: the database picks it
/// assert_eq!((id, note.id), (Some(1), 1));
///
/// note.pinned = true;
/// note.update(&mut conn)?;
/// assert_eq!(Note::get(&mut conn, 1)?, note);
///
/// let c = Note::columns();
/// let pinned = Note::query().filter(c.pinned.eq(true)).order_by(c.id.desc()).all(&mut conn)?;
/// assert_eq!(pinned.len(), 1);
///
/// note.delete(&mut conn)?;
/// assert!(Note::find(&mut conn, 1)?.is_none());
/// # Ok::<(), migrate_core::orm::Error>(())
/// ```
pub trait Record: Model + Sized {
    /// The primary key: the key field's type, or a tuple of them in field
    /// order for a composite key.
    type Key;

    /// The struct of typed column handles, one field per column.
    type Columns;

    /// The column handles: `User::columns().name.eq("bob")`.
    fn columns() -> Self::Columns;

    /// Column names in field order (skipped fields left out).
    #[doc(hidden)]
    const __COLUMNS: &'static [&'static str];

    /// Every column's value, in field order (an array: no allocation).
    #[doc(hidden)]
    type __Values<'a>: AsRef<[Value<'a>]> + IntoIterator<Item = Value<'a>>
    where
        Self: 'a;

    /// Every column's value, in field order.
    #[doc(hidden)]
    fn __values(&self) -> Self::__Values<'_>;

    /// Appends the values of a key, in key order.
    #[doc(hidden)]
    fn __key_values<'a>(key: &'a Self::Key, out: &mut Vec<Value<'a>>);

    /// Reads a row whose columns are `__COLUMNS`, in order.
    #[doc(hidden)]
    fn __read(row: &Row<'_>) -> Result<Self>;

    /// Sets the auto-increment key field (a model with one integer key).
    #[doc(hidden)]
    fn __set_key(&mut self, value: ValueRef<'_>) -> Result<(), ValueError>;

    /// The SQL of this model in `dialect`, built once.
    #[doc(hidden)]
    fn __statements(dialect: Dialect) -> &'static Statements;

    /// A query on the rows of this model.
    fn query() -> Select<Self> {
        Select::new()
    }

    /// The row with primary key `key`, or [`Error::NotFound`].
    fn get(conn: &mut Connection, key: Self::Key) -> Result<Self> {
        Self::find_ref(conn, &key)?.ok_or_else(|| Error::NotFound {
            table: Self::TABLE_NAME.to_string(),
            key: describe_key::<Self>(&key),
        })
    }

    /// The row with primary key `key`, if there is one.
    fn find(conn: &mut Connection, key: Self::Key) -> Result<Option<Self>> {
        Self::find_ref(conn, &key)
    }

    #[doc(hidden)]
    fn find_ref(conn: &mut Connection, key: &Self::Key) -> Result<Option<Self>> {
        let st = Self::__statements(conn.dialect());
        let mut params = Vec::with_capacity(st.key.len());
        Self::__key_values(key, &mut params);
        let mut found = None;
        conn.query(
            Sql::Fixed(&st.get),
            &params,
            &st.context(&st.key_names),
            |row| {
                found = Some(Self::__read(row)?);
                Ok(())
            },
        )?;
        Ok(found)
    }

    /// Inserts this row. When the model has an auto-increment key (one
    /// integer primary key) and the field is 0, the database picks the
    /// key: it is written into the field and returned (`RETURNING` on
    /// PostgreSQL, `last_insert_rowid()` on SQLite). Any other key value is
    /// inserted as it is, and `None` returned.
    fn insert(&mut self, conn: &mut Connection) -> Result<Option<i64>> {
        let st = Self::__statements(conn.dialect());
        let all = self.__values();
        let values = all.as_ref();
        let generated = match st.auto {
            Some(i) if values[i] == Value::Int(0) => {
                // The key is usually the first field: the rest is a slice.
                let rest;
                let values = match i {
                    0 => &values[1..],
                    _ => {
                        rest = without(values, i);
                        &rest[..]
                    }
                };
                let mut id = None;
                let cx = st.context(&st.auto_names);
                match st.dialect {
                    Dialect::Sqlite => {
                        conn.run(Sql::Fixed(&st.insert_auto), values, &cx)?;
                        id = conn.last_insert_rowid();
                    }
                    Dialect::Postgres => {
                        conn.query(Sql::Fixed(&st.insert_auto), values, &cx, |row| {
                            if let Ok(ValueRef::Int(i)) = row.get(0) {
                                id = Some(i);
                            }
                            Ok(())
                        })?;
                    }
                }
                id
            }
            _ => {
                conn.run(Sql::Fixed(&st.insert), values, &st.context(Self::__COLUMNS))?;
                None
            }
        };
        drop(all);
        if let Some(id) = generated {
            self.__set_key(ValueRef::Int(id))
                .map_err(|e| st.value_error(st.auto, e))?;
        }
        Ok(generated)
    }

    /// Inserts `rows` with multi-row INSERTs (up to 1,000 rows, and within
    /// the database's parameter limit, per statement). Auto-increment keys
    /// that are 0 are picked by the database and written back, as with
    /// [`insert`](Record::insert). Not a transaction of its own: wrap it in
    /// [`Connection::transaction`] for all-or-nothing.
    fn insert_many(conn: &mut Connection, rows: &mut [Self]) -> Result<()> {
        let st = Self::__statements(conn.dialect());
        let width = st.columns.len();
        // SQLite's default limit is 32766 parameters, PostgreSQL's 65535.
        let per_statement = (32766 / width.max(1)).clamp(1, MAX_ROWS_PER_INSERT);
        let mut start = 0;
        while start < rows.len() {
            // A batch: rows that all let the database pick the key, or
            // all give their own.
            let auto_of = |row: &Self| {
                st.auto
                    .filter(|&i| row.__values().as_ref()[i] == Value::Int(0))
            };
            let auto = auto_of(&rows[start]);
            let mut end = start + 1;
            while end < rows.len() && end - start < per_statement && auto_of(&rows[end]) == auto {
                end += 1;
            }
            let batch = &mut rows[start..end];
            let sql = st.insert_many_sql(batch.len(), auto);
            let mut values = Vec::with_capacity(batch.len() * width);
            for row in batch.iter() {
                values.extend(
                    row.__values()
                        .into_iter()
                        .enumerate()
                        .filter(|(i, _)| Some(*i) != auto)
                        .map(|(_, v)| v),
                );
            }
            let names: &[&str] = if auto.is_some() {
                &st.auto_names
            } else {
                Self::__COLUMNS
            };
            let cx = st.context(names);
            match auto {
                None => {
                    conn.run(Sql::Built(&sql), &values, &cx)?;
                }
                Some(_) => {
                    let mut ids = Vec::with_capacity(batch.len());
                    conn.query(Sql::Built(&sql), &values, &cx, |row| {
                        if let Ok(ValueRef::Int(i)) = row.get(0) {
                            ids.push(i);
                        }
                        Ok(())
                    })?;
                    drop(values);
                    for (row, id) in batch.iter_mut().zip(ids) {
                        row.__set_key(ValueRef::Int(id))
                            .map_err(|e| st.value_error(auto, e))?;
                    }
                }
            }
            start = end;
        }
        Ok(())
    }

    /// Writes every non-key column of this row, found by its primary key;
    /// [`Error::NotFound`] when no row has the key.
    fn update(&self, conn: &mut Connection) -> Result<()> {
        let st = Self::__statements(conn.dialect());
        if st.update.is_empty() {
            // Every column is part of the key: nothing to write, but the
            // row must exist.
            return match self.exists(conn)? {
                true => Ok(()),
                false => Err(self.not_found(st)),
            };
        }
        let all = self.__values();
        let values = all.as_ref();
        let params: Vec<Value<'_>> = st.update_order.iter().map(|&i| values[i].clone()).collect();
        match conn.run(
            Sql::Fixed(&st.update),
            &params,
            &st.context(&st.update_names),
        )? {
            0 => Err(self.not_found(st)),
            _ => Ok(()),
        }
    }

    /// Deletes this row, found by its primary key; [`Error::NotFound`] when
    /// no row has the key.
    fn delete(&self, conn: &mut Connection) -> Result<()> {
        let st = Self::__statements(conn.dialect());
        let params = self.key_params(st);
        let mut cx = st.context(&st.key_names);
        cx.removes = true;
        match conn.run(Sql::Fixed(&st.delete), &params, &cx)? {
            0 => Err(self.not_found(st)),
            _ => Ok(()),
        }
    }

    /// Deletes the row with primary key `key`; [`Error::NotFound`] when
    /// there is none.
    fn delete_by_key(conn: &mut Connection, key: Self::Key) -> Result<()> {
        let st = Self::__statements(conn.dialect());
        let mut params = Vec::with_capacity(st.key.len());
        Self::__key_values(&key, &mut params);
        let mut cx = st.context(&st.key_names);
        cx.removes = true;
        match conn.run(Sql::Fixed(&st.delete), &params, &cx)? {
            0 => Err(Error::NotFound {
                table: Self::TABLE_NAME.to_string(),
                key: describe_key::<Self>(&key),
            }),
            _ => Ok(()),
        }
    }

    /// Whether a row with this row's primary key exists.
    fn exists(&self, conn: &mut Connection) -> Result<bool> {
        let st = Self::__statements(conn.dialect());
        let params = self.key_params(st);
        let mut found = false;
        conn.query(
            Sql::Fixed(&st.get),
            &params,
            &st.context(&st.key_names),
            |_| {
                found = true;
                Ok(())
            },
        )?;
        Ok(found)
    }

    #[doc(hidden)]
    fn key_params(&self, st: &Statements) -> Vec<Value<'_>> {
        let mut values = self.__values().into_iter().enumerate();
        st.key
            .iter()
            .filter_map(|&k| values.find(|(i, _)| *i == k).map(|(_, v)| v))
            .collect()
    }

    #[doc(hidden)]
    fn not_found(&self, st: &Statements) -> Error {
        let params = self.key_params(st);
        Error::NotFound {
            table: Self::TABLE_NAME.to_string(),
            key: describe_values(&st.key_names, &params),
        }
    }
}

/// `values` without the one at `skip`.
fn without<'a>(values: &[Value<'a>], skip: usize) -> Vec<Value<'a>> {
    values
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != skip)
        .map(|(_, v)| v.clone())
        .collect()
}

fn describe_key<M: Record>(key: &M::Key) -> String {
    let mut params = Vec::new();
    M::__key_values(key, &mut params);
    let st = M::__statements(Dialect::Sqlite);
    describe_values(&st.key_names, &params)
}

/// `id = 5`, `team = 1 AND user = 2`.
fn describe_values(names: &[&str], values: &[Value<'_>]) -> String {
    let parts: Vec<String> = names
        .iter()
        .zip(values)
        .map(|(n, v)| {
            let v = match v {
                Value::Int(i) => i.to_string(),
                Value::Text(s) => format!("{s:?}"),
                other => format!("{other:?}"),
            };
            format!("{n} = {v}")
        })
        .collect();
    parts.join(" AND ")
}

/// The SQL of one model in one dialect, and where its key columns are.
#[derive(Debug)]
pub struct Statements {
    pub(crate) dialect: Dialect,
    table: crate::schema::Table,
    pub(crate) quoted_table: String,
    columns: &'static [&'static str],
    /// `"a", "b", "c"`
    pub(crate) select_list: String,
    /// `"id"` or `"a", "b"`
    pub(crate) key_list: String,
    /// Positions of the key columns.
    key: Vec<usize>,
    key_names: Vec<&'static str>,
    /// Position of the auto-increment key column.
    auto: Option<usize>,
    auto_names: Vec<&'static str>,
    insert: String,
    insert_auto: String,
    get: String,
    update: String,
    update_order: Vec<usize>,
    update_names: Vec<&'static str>,
    delete: String,
}

impl Statements {
    /// Builds the statements of `M`.
    pub fn new<M: Record>(dialect: Dialect) -> Statements {
        let table = M::table();
        let columns = M::__COLUMNS;
        let p = placeholder(dialect);
        let position = |name: &str| columns.iter().position(|c| *c == name);
        let key: Vec<usize> = table
            .primary_key
            .as_ref()
            .map(|pk| pk.columns.iter().filter_map(|c| position(c)).collect())
            .unwrap_or_default();
        let auto = match key.as_slice() {
            [only] if table.columns.get(*only).is_some_and(|c| c.autoincrement) => Some(*only),
            _ => None,
        };
        let quoted_table = quote_ident(&table.name);
        let list = |indices: &mut dyn Iterator<Item = usize>| {
            indices
                .map(|i| quote_ident(columns[i]))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let select_list = list(&mut (0..columns.len()));
        let key_list = list(&mut key.iter().copied());
        let key_where = |first: usize| {
            key.iter()
                .enumerate()
                .map(|(n, &i)| format!("{} = {p}{}", quote_ident(columns[i]), first + n))
                .collect::<Vec<_>>()
                .join(" AND ")
        };
        let values = |n: usize| {
            (1..=n)
                .map(|i| format!("{p}{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let insert = format!(
            "INSERT INTO {quoted_table} ({select_list}) VALUES ({})",
            values(columns.len())
        );
        let not_auto: Vec<usize> = (0..columns.len()).filter(|&i| Some(i) != auto).collect();
        let mut insert_auto = format!(
            "INSERT INTO {quoted_table} ({}) VALUES ({})",
            list(&mut not_auto.iter().copied()),
            values(not_auto.len())
        );
        if not_auto.is_empty() {
            insert_auto = format!("INSERT INTO {quoted_table} DEFAULT VALUES");
        }
        if let (Some(a), Dialect::Postgres) = (auto, dialect) {
            let _ = write!(insert_auto, " RETURNING {}", quote_ident(columns[a]));
        }
        let get = format!(
            "SELECT {select_list} FROM {quoted_table} WHERE {}",
            key_where(1)
        );
        let non_key: Vec<usize> = (0..columns.len()).filter(|i| !key.contains(i)).collect();
        let update = if non_key.is_empty() {
            String::new()
        } else {
            let sets = non_key
                .iter()
                .enumerate()
                .map(|(n, &i)| format!("{} = {p}{}", quote_ident(columns[i]), n + 1))
                .collect::<Vec<_>>()
                .join(", ");
            format!(
                "UPDATE {quoted_table} SET {sets} WHERE {}",
                key_where(non_key.len() + 1)
            )
        };
        let update_order: Vec<usize> = non_key.iter().chain(&key).copied().collect();
        let delete = format!("DELETE FROM {quoted_table} WHERE {}", key_where(1));
        Statements {
            dialect,
            quoted_table,
            columns,
            select_list,
            key_list,
            key_names: key.iter().map(|&i| columns[i]).collect(),
            auto_names: not_auto.iter().map(|&i| columns[i]).collect(),
            update_names: update_order.iter().map(|&i| columns[i]).collect(),
            key,
            auto,
            insert,
            insert_auto,
            get,
            update,
            update_order,
            delete,
            table,
        }
    }

    /// The error context of a statement whose parameters are `params`.
    pub(crate) fn context<'a>(&'a self, params: &'a [&'a str]) -> Context<'a> {
        Context {
            table: Some(&self.table),
            params,
            removes: false,
            param: None,
        }
    }

    fn value_error(&self, column: Option<usize>, e: ValueError) -> Error {
        Error::Value {
            table: self.table.name.clone(),
            column: column.map_or("?", |i| self.columns[i]).to_string(),
            message: e.0,
        }
    }

    /// `INSERT ... VALUES (...), (...)` for `rows` rows, without the auto
    /// key column (and returning it) when `auto` is set.
    fn insert_many_sql(&self, rows: usize, auto: Option<usize>) -> String {
        let width = self.columns.len() - usize::from(auto.is_some());
        let p = placeholder(self.dialect);
        let mut sql = String::with_capacity(64 + rows * width * 6);
        let names: Vec<&str> = match auto {
            // Only the generated key: name it, and let the database pick
            // each value (SQLite picks a rowid for a NULL key).
            Some(a) if width == 0 => vec![self.columns[a]],
            Some(_) => self.auto_names.clone(),
            None => self.columns.to_vec(),
        };
        let _ = write!(
            sql,
            "INSERT INTO {} ({}) VALUES ",
            self.quoted_table,
            names
                .iter()
                .map(|c| quote_ident(c))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut n = 0;
        for r in 0..rows {
            sql.push_str(if r == 0 { "(" } else { ", (" });
            if width == 0 {
                sql.push_str(match self.dialect {
                    Dialect::Sqlite => "NULL",
                    Dialect::Postgres => "DEFAULT",
                });
            }
            for c in 0..width {
                n += 1;
                let _ = write!(sql, "{}{p}{n}", if c == 0 { "" } else { ", " });
            }
            sql.push(')');
        }
        if let Some(a) = auto {
            let _ = write!(sql, " RETURNING {}", quote_ident(self.columns[a]));
        }
        sql
    }
}

/// The per-model cache of [`Statements`], one per dialect; the derive puts
/// one in a `static`.
#[doc(hidden)]
pub struct StatementsCell {
    sqlite: OnceLock<Statements>,
    postgres: OnceLock<Statements>,
}

impl Default for StatementsCell {
    fn default() -> Self {
        Self::new()
    }
}

impl StatementsCell {
    /// An empty cache.
    pub const fn new() -> Self {
        StatementsCell {
            sqlite: OnceLock::new(),
            postgres: OnceLock::new(),
        }
    }

    /// The statements of `M` in `dialect`.
    pub fn get<M: Record>(&'static self, dialect: Dialect) -> &'static Statements {
        let cell = match dialect {
            Dialect::Sqlite => &self.sqlite,
            Dialect::Postgres => &self.postgres,
        };
        cell.get_or_init(|| Statements::new::<M>(dialect))
    }
}
