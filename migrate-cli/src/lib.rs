//! # migrate-cli
//!
//! The `migrate` command line: `migrate_cli::main!(myapp)` as the whole of a
//! user's `src/bin/migrate.rs`, with `init`, `revision --autogenerate`,
//! `upgrade`, `downgrade`, `current`, `history`, `heads`, `branches`,
//! `show`, `stamp`, `merge` and `check` (DESIGN.md §4).
//!
//! Not built yet: everything it will drive exists in `migrate-core`
//! (`registry::load`, `diff::diff`, `revision::template`,
//! `runner::Runner`, `runner::offline_sql`).
