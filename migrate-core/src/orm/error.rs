//! The ORM's error type: one variant per thing a caller may want to handle
//! (a missing row, a duplicate, a broken reference, a value that does not
//! fit, a lost connection), each naming the table and column, each a single
//! line.

/// A result with the ORM's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong in the ORM.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No row has the key (or matches the query) where one was required.
    #[error("no row of table '{table}' with {key}")]
    NotFound {
        /// The table.
        table: String,
        /// What was looked for: `id = 5`, `the filter`.
        key: String,
    },
    /// `one_or_none` found more than one row.
    #[error("more than one row of table '{table}' matches the query")]
    MoreThanOne {
        /// The table.
        table: String,
    },
    /// A unique constraint or primary key would be duplicated.
    #[error("{}: a row with the same value already exists (unique constraint {})", columns_of(.table, .columns), or_unnamed(.constraint))]
    UniqueViolation {
        /// The table.
        table: String,
        /// The constrained columns (empty when the database did not say).
        columns: Vec<String>,
        /// The constraint, when the database named it.
        constraint: Option<String>,
    },
    /// A foreign key would point at a missing row, or a row that is still
    /// referenced would go.
    #[error("{}", fk_message(.table, .columns, .referenced_table, .still_referenced))]
    ForeignKeyViolation {
        /// The table that holds the foreign key.
        table: String,
        /// Its columns (empty when unknown).
        columns: Vec<String>,
        /// The referenced table (empty when unknown).
        referenced_table: String,
        /// True when a referenced row was to be deleted or changed; false
        /// when the referencing row points nowhere.
        still_referenced: bool,
        /// The constraint, when the database named it.
        constraint: Option<String>,
    },
    /// NULL for a column that does not take it.
    #[error("column '{table}.{column}' cannot be NULL")]
    NotNullViolation {
        /// The table.
        table: String,
        /// The column.
        column: String,
    },
    /// A CHECK constraint failed.
    #[error("table '{table}': check constraint {constraint} failed")]
    CheckViolation {
        /// The table.
        table: String,
        /// The constraint.
        constraint: String,
    },
    /// A value the field or the column cannot hold (out of range, wrong
    /// type, NULL for a non-`Option` field).
    #[error("column '{table}.{column}' {message}")]
    Value {
        /// The table.
        table: String,
        /// The column (`?` when the database did not say).
        column: String,
        /// What is wrong: `holds integer 100000, which is out of range for `i16``.
        message: String,
    },
    /// The connection broke (server gone, connection terminated).
    #[error("the connection to the database was lost: {message}")]
    ConnectionLost {
        /// The driver's message.
        message: String,
    },
    /// Any other database error, with the statement that failed.
    #[error("{message} (while running: {statement})")]
    Database {
        /// The database's message.
        message: String,
        /// The statement.
        statement: String,
    },
    /// Connecting failed, or a migrate-core operation failed.
    #[error(transparent)]
    Core(#[from] crate::Error),
}

fn columns_of(table: &str, columns: &[String]) -> String {
    match columns {
        [] => format!("table '{table}'"),
        [one] => format!("column '{table}.{one}'"),
        many => format!("columns '{table}.({})'", many.join(", ")),
    }
}

fn or_unnamed(name: &Option<String>) -> &str {
    name.as_deref().unwrap_or("(unnamed)")
}

fn fk_message(table: &str, columns: &[String], referenced: &str, still: &bool) -> String {
    let from = columns_of(table, columns);
    let to = if referenced.is_empty() {
        "another table".to_string()
    } else {
        format!("table '{referenced}'")
    };
    if *still {
        format!("foreign key violation: the row of {to} is still referenced by {from}")
    } else {
        format!("foreign key violation: {from} refers to a row of {to} that does not exist")
    }
}

impl Error {
    /// Whether this is [`Error::NotFound`].
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::NotFound { .. })
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Database {
            message: e.to_string(),
            statement: String::new(),
        }
    }
}
