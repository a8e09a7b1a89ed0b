//! Schema operations: what the diff produces, what revision files run, and
//! what the dialects turn into SQL.
//!
//! Every operation knows its reverse when it carries enough of the old state
//! (the diff always fills it in), changes an in-memory [`Schema`](crate::schema::Schema) the way it
//! would change the database ([`Operation::apply`]), and describes itself in
//! Alembic's words ([`Operation::describe`]).

mod apply;
mod describe;
pub mod rust;
mod value;

pub use value::Value;

use crate::schema::{
    CheckConstraint, Column, ColumnType, ForeignKey, Index, PrimaryKey, Table, UniqueConstraint,
};

/// One schema change.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Operation {
    /// `CREATE TABLE` with its columns, keys and constraints (and indexes).
    CreateTable(Table),
    /// `DROP TABLE`; `existing` is the table as it was, for the reverse.
    DropTable {
        /// Table name.
        name: String,
        /// The table before the drop.
        existing: Option<Table>,
    },
    /// Rename a table.
    RenameTable {
        /// Old name.
        from: String,
        /// New name.
        to: String,
    },
    /// Add a column.
    AddColumn {
        /// Table name.
        table: String,
        /// The new column.
        column: Column,
    },
    /// Drop a column.
    DropColumn {
        /// Table name.
        table: String,
        /// Column name.
        name: String,
        /// The column before the drop.
        existing: Option<Column>,
    },
    /// Rename a column.
    RenameColumn {
        /// Table name.
        table: String,
        /// Old name.
        from: String,
        /// New name.
        to: String,
    },
    /// Change a column's type, nullability, default, comment or auto-increment.
    AlterColumn {
        /// Table name.
        table: String,
        /// Column name.
        column: String,
        /// The new values.
        changes: ColumnChanges,
        /// The old values of what changes, for the reverse.
        previous: Option<ColumnChanges>,
    },
    /// Create an index.
    CreateIndex {
        /// Table name.
        table: String,
        /// The index.
        index: Index,
    },
    /// Drop an index.
    DropIndex {
        /// Table name.
        table: String,
        /// Index name.
        name: String,
        /// The index before the drop.
        existing: Option<Index>,
    },
    /// Add a unique constraint.
    AddUnique {
        /// Table name.
        table: String,
        /// The constraint.
        constraint: UniqueConstraint,
    },
    /// Add a foreign key.
    AddForeignKey {
        /// Table name.
        table: String,
        /// The foreign key.
        fk: ForeignKey,
    },
    /// Add a check constraint.
    AddCheck {
        /// Table name.
        table: String,
        /// The constraint.
        check: CheckConstraint,
    },
    /// Add a primary key.
    AddPrimaryKey {
        /// Table name.
        table: String,
        /// The key.
        pk: PrimaryKey,
    },
    /// Drop a named constraint (unique, foreign key, check or primary key).
    DropConstraint {
        /// Table name.
        table: String,
        /// Constraint name.
        name: String,
        /// The constraint before the drop.
        existing: Option<Constraint>,
    },
    /// Set or remove a table comment.
    SetTableComment {
        /// Table name.
        table: String,
        /// The new comment.
        comment: Option<String>,
        /// The old comment, for the reverse.
        previous: Option<Option<String>>,
    },
    /// Rows inserted as literals (`op.bulk_insert`).
    BulkInsert {
        /// Table name.
        table: String,
        /// The columns given for each row.
        columns: Vec<String>,
        /// The rows, one value per column.
        rows: Vec<Vec<Value>>,
    },
    /// Raw SQL.
    Execute {
        /// The SQL text.
        sql: String,
    },
}

/// A constraint of any kind (what [`Operation::DropConstraint`] removes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Constraint {
    /// Unique constraint.
    Unique(UniqueConstraint),
    /// Foreign key.
    ForeignKey(ForeignKey),
    /// Check constraint.
    Check(CheckConstraint),
    /// Primary key.
    PrimaryKey(PrimaryKey),
}

/// What an [`Operation::AlterColumn`] changes; `None` leaves a property as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnChanges {
    /// New type.
    pub ty: Option<ColumnType>,
    /// New nullability.
    pub nullable: Option<bool>,
    /// New server default (`Some(None)` removes it).
    pub default: Option<Option<String>>,
    /// New comment (`Some(None)` removes it).
    pub comment: Option<Option<String>>,
    /// New auto-increment flag.
    pub autoincrement: Option<bool>,
}

impl ColumnChanges {
    /// No change.
    pub fn new() -> Self {
        <Self as Default>::default()
    }
    /// Change the type.
    pub fn ty(mut self, ty: ColumnType) -> Self {
        self.ty = Some(ty);
        self
    }
    /// Change nullability.
    pub fn nullable(mut self, nullable: bool) -> Self {
        self.nullable = Some(nullable);
        self
    }
    /// Change the server default (`None` removes it).
    pub fn default(mut self, default: Option<&str>) -> Self {
        self.default = Some(default.map(str::to_string));
        self
    }
    /// Change the comment (`None` removes it).
    pub fn comment(mut self, comment: Option<&str>) -> Self {
        self.comment = Some(comment.map(str::to_string));
        self
    }
    /// Change auto-increment.
    pub fn autoincrement(mut self, autoincrement: bool) -> Self {
        self.autoincrement = Some(autoincrement);
        self
    }
    /// True when nothing changes.
    pub fn is_empty(&self) -> bool {
        *self == <Self as Default>::default()
    }
    /// The values `column` has for the properties this changes.
    pub fn previous_of(&self, column: &Column) -> ColumnChanges {
        ColumnChanges {
            ty: self.ty.as_ref().map(|_| column.ty.clone()),
            nullable: self.nullable.map(|_| column.nullable),
            default: self.default.as_ref().map(|_| column.default.clone()),
            comment: self.comment.as_ref().map(|_| column.comment.clone()),
            autoincrement: self.autoincrement.map(|_| column.autoincrement),
        }
    }
    /// Applies these changes to `column`.
    pub fn apply_to(&self, column: &mut Column) {
        if let Some(ty) = &self.ty {
            column.ty = ty.clone();
        }
        if let Some(n) = self.nullable {
            column.nullable = n;
        }
        if let Some(d) = &self.default {
            column.default = d.clone();
        }
        if let Some(c) = &self.comment {
            column.comment = c.clone();
        }
        if let Some(a) = self.autoincrement {
            column.autoincrement = a;
        }
    }
}

impl Constraint {
    /// The constraint's name (`None` for an unnamed primary key).
    pub fn name(&self) -> Option<&str> {
        match self {
            Self::Unique(u) => Some(&u.name),
            Self::ForeignKey(f) => Some(&f.name),
            Self::Check(c) => Some(&c.name),
            Self::PrimaryKey(p) => p.name.as_deref(),
        }
    }
}

impl Operation {
    /// The operation that undoes this one, when it carries enough of the old
    /// state (`None` for raw SQL and for drops without their definition).
    pub fn reverse(&self) -> Option<Operation> {
        use Operation::*;
        Some(match self {
            CreateTable(t) => DropTable {
                name: t.name.clone(),
                existing: Some(t.clone()),
            },
            DropTable { existing, .. } => CreateTable(existing.clone()?),
            RenameTable { from, to } => RenameTable {
                from: to.clone(),
                to: from.clone(),
            },
            AddColumn { table, column } => DropColumn {
                table: table.clone(),
                name: column.name.clone(),
                existing: Some(column.clone()),
            },
            DropColumn {
                table, existing, ..
            } => AddColumn {
                table: table.clone(),
                column: existing.clone()?,
            },
            RenameColumn { table, from, to } => RenameColumn {
                table: table.clone(),
                from: to.clone(),
                to: from.clone(),
            },
            AlterColumn {
                table,
                column,
                changes,
                previous,
            } => AlterColumn {
                table: table.clone(),
                column: column.clone(),
                changes: previous.clone()?,
                previous: Some(changes.clone()),
            },
            CreateIndex { table, index } => DropIndex {
                table: table.clone(),
                name: index.name.clone(),
                existing: Some(index.clone()),
            },
            DropIndex {
                table, existing, ..
            } => CreateIndex {
                table: table.clone(),
                index: existing.clone()?,
            },
            AddUnique { table, constraint } => {
                drop_constraint(table, Constraint::Unique(constraint.clone()))
            }
            AddForeignKey { table, fk } => {
                drop_constraint(table, Constraint::ForeignKey(fk.clone()))
            }
            AddCheck { table, check } => drop_constraint(table, Constraint::Check(check.clone())),
            AddPrimaryKey { table, pk } => {
                drop_constraint(table, Constraint::PrimaryKey(pk.clone()))
            }
            DropConstraint {
                table, existing, ..
            } => {
                let table = table.clone();
                match existing.clone()? {
                    Constraint::Unique(constraint) => AddUnique { table, constraint },
                    Constraint::ForeignKey(fk) => AddForeignKey { table, fk },
                    Constraint::Check(check) => AddCheck { table, check },
                    Constraint::PrimaryKey(pk) => AddPrimaryKey { table, pk },
                }
            }
            SetTableComment {
                table,
                comment,
                previous,
            } => SetTableComment {
                table: table.clone(),
                comment: previous.clone()?,
                previous: Some(comment.clone()),
            },
            Execute { .. } | BulkInsert { .. } => return None,
        })
    }

    /// The table this operation works on (the new name for a rename; `None` for raw SQL).
    pub fn table_name(&self) -> Option<&str> {
        use Operation::*;
        Some(match self {
            CreateTable(t) => &t.name,
            DropTable { name, .. } => name,
            RenameTable { to, .. } => to,
            AddColumn { table, .. }
            | DropColumn { table, .. }
            | RenameColumn { table, .. }
            | AlterColumn { table, .. }
            | CreateIndex { table, .. }
            | DropIndex { table, .. }
            | AddUnique { table, .. }
            | AddForeignKey { table, .. }
            | AddCheck { table, .. }
            | AddPrimaryKey { table, .. }
            | DropConstraint { table, .. }
            | SetTableComment { table, .. }
            | BulkInsert { table, .. } => table,
            Execute { .. } => return None,
        })
    }
}

fn drop_constraint(table: &str, c: Constraint) -> Operation {
    let name = match &c {
        Constraint::PrimaryKey(pk) => pk
            .name
            .clone()
            .unwrap_or_else(|| crate::schema::naming::primary_key(table)),
        other => other.name().unwrap_or_default().to_string(),
    };
    Operation::DropConstraint {
        table: table.to_string(),
        name,
        existing: Some(c),
    }
}

/// Reverses a list of operations: the reverse of each, last first. `None`
/// when one of them cannot be reversed.
pub fn reverse_all(ops: &[Operation]) -> Option<Vec<Operation>> {
    ops.iter().rev().map(Operation::reverse).collect()
}
