//! add product price
//!
//! Revision ID: 596dcfca15ab
//! Revises: 52851f2b190c
//! Create Date: 2026-11-21 03:09:11

use migrate_core::revision::prelude::*;

revision! {
    id: "596dcfca15ab",
    down_revision: "52851f2b190c",
    branch_labels: [],
    depends_on: [],
    message: "add product price",
}

pub fn upgrade(op: &mut Op) -> Result<()> {
    op.add_column(
        "product",
        Column::new("price_cents", ColumnType::BigInt)
            .default("0")
            .comment("The price in cents."),
    )?;
    Ok(())
}

pub fn downgrade(op: &mut Op) -> Result<()> {
    op.drop_column("product", "price_cents")?;
    Ok(())
}
