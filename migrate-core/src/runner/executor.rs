//! Where a revision's operations go: a live database, or an SQL script.

use crate::db::Database;
use crate::dialect::{Dialect, IntrospectOptions};
use crate::error::Result;
use crate::ops::Operation;
use crate::revision::Executor;
use crate::schema::Schema;

/// Runs operations on a live connection. On SQLite it keeps the schema in
/// step (read once, then followed op by op) because table rebuilds need it;
/// raw SQL and direct use of the connection make it read the schema again.
pub struct LiveExecutor<'a> {
    db: &'a mut Database,
    schema: Option<Schema>,
    options: IntrospectOptions,
}

impl<'a> LiveExecutor<'a> {
    /// An executor on `db`; `options` names the bookkeeping tables to leave out.
    pub fn new(db: &'a mut Database, options: IntrospectOptions) -> Self {
        LiveExecutor {
            db,
            schema: None,
            options,
        }
    }
}

impl Executor for LiveExecutor<'_> {
    fn run(&mut self, op: Operation) -> Result<()> {
        let dialect = self.db.dialect();
        if dialect == Dialect::Postgres {
            // PostgreSQL DDL does not depend on the current schema.
            for stmt in dialect.ddl(&op, &Schema::default())? {
                self.db.execute(&stmt)?;
            }
            return Ok(());
        }
        if self.schema.is_none() {
            self.schema = Some(self.db.introspect(&self.options)?);
        }
        let schema = self.schema.as_mut().expect("read above");
        for stmt in dialect.ddl(&op, schema)? {
            self.db.execute(&stmt)?;
        }
        if matches!(op, Operation::Execute { .. }) {
            self.schema = None;
        } else {
            op.apply(schema)?;
        }
        Ok(())
    }

    fn database(&mut self) -> Option<&mut Database> {
        self.schema = None;
        Some(self.db)
    }

    fn dialect(&self) -> Dialect {
        self.db.dialect()
    }
}

/// Writes the SQL that operations would run, without a connection. It
/// follows the schema in memory from `schema` (SQLite rebuilds need it).
#[derive(Debug)]
pub struct SqlWriter {
    dialect: Dialect,
    /// The schema as the script leaves it so far.
    pub schema: Schema,
    /// The statements, in order.
    pub statements: Vec<String>,
}

impl SqlWriter {
    /// A writer for `dialect` starting from `schema`.
    pub fn new(dialect: Dialect, schema: Schema) -> Self {
        SqlWriter {
            dialect,
            schema,
            statements: Vec::new(),
        }
    }

    /// The script: one statement per line group, each ended by `;`.
    pub fn script(&self) -> String {
        let mut out = String::new();
        for s in &self.statements {
            out.push_str(s.trim_end().trim_end_matches(';'));
            out.push_str(";\n\n");
        }
        out
    }
}

impl Executor for SqlWriter {
    fn run(&mut self, op: Operation) -> Result<()> {
        self.statements.extend(self.dialect.ddl(&op, &self.schema)?);
        op.apply(&mut self.schema)
    }

    fn database(&mut self) -> Option<&mut Database> {
        None
    }

    fn dialect(&self) -> Dialect {
        self.dialect
    }
}
