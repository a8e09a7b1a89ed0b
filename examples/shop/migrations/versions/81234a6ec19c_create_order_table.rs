//! create order table
//!
//! Revision ID: 81234a6ec19c
//! Revises: 52851f2b190c
//! Create Date: 2026-11-21 03:09:08

use migrate_core::revision::prelude::*;

revision! {
    id: "81234a6ec19c",
    down_revision: "52851f2b190c",
    branch_labels: ["orders"],
    depends_on: [],
    message: "create order table",
}

pub fn upgrade(op: &mut Op) -> Result<()> {
    op.create_table(
        Table::new("order")
            .column(Column::new("id", ColumnType::BigInt).autoincrement())
            .column(Column::new("customer_id", ColumnType::BigInt))
            .column(Column::new("product_id", ColumnType::BigInt))
            .column(Column::new("quantity", ColumnType::Integer))
            .column(Column::new("placed_at", ColumnType::Text).default("CURRENT_TIMESTAMP"))
            .primary_key(&["id"])
            .foreign_key(
                ForeignKey::new(
                    "order_customer_id_fkey",
                    &["customer_id"],
                    "customer",
                    &["id"],
                )
                .on_delete(FkAction::Cascade),
            )
            .foreign_key(
                ForeignKey::new("order_product_id_fkey", &["product_id"], "product", &["id"])
                    .on_delete(FkAction::Restrict),
            )
            .index(Index::new(
                "order_customer_idx",
                &["customer_id", "placed_at"],
            ))
            .comment("One product bought by one customer."),
    )?;
    Ok(())
}

pub fn downgrade(op: &mut Op) -> Result<()> {
    op.drop_table("order")?;
    Ok(())
}
