//! # migrate-core
//!
//! Describe tables as Rust structs with `#[derive(Model)]`; compare them with
//! a live SQLite or PostgreSQL database; get the operations that bring the
//! database to the models, as SQL or as Rust for a revision file.
//!
//! Data flows one way: models ([`registry`]) and the database
//! ([`Database::introspect`]) are both read into one [`schema::Schema`]; the
//! [`diff`] turns two schemas into [`ops::Operation`]s; operations render to
//! SQL through a [`Dialect`] or to Rust through [`ops::rust`].

pub mod db;
pub mod dialect;
pub mod diff;
pub mod error;
pub mod model;
pub mod ops;
pub mod orm;
pub mod registry;
pub mod revision;
pub mod runner;
pub mod schema;
pub mod url;

pub use db::Database;
pub use dialect::{Dialect, IntrospectOptions};
pub use error::{Error, Result};
pub use migrate_derive::{Model, embed_revisions};
pub use model::{Model, SqlType};
pub use orm::Record;

/// Not public API: what the derive's generated code refers to.
#[doc(hidden)]
pub mod __private {
    pub use crate::model::{column_for, finish_table};
    pub use crate::orm::support::{
        NoDefault, NoSqlType, Probe, ViaDefault, ViaSqlType, read_field, skipped_without_default,
    };
    pub use crate::orm::{Row, Statements, StatementsCell};
    pub use crate::registry::{MIGRATE_MODELS, ModelEntry};
    pub use crate::revision::{MIGRATE_REVISIONS, RevisionEntry, assert_revision_id};
    pub use crate::runner::{MIGRATE_REVISION_SOURCES, RevisionSource};
    pub use linkme;
}

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
