//! merge price and orders
//!
//! Revision ID: 45d6864ba1b4
//! Revises: 596dcfca15ab, 81234a6ec19c
//! Create Date: 2026-11-21 03:09:12

use migrate_core::revision::prelude::*;

revision! {
    id: "45d6864ba1b4",
    down_revision: ["596dcfca15ab", "81234a6ec19c"],
    branch_labels: [],
    depends_on: [],
    message: "merge price and orders",
}

pub fn upgrade(op: &mut Op) -> Result<()> {
    // nothing to do
    Ok(())
}

pub fn downgrade(op: &mut Op) -> Result<()> {
    // nothing to do
    Ok(())
}
