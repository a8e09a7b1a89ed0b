//! The registry of models compiled into a binary.
//!
//! `#[derive(Model)]` adds a [`ModelEntry`] to the [`MIGRATE_MODELS`]
//! distributed slice. [`load`] reads it in a defined order (by table name)
//! and checks what no single derive can see.

use crate::error::{Error, Result};
use crate::schema::{Schema, Table};
use std::collections::BTreeMap;

/// One registered model.
#[derive(Debug)]
pub struct ModelEntry {
    /// The Rust path of the model type (`myapp::User`).
    pub type_name: &'static str,
    /// The source file that defines it.
    pub file: &'static str,
    /// The line of the definition.
    pub line: u32,
    /// Builds the table.
    pub table: fn() -> Table,
}

impl ModelEntry {
    /// `myapp::User (src/lib.rs:12)`
    pub fn location(&self) -> String {
        format!("{} ({}:{})", self.type_name, self.file, self.line)
    }
}

/// Every model linked into this binary. Its order is not defined: use [`load`].
#[linkme::distributed_slice]
pub static MIGRATE_MODELS: [ModelEntry];

/// PostgreSQL truncates identifiers longer than this many bytes.
pub const MAX_IDENTIFIER_BYTES: usize = 63;

/// The registered models as a schema, checked.
pub fn load() -> Result<Schema> {
    schema_from(MIGRATE_MODELS.iter())
}

/// The registered entries, sorted by type name (then file and line).
pub fn entries() -> Vec<&'static ModelEntry> {
    let mut v: Vec<_> = MIGRATE_MODELS.iter().collect();
    v.sort_by_key(|e| (e.type_name, e.file, e.line));
    v
}

/// Builds and checks a schema from model entries: one table name per model,
/// every foreign key pointing at an existing table and column, no identifier
/// longer than [`MAX_IDENTIFIER_BYTES`].
pub fn schema_from<'a>(entries: impl IntoIterator<Item = &'a ModelEntry>) -> Result<Schema> {
    let mut by_name: BTreeMap<String, (&ModelEntry, Table)> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut sorted: Vec<&ModelEntry> = entries.into_iter().collect();
    sorted.sort_by_key(|e| (e.type_name, e.file, e.line));
    for entry in sorted {
        let table = (entry.table)();
        if let Some((other, _)) = by_name.get(&table.name) {
            errors.push(format!(
                "table `{}` is declared by two models: {} and {}; rename one with #[model(table = \"...\")]",
                table.name,
                other.location(),
                entry.location()
            ));
            continue;
        }
        by_name.insert(table.name.clone(), (entry, table));
    }
    for (entry, table) in by_name.values() {
        for name in identifiers(table) {
            if name.len() > MAX_IDENTIFIER_BYTES {
                errors.push(format!(
                    "identifier `{name}` in {} is {} bytes long; PostgreSQL allows {MAX_IDENTIFIER_BYTES}: give it a shorter name",
                    entry.location(),
                    name.len()
                ));
            }
        }
        for fk in &table.foreign_keys {
            let here = format!("{}.{}", table.name, fk.columns.join(","));
            match by_name.get(&fk.ref_table) {
                None => errors.push(format!(
                    "foreign key `{here}` in {} references table `{}`, which no model declares; add a model for it or fix `references`",
                    entry.location(),
                    fk.ref_table
                )),
                Some((target, ref_table)) => {
                    for col in &fk.ref_columns {
                        if ref_table.get_column(col).is_none() {
                            errors.push(format!(
                                "foreign key `{here}` in {} references column `{}.{col}`, which {} does not have",
                                entry.location(),
                                fk.ref_table,
                                target.location()
                            ));
                        }
                    }
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(Error::Registry(errors));
    }
    Ok(Schema::new(by_name.into_values().map(|(_, t)| t).collect()))
}

fn identifiers(table: &Table) -> Vec<&str> {
    let mut v = vec![table.name.as_str()];
    v.extend(table.columns.iter().map(|c| c.name.as_str()));
    v.extend(table.indexes.iter().map(|i| i.name.as_str()));
    v.extend(table.unique_constraints.iter().map(|u| u.name.as_str()));
    v.extend(table.foreign_keys.iter().map(|f| f.name.as_str()));
    v.extend(table.check_constraints.iter().map(|c| c.name.as_str()));
    v
}
