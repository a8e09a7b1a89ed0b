//! add customer display name
//!
//! A data migration: the new column is filled in Rust from the names, through
//! the live connection (`op.connection()`), so it cannot run with `--sql`.
//!
//! Revision ID: ce02715afa15
//! Revises: 45d6864ba1b4
//! Create Date: 2026-11-21 03:09:27

use migrate_core::Database;
use migrate_core::revision::prelude::*;

revision! {
    id: "ce02715afa15",
    down_revision: "45d6864ba1b4",
    branch_labels: [],
    depends_on: [],
    message: "add customer display name",
}

pub fn upgrade(op: &mut Op) -> Result<()> {
    op.add_column(
        "customer",
        Column::new("display_name", ColumnType::Varchar(120))
            .nullable()
            .comment("\"Ada L.\": filled from the names by a data migration."),
    )?;
    fill_display_names(op)
}

/// "Ada Lovelace" -> "Ada L.", computed in Rust for every customer.
fn display_name(first: &str, last: &str) -> String {
    match last.chars().next() {
        Some(initial) => format!("{first} {initial}."),
        None => first.to_string(),
    }
}

fn fill_display_names(op: &mut Op) -> Result<()> {
    match op.connection()? {
        Database::Sqlite(conn) => {
            let rows: Vec<(i64, String, String)> = {
                let mut select = conn.prepare("SELECT id, first_name, last_name FROM customer")?;
                select
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect::<std::result::Result<_, _>>()?
            };
            let mut update = conn.prepare("UPDATE customer SET display_name = ?1 WHERE id = ?2")?;
            for (id, first, last) in rows {
                update.execute((display_name(&first, &last), id))?;
            }
        }
        Database::Postgres(client) => {
            let rows = client.query("SELECT id, first_name, last_name FROM customer", &[])?;
            let update = client.prepare("UPDATE customer SET display_name = $1 WHERE id = $2")?;
            for row in rows {
                let (id, first, last): (i64, String, String) = (row.get(0), row.get(1), row.get(2));
                client.execute(&update, &[&display_name(&first, &last), &id])?;
            }
        }
    }
    Ok(())
}

pub fn downgrade(op: &mut Op) -> Result<()> {
    op.drop_column("customer", "display_name")?;
    Ok(())
}
