//! Autogenerate: (database schema, model schema) -> ordered operations.

use crate::dialect::Dialect;
use crate::ops::Operation;
use crate::schema::Schema;

/// What the comparison looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiffOptions {
    /// Compare column types.
    pub compare_types: bool,
    /// Compare server defaults (after normalization).
    pub compare_server_defaults: bool,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            compare_types: true,
            compare_server_defaults: true,
        }
    }
}

/// The operations that turn the database schema `db` into the model schema
/// `model`, ordered so that foreign keys always hold.
pub fn diff(db: &Schema, model: &Schema, dialect: Dialect, options: DiffOptions) -> Vec<Operation> {
    let _ = (db, model, dialect, options);
    Vec::new()
}
