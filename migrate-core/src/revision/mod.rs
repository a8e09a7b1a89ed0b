//! Revisions: the `op` handle that revision files use.

mod op;

pub use op::{Executor, Op, Recorder};

/// What a revision file imports: `use migrate_core::revision::prelude::*;`.
pub mod prelude {
    pub use super::op::Op;
    pub use crate::error::Result;
    pub use crate::ops::ColumnChanges;
    pub use crate::schema::{
        CheckConstraint, Column, ColumnType, FkAction, ForeignKey, Index, PrimaryKey, Table,
        TableOptions, UniqueConstraint,
    };
}
