//! The one schema model: what both the models and a live database are read into.
//!
//! [`Schema`] holds [`Table`]s; a table holds [`Column`]s, its primary key,
//! indexes, unique, foreign-key and check constraints. The autogenerate diff
//! compares two schemas; operations change one.

mod table;
mod types;

pub use table::{
    CheckConstraint, Column, FkAction, ForeignKey, Index, PrimaryKey, Table, TableOptions,
    UniqueConstraint,
};
pub use types::ColumnType;

/// A set of tables, kept sorted by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schema {
    /// The tables, sorted by name.
    pub tables: Vec<Table>,
}

impl Schema {
    /// A schema holding `tables`, sorted by name.
    pub fn new(mut tables: Vec<Table>) -> Self {
        tables.sort_by(|a, b| a.name.cmp(&b.name));
        Schema { tables }
    }

    /// The table called `name`.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables
            .binary_search_by(|t| t.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.tables[i])
    }

    /// The table called `name`, mutably.
    pub fn table_mut(&mut self, name: &str) -> Option<&mut Table> {
        match self.tables.binary_search_by(|t| t.name.as_str().cmp(name)) {
            Ok(i) => Some(&mut self.tables[i]),
            Err(_) => None,
        }
    }

    /// Adds or replaces a table, keeping the order.
    pub fn insert(&mut self, table: Table) {
        match self
            .tables
            .binary_search_by(|t| t.name.as_str().cmp(&table.name))
        {
            Ok(i) => self.tables[i] = table,
            Err(i) => self.tables.insert(i, table),
        }
    }

    /// Removes the table called `name` and returns it.
    pub fn remove(&mut self, name: &str) -> Option<Table> {
        match self.tables.binary_search_by(|t| t.name.as_str().cmp(name)) {
            Ok(i) => Some(self.tables.remove(i)),
            Err(_) => None,
        }
    }
}

/// Name-generation conventions for constraints and indexes that the user did
/// not name. They follow PostgreSQL's own defaults, so a database created by
/// hand with unnamed constraints usually matches.
pub mod naming {
    /// `{table}_pkey`
    pub fn primary_key(table: &str) -> String {
        format!("{table}_pkey")
    }
    /// `{table}_{columns}_key`
    pub fn unique(table: &str, columns: &[&str]) -> String {
        format!("{table}_{}_key", columns.join("_"))
    }
    /// `ix_{table}_{columns}`
    pub fn index(table: &str, columns: &[&str]) -> String {
        format!("ix_{table}_{}", columns.join("_"))
    }
    /// `{table}_{columns}_fkey`
    pub fn foreign_key(table: &str, columns: &[&str]) -> String {
        format!("{table}_{}_fkey", columns.join("_"))
    }
}
