//! The run-time ORM: the `#[derive(Model)]` structs that drive migrations
//! also read and write rows, on SQLite and PostgreSQL.
//!
//! - [`Connection`] opens the URLs the CLI takes, caches prepared
//!   statements, runs [transactions](Connection::transaction) (savepoints
//!   when nested) and hands out the driver's own connection.
//! - [`Record`] (implemented by the derive) inserts, gets, updates and
//!   deletes rows by primary key, and starts [`Select`] queries.
//! - [`Column`] handles (`User::columns().name`) are typed: a filter only
//!   compiles with a value of the column's field type.
//! - [`Value`]/[`ValueRef`] carry values in and out; every value is a
//!   statement parameter, never SQL text.
//! - [`Error`] says what failed, where: not found, unique or foreign-key
//!   violation, a value that does not fit, a lost connection.
//!
//! ```
//! use migrate_core::{Model, Record, orm::Connection};
//!
//! #[derive(Model, Debug)]
//! struct Book {
//!     #[model(primary_key)]
//!     id: i64,
//!     title: String,
//!     year: Option<i32>,
//! }
//!
//! let mut conn = Connection::open("sqlite::memory:")?;
//! conn.execute(r#"CREATE TABLE "book" ("id" INTEGER PRIMARY KEY, "title" TEXT NOT NULL, "year" INTEGER)"#, &[])?;
//! conn.transaction(|tx| {
//!     Book { id: 0, title: "Dune".into(), year: Some(1965) }.insert(tx)?;
//!     Book { id: 0, title: "Untitled".into(), year: None }.insert(tx)
//! })?;
//! let c = Book::columns();
//! let old = Book::query().filter(c.year.lt(2000) | c.year.is_null()).count(&mut conn)?;
//! assert_eq!(old, 2);
//! # Ok::<(), migrate_core::orm::Error>(())
//! ```

mod cache;
mod column;
mod connection;
mod error;
mod errors;
mod postgres;
mod query;
mod record;
mod row;
mod sqlite;
#[doc(hidden)]
pub mod support;
pub(crate) mod value;

pub use column::{Assignment, Column, Expr, Operand, Order, TextType};
pub use connection::Connection;
pub use error::{Error, Result};
pub use query::Select;
pub use record::{Record, Statements, StatementsCell};
pub use row::Row;
pub use value::{Value, ValueError, ValueRef};

/// What ORM code usually needs: `use migrate_core::orm::prelude::*;`.
pub mod prelude {
    pub use super::{Connection, Error, Expr, Record};
    pub use crate::Model;
}
