//! create customer and product
//!
//! Revision ID: 52851f2b190c
//! Revises:
//! Create Date: 2026-11-21 03:09:07

use migrate_core::revision::prelude::*;

revision! {
    id: "52851f2b190c",
    down_revision: None,
    branch_labels: [],
    depends_on: [],
    message: "create customer and product",
}

pub fn upgrade(op: &mut Op) -> Result<()> {
    op.create_table(
        Table::new("customer")
            .column(Column::new("id", ColumnType::BigInt).autoincrement())
            .column(Column::new("first_name", ColumnType::Varchar(100)))
            .column(Column::new("last_name", ColumnType::Varchar(100)))
            .column(Column::new("email", ColumnType::Varchar(320)))
            .primary_key(&["id"])
            .unique(UniqueConstraint::new("customer_email_key", &["email"]))
            .comment("People who buy."),
    )?;
    op.create_table(
        Table::new("product")
            .column(Column::new("id", ColumnType::BigInt).autoincrement())
            .column(Column::new("name", ColumnType::Varchar(200)))
            .primary_key(&["id"])
            .unique(UniqueConstraint::new("product_name_key", &["name"]))
            .comment("What is sold."),
    )?;
    // Reference data, written as literals (offline SQL shows it too).
    op.bulk_insert(
        "customer",
        &["first_name", "last_name", "email"],
        vec![
            vec!["Ada".into(), "Lovelace".into(), "ada@example.com".into()],
            vec!["Grace".into(), "Hopper".into(), "grace@example.com".into()],
        ],
    )?;
    op.bulk_insert(
        "product",
        &["name"],
        vec![vec!["Analytical Engine".into()], vec!["Compiler".into()]],
    )?;
    Ok(())
}

pub fn downgrade(op: &mut Op) -> Result<()> {
    op.drop_table("product")?;
    op.drop_table("customer")?;
    Ok(())
}
