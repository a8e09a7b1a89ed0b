//! Tests: postgres_dialect.
