//! PostgreSQL: the type mapping ([`types`]), default normalization
//! ([`default`]), DDL for every operation ([`mod@ddl`]) and batched catalog
//! introspection ([`mod@introspect`]).
//!
//! Everything works on the schema that unqualified names resolve to
//! (`current_schema()`, the first existing schema of the `search_path`).

pub mod ddl;
pub mod default;
pub mod introspect;
pub mod types;

pub use ddl::ddl;
pub use default::normalize_default;
pub use introspect::{QUERIES as INTROSPECTION_QUERIES, introspect, introspect_counted};
pub use types::{parse_type, type_sql};
