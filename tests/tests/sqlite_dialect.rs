//! Tests: sqlite_dialect.
