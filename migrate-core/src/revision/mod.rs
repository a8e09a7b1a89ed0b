//! Revisions: the `revision!` declaration, the revision graph, the target
//! grammar and the planning of upgrades, downgrades and stamps, and the `op`
//! handle that revision files use.
//!
//! - [`entry`](RevisionEntry): what `revision!` registers, and
//!   [`Revision`], the same data owned;
//! - [`RevisionMap`]: the graph, checked ([`RevisionError`]);
//! - targets (`head`, `heads`, `base`, ids and prefixes, labels, `+N`,
//!   `-N`, `<label>@head`, `start:end`, ...): [`RevisionMap::resolve`];
//! - [`RevisionMap::upgrade_steps`], [`RevisionMap::downgrade_steps`],
//!   [`RevisionMap::stamp`]: the [`Step`]s of a run with their
//!   [`VersionChange`]s, computed without a database.

mod entry;
mod error;
mod graph;
mod macros;
mod op;
mod target;
pub mod template;
mod walk;

pub use entry::{MIGRATE_REVISIONS, Revision, RevisionEntry, entries, find};
pub use error::RevisionError;
pub use graph::{MAX_ID_LEN, MAX_LABEL_LEN, RevisionMap, is_valid_id, is_valid_label, validate};
pub use op::{Executor, Op, Recorder};
pub use target::TargetRange;
pub use walk::{Direction, StampStep, Step, VersionChange};

#[doc(hidden)]
pub use macros::assert_revision_id;

/// What a revision file imports: `use migrate_core::revision::prelude::*;`.
pub mod prelude {
    pub use super::op::Op;
    pub use crate::__migrate_revision as revision;
    pub use crate::error::Result;
    pub use crate::ops::{ColumnChanges, Value};
    pub use crate::schema::{
        CheckConstraint, Column, ColumnType, FkAction, ForeignKey, Index, PrimaryKey, Table,
        TableOptions, UniqueConstraint,
    };
}

#[cfg(test)]
mod tests;
