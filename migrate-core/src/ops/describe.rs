//! Alembic-style descriptions of operations (`Detected added column 'user.token'`).

use super::{Constraint, Operation};

impl Operation {
    /// One line per change, in Alembic's wording.
    pub fn describe(&self) -> Vec<String> {
        use Operation::*;
        let one = |s: String| vec![s];
        match self {
            CreateTable(t) => one(format!("Detected added table '{}'", t.name)),
            DropTable { name, .. } => one(format!("Detected removed table '{name}'")),
            RenameTable { from, to } => one(format!("Detected renamed table '{from}' to '{to}'")),
            AddColumn { table, column } => {
                one(format!("Detected added column '{table}.{}'", column.name))
            }
            DropColumn { table, name, .. } => {
                one(format!("Detected removed column '{table}.{name}'"))
            }
            RenameColumn { table, from, to } => one(format!(
                "Detected renamed column '{table}.{from}' to '{table}.{to}'"
            )),
            AlterColumn {
                table,
                column,
                changes,
                previous,
            } => {
                let at = format!("'{table}.{column}'");
                let mut lines = Vec::new();
                let prev = previous.clone().unwrap_or_default();
                if let Some(ty) = &changes.ty {
                    match &prev.ty {
                        Some(old) => {
                            lines.push(format!("Detected type change from {old} to {ty} on {at}"))
                        }
                        None => lines.push(format!("Detected type change to {ty} on {at}")),
                    }
                }
                if let Some(n) = changes.nullable {
                    lines.push(format!(
                        "Detected {} on column {at}",
                        if n { "NULL" } else { "NOT NULL" }
                    ));
                }
                if let Some(d) = &changes.default {
                    let show = |d: &Option<String>| d.clone().unwrap_or_else(|| "None".into());
                    match &prev.default {
                        Some(old) => lines.push(format!(
                            "Detected server default change from {} to {} on column {at}",
                            show(old),
                            show(d)
                        )),
                        None => lines.push(format!(
                            "Detected server default {} on column {at}",
                            show(d)
                        )),
                    }
                }
                if changes.comment.is_some() {
                    lines.push(format!("Detected column comment {at}"));
                }
                if let Some(a) = changes.autoincrement {
                    lines.push(format!(
                        "Detected {} autoincrement on column {at}",
                        if a { "added" } else { "removed" }
                    ));
                }
                lines
            }
            CreateIndex { table, index } => one(format!(
                "Detected added {}index '{}' on '{table}({})'",
                if index.unique { "unique " } else { "" },
                index.name,
                index.columns.join(", ")
            )),
            DropIndex { table, name, .. } => {
                one(format!("Detected removed index '{name}' on '{table}'"))
            }
            AddUnique { table, constraint } => one(format!(
                "Detected added unique constraint '{}' on '{table}({})'",
                constraint.name,
                constraint.columns.join(", ")
            )),
            AddForeignKey { table, fk } => one(format!(
                "Detected added foreign key ({})({}) on table {table}",
                fk.columns.join(", "),
                fk.ref_columns.join(", ")
            )),
            AddCheck { table, check } => one(format!(
                "Detected added check constraint '{}' on '{table}'",
                check.name
            )),
            AddPrimaryKey { table, pk } => one(format!(
                "Detected added primary key ({}) on '{table}'",
                pk.columns.join(", ")
            )),
            DropConstraint {
                table,
                name,
                existing,
            } => one(match existing {
                Some(Constraint::ForeignKey(fk)) => format!(
                    "Detected removed foreign key ({})({}) on table {table}",
                    fk.columns.join(", "),
                    fk.ref_columns.join(", ")
                ),
                Some(Constraint::Unique(_)) => {
                    format!("Detected removed unique constraint '{name}' on '{table}'")
                }
                Some(Constraint::Check(_)) => {
                    format!("Detected removed check constraint '{name}' on '{table}'")
                }
                Some(Constraint::PrimaryKey(pk)) => format!(
                    "Detected removed primary key ({}) on '{table}'",
                    pk.columns.join(", ")
                ),
                None => format!("Detected removed constraint '{name}' on '{table}'"),
            }),
            SetTableComment { table, comment, .. } => one(match comment {
                Some(_) => format!("Detected table comment on '{table}'"),
                None => format!("Detected removed table comment on '{table}'"),
            }),
            BulkInsert { table, rows, .. } => one(format!(
                "Bulk insert of {} row(s) into '{table}'",
                rows.len()
            )),
            Execute { sql } => one(format!("Execute: {sql}")),
        }
    }
}
