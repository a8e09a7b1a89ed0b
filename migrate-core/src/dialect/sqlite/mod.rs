//! SQLite: types, DDL (with table rebuilds), introspection.
//!
//! - [`type_sql`] / [`parse_type`]: each portable type has a spelling that
//!   reads back exactly; common synonyms are understood.
//! - [`ddl`]: native `ALTER TABLE` where SQLite can make the change in place,
//!   otherwise a table rebuild that keeps every row, rowid, index, trigger,
//!   foreign key, `STRICT` and `WITHOUT ROWID`.
//! - [`introspect`]: the live schema in a fixed number of queries, however
//!   many tables there are.
//!
//! What the schema model cannot hold, and so is not read or kept through a
//! rebuild:
//!
//! - comments (SQLite stores none: never written, read back as `None`);
//! - expression and partial indexes (skipped by introspection), index
//!   column order (`DESC`) and collations;
//! - generated columns, column collations, the `AUTOINCREMENT` keyword (a
//!   rebuilt rowid alias is a plain `INTEGER PRIMARY KEY`);
//! - the portable type of a rowid alias: only `INTEGER PRIMARY KEY` aliases
//!   the rowid, so a `SMALLINT`/`BIGINT` auto-increment key reads back as
//!   [`ColumnType::Integer`](crate::schema::ColumnType::Integer).
//!
//! Unnamed CHECK constraints are read with PostgreSQL's names (`t_check`,
//! `t_check1`, ...) and written with them on a rebuild; an unnamed primary
//! key is written as `CONSTRAINT "<t>_pkey"` (except a rowid alias).

mod ddl;
mod default;
mod introspect;
mod lex;
mod parse;
mod rebuild;
mod types;

pub use ddl::ddl;
pub use default::normalize_default;
pub use introspect::introspect;
pub(crate) use lex::mentions;
pub use types::{parse_type, type_sql};
