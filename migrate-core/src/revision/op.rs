//! The `op` handle that a revision's `upgrade` and `downgrade` receive.

use crate::db::Database;
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::ops::{ColumnChanges, Operation, Value};
use crate::schema::{
    CheckConstraint, Column, ForeignKey, Index, PrimaryKey, Table, UniqueConstraint,
};

/// Where the operations of a revision go: a live database, or a script
/// (offline mode), or a list (tests).
pub trait Executor {
    /// Carries out one operation.
    fn run(&mut self, op: Operation) -> Result<()>;
    /// The live connection; `None` in offline mode.
    fn database(&mut self) -> Option<&mut Database>;
    /// The dialect the operations are for.
    fn dialect(&self) -> Dialect;
}

/// The operations handle: every schema change Alembic's `op` offers, raw SQL,
/// and the live connection for data migrations written in Rust.
pub struct Op<'a> {
    exec: &'a mut dyn Executor,
}

impl<'a> Op<'a> {
    /// A handle that sends operations to `exec`.
    pub fn new(exec: &'a mut dyn Executor) -> Self {
        Op { exec }
    }

    /// Runs any [`Operation`].
    pub fn run(&mut self, op: Operation) -> Result<()> {
        self.exec.run(op)
    }

    /// The dialect of the target database.
    pub fn dialect(&self) -> Dialect {
        self.exec.dialect()
    }

    /// The live connection, for data migrations written in Rust. Fails in
    /// offline (`--sql`) mode, where there is no connection.
    pub fn connection(&mut self) -> Result<&mut Database> {
        self.exec.database().ok_or_else(|| {
            Error::Unsupported(
                "this revision uses the live connection, which offline (--sql) mode does not have; run it against a database".into(),
            )
        })
    }

    /// `CREATE TABLE`.
    pub fn create_table(&mut self, table: Table) -> Result<()> {
        self.run(Operation::CreateTable(table))
    }

    /// `DROP TABLE`.
    pub fn drop_table(&mut self, name: &str) -> Result<()> {
        self.run(Operation::DropTable {
            name: name.into(),
            existing: None,
        })
    }

    /// Renames a table.
    pub fn rename_table(&mut self, from: &str, to: &str) -> Result<()> {
        self.run(Operation::RenameTable {
            from: from.into(),
            to: to.into(),
        })
    }

    /// Adds a column.
    pub fn add_column(&mut self, table: &str, column: Column) -> Result<()> {
        self.run(Operation::AddColumn {
            table: table.into(),
            column,
        })
    }

    /// Drops a column.
    pub fn drop_column(&mut self, table: &str, name: &str) -> Result<()> {
        self.run(Operation::DropColumn {
            table: table.into(),
            name: name.into(),
            existing: None,
        })
    }

    /// Renames a column.
    pub fn rename_column(&mut self, table: &str, from: &str, to: &str) -> Result<()> {
        self.run(Operation::RenameColumn {
            table: table.into(),
            from: from.into(),
            to: to.into(),
        })
    }

    /// Changes a column's type, nullability, default, comment or auto-increment.
    pub fn alter_column(
        &mut self,
        table: &str,
        column: &str,
        changes: ColumnChanges,
    ) -> Result<()> {
        self.run(Operation::AlterColumn {
            table: table.into(),
            column: column.into(),
            changes,
            previous: None,
        })
    }

    /// Creates an index.
    pub fn create_index(&mut self, table: &str, index: Index) -> Result<()> {
        self.run(Operation::CreateIndex {
            table: table.into(),
            index,
        })
    }

    /// Drops an index.
    pub fn drop_index(&mut self, table: &str, name: &str) -> Result<()> {
        self.run(Operation::DropIndex {
            table: table.into(),
            name: name.into(),
            existing: None,
        })
    }

    /// Adds a unique constraint.
    pub fn create_unique_constraint(
        &mut self,
        table: &str,
        constraint: UniqueConstraint,
    ) -> Result<()> {
        self.run(Operation::AddUnique {
            table: table.into(),
            constraint,
        })
    }

    /// Adds a foreign key.
    pub fn create_foreign_key(&mut self, table: &str, fk: ForeignKey) -> Result<()> {
        self.run(Operation::AddForeignKey {
            table: table.into(),
            fk,
        })
    }

    /// Adds a check constraint.
    pub fn create_check_constraint(&mut self, table: &str, check: CheckConstraint) -> Result<()> {
        self.run(Operation::AddCheck {
            table: table.into(),
            check,
        })
    }

    /// Adds a primary key.
    pub fn create_primary_key(&mut self, table: &str, pk: PrimaryKey) -> Result<()> {
        self.run(Operation::AddPrimaryKey {
            table: table.into(),
            pk,
        })
    }

    /// Drops a named constraint of any kind.
    pub fn drop_constraint(&mut self, table: &str, name: &str) -> Result<()> {
        self.run(Operation::DropConstraint {
            table: table.into(),
            name: name.into(),
            existing: None,
        })
    }

    /// Sets (or with `None` removes) a table comment.
    pub fn set_table_comment(&mut self, table: &str, comment: Option<&str>) -> Result<()> {
        self.run(Operation::SetTableComment {
            table: table.into(),
            comment: comment.map(str::to_string),
            previous: None,
        })
    }

    /// Inserts rows, written as literals (so offline mode prints them too):
    /// `op.bulk_insert("team", &["name"], vec![vec!["red".into()]])`.
    pub fn bulk_insert(
        &mut self,
        table: &str,
        columns: &[&str],
        rows: Vec<Vec<Value>>,
    ) -> Result<()> {
        self.run(Operation::BulkInsert {
            table: table.into(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows,
        })
    }

    /// Runs raw SQL.
    pub fn execute(&mut self, sql: &str) -> Result<()> {
        self.run(Operation::Execute { sql: sql.into() })
    }
}

/// An executor that only records operations (for tests and previews).
#[derive(Debug)]
pub struct Recorder {
    /// The dialect to report.
    pub dialect: Dialect,
    /// What was run, in order.
    pub ops: Vec<Operation>,
}

impl Executor for Recorder {
    fn run(&mut self, op: Operation) -> Result<()> {
        self.ops.push(op);
        Ok(())
    }
    fn database(&mut self) -> Option<&mut Database> {
        None
    }
    fn dialect(&self) -> Dialect {
        self.dialect
    }
}
