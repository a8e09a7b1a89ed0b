//! The error type of migrate-core.

/// A result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong in migrate-core.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The models do not fit together (one message per problem).
    #[error("invalid models: {}", .0.join("; "))]
    Registry(Vec<String>),
    /// A database URL that cannot be used.
    #[error("invalid database URL `{url}`: {reason}")]
    BadUrl {
        /// The URL, password masked.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The database cannot be reached.
    #[error("cannot connect to {url}: {reason}")]
    Connect {
        /// The URL, password masked.
        url: String,
        /// Why.
        reason: String,
    },
    /// A statement failed.
    #[error("{message}\n  while running: {statement}")]
    Statement {
        /// The database's message.
        message: String,
        /// The failing statement.
        statement: String,
    },
    /// An operation the dialect cannot carry out.
    #[error("{0}")]
    Unsupported(String),
    /// An operation that does not fit the current schema (unknown table, ...).
    #[error("{0}")]
    Schema(String),
    /// The bookkeeping tables hold something they should not.
    #[error("{0}")]
    Corrupt(String),
    /// Reading the database schema failed.
    #[error("cannot read the database schema: {0}")]
    Introspection(String),
    /// A revision graph, target or walk problem.
    #[error(transparent)]
    Revision(#[from] crate::revision::RevisionError),
    /// A revision failed; nothing of it was kept.
    #[error("{direction} of revision {revision} ({message}) failed and was rolled back: {source}")]
    RevisionFailed {
        /// The revision id.
        revision: String,
        /// `upgrade` or `downgrade`.
        direction: String,
        /// The revision's message.
        message: String,
        /// What went wrong.
        source: Box<Error>,
    },
    /// An applied revision whose source changed since it was applied.
    #[error(
        "revision {revision} was changed after it was applied ({file}); restore it, or write a new revision for the new change"
    )]
    ChecksumMismatch {
        /// The revision id.
        revision: String,
        /// Its file.
        file: String,
    },
    /// SQLite error.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL error.
    #[error("{}", pg_message(.0))]
    Postgres(#[from] postgres::Error),
}

/// The most useful one-line text of a PostgreSQL error (its server message
/// when there is one).
pub fn pg_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut s = format!("{}: {}", db.severity(), db.message());
            if let Some(detail) = db.detail() {
                s.push_str(&format!(" ({detail})"));
            }
            s
        }
        None => e.to_string(),
    }
}
