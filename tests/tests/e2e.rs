//! End-to-end tests against live SQLite and PostgreSQL databases.
//!
//! One test binary for the whole package (it builds much faster than one per
//! file); each module holds one subject.

mod diff_roundtrip;
mod postgres_dialect;
mod runner;
mod sqlite_dialect;
