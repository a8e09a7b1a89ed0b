//! The effect of an operation on an in-memory schema.

use super::{Constraint, Operation};
use crate::error::{Error, Result};
use crate::schema::{Schema, Table};

impl Operation {
    /// Changes `schema` the way this operation changes a database. Used to
    /// plan SQLite table rebuilds and to follow the schema in offline mode.
    /// Raw SQL leaves the schema as it is.
    pub fn apply(&self, schema: &mut Schema) -> Result<()> {
        use Operation::*;
        match self {
            CreateTable(t) => {
                if schema.table(&t.name).is_some() {
                    return Err(Error::Schema(format!("table '{}' already exists", t.name)));
                }
                schema.insert(t.clone());
            }
            DropTable { name, .. } => {
                schema.remove(name).ok_or_else(|| no_table(name))?;
            }
            RenameTable { from, to } => {
                let mut t = schema.remove(from).ok_or_else(|| no_table(from))?;
                t.name = to.clone();
                for other in &mut schema.tables {
                    for fk in &mut other.foreign_keys {
                        if fk.ref_table == *from {
                            fk.ref_table = to.clone();
                        }
                    }
                }
                for fk in &mut t.foreign_keys {
                    if fk.ref_table == *from {
                        fk.ref_table = to.clone();
                    }
                }
                schema.insert(t);
            }
            AddColumn { table, column } => {
                let t = table_mut(schema, table)?;
                if t.get_column(&column.name).is_some() {
                    return Err(Error::Schema(format!(
                        "column '{table}.{}' already exists",
                        column.name
                    )));
                }
                t.columns.push(column.clone());
            }
            DropColumn { table, name, .. } => {
                let t = table_mut(schema, table)?;
                let before = t.columns.len();
                t.columns.retain(|c| c.name != *name);
                if t.columns.len() == before {
                    return Err(no_column(table, name));
                }
                // What depends on the column goes with it, as on
                // PostgreSQL (SQLite's own DROP COLUMN refuses instead).
                t.indexes.retain(|i| !i.columns.contains(name));
                t.unique_constraints.retain(|u| !u.columns.contains(name));
                t.foreign_keys.retain(|f| !f.columns.contains(name));
                t.check_constraints
                    .retain(|c| !crate::dialect::sqlite::mentions(&c.expr, name));
                if t.primary_key
                    .as_ref()
                    .is_some_and(|pk| pk.columns.contains(name))
                {
                    t.primary_key = None;
                }
            }
            RenameColumn { table, from, to } => {
                let t = table_mut(schema, table)?;
                if t.get_column(to).is_some() {
                    return Err(Error::Schema(format!(
                        "column '{table}.{to}' already exists"
                    )));
                }
                let c = t
                    .get_column_mut(from)
                    .ok_or_else(|| no_column(table, from))?;
                c.name = to.clone();
                let rename = |cols: &mut Vec<String>| {
                    for c in cols.iter_mut().filter(|c| *c == from) {
                        *c = to.clone();
                    }
                };
                t.indexes.iter_mut().for_each(|i| rename(&mut i.columns));
                t.unique_constraints
                    .iter_mut()
                    .for_each(|u| rename(&mut u.columns));
                t.foreign_keys
                    .iter_mut()
                    .for_each(|f| rename(&mut f.columns));
                if let Some(pk) = &mut t.primary_key {
                    rename(&mut pk.columns);
                }
                for other in &mut schema.tables {
                    for fk in other
                        .foreign_keys
                        .iter_mut()
                        .filter(|f| f.ref_table == *table)
                    {
                        rename(&mut fk.ref_columns);
                    }
                }
            }
            AlterColumn {
                table,
                column,
                changes,
                ..
            } => {
                let t = table_mut(schema, table)?;
                let c = t
                    .get_column_mut(column)
                    .ok_or_else(|| no_column(table, column))?;
                changes.apply_to(c);
            }
            CreateIndex { table, index } => {
                let t = table_mut(schema, table)?;
                if t.indexes.iter().any(|i| i.name == index.name) {
                    return Err(Error::Schema(format!(
                        "index '{}' already exists",
                        index.name
                    )));
                }
                t.indexes.push(index.clone());
            }
            DropIndex { table, name, .. } => {
                let t = table_mut(schema, table)?;
                let before = t.indexes.len();
                t.indexes.retain(|i| i.name != *name);
                if t.indexes.len() == before {
                    return Err(Error::Schema(format!(
                        "table '{table}' has no index '{name}'"
                    )));
                }
            }
            AddUnique { table, constraint } => {
                table_mut(schema, table)?
                    .unique_constraints
                    .push(constraint.clone());
            }
            AddForeignKey { table, fk } => {
                table_mut(schema, table)?.foreign_keys.push(fk.clone());
            }
            AddCheck { table, check } => {
                table_mut(schema, table)?
                    .check_constraints
                    .push(check.clone());
            }
            AddPrimaryKey { table, pk } => {
                let t = table_mut(schema, table)?;
                for name in &pk.columns {
                    t.get_column(name).ok_or_else(|| no_column(table, name))?;
                }
                // A primary key makes its columns NOT NULL (PostgreSQL does
                // so itself; a SQLite rebuild writes it).
                for c in t
                    .columns
                    .iter_mut()
                    .filter(|c| pk.columns.contains(&c.name))
                {
                    c.nullable = false;
                }
                t.primary_key = Some(pk.clone());
            }
            DropConstraint { table, name, .. } => {
                let t = table_mut(schema, table)?;
                find_constraint(t, name).ok_or_else(|| {
                    Error::Schema(format!("table '{table}' has no constraint '{name}'"))
                })?;
                t.unique_constraints.retain(|u| u.name != *name);
                t.foreign_keys.retain(|f| f.name != *name);
                t.check_constraints.retain(|c| c.name != *name);
                if t.primary_key.is_some() && pk_matches(t, name) {
                    t.primary_key = None;
                }
            }
            SetTableComment { table, comment, .. } => {
                table_mut(schema, table)?.comment = comment.clone();
            }
            BulkInsert {
                table,
                columns,
                rows,
            } => {
                let t = schema.table(table).ok_or_else(|| no_table(table))?;
                for c in columns {
                    t.get_column(c).ok_or_else(|| no_column(table, c))?;
                }
                if let Some(row) = rows.iter().find(|r| r.len() != columns.len()) {
                    return Err(Error::Schema(format!(
                        "bulk insert into '{table}': a row has {} values for {} columns",
                        row.len(),
                        columns.len()
                    )));
                }
            }
            Execute { .. } => {}
        }
        Ok(())
    }
}

fn pk_matches(t: &Table, name: &str) -> bool {
    match &t.primary_key {
        Some(pk) => {
            pk.name.as_deref() == Some(name)
                || (pk.name.is_none() && name == crate::schema::naming::primary_key(&t.name))
        }
        None => false,
    }
}

/// The constraint of `table` called `name`, of whatever kind.
pub fn find_constraint(t: &Table, name: &str) -> Option<Constraint> {
    if let Some(u) = t.unique_constraints.iter().find(|u| u.name == name) {
        return Some(Constraint::Unique(u.clone()));
    }
    if let Some(f) = t.foreign_keys.iter().find(|f| f.name == name) {
        return Some(Constraint::ForeignKey(f.clone()));
    }
    if let Some(c) = t.check_constraints.iter().find(|c| c.name == name) {
        return Some(Constraint::Check(c.clone()));
    }
    if pk_matches(t, name) {
        return t.primary_key.clone().map(Constraint::PrimaryKey);
    }
    None
}

fn table_mut<'a>(schema: &'a mut Schema, name: &str) -> Result<&'a mut Table> {
    schema.table_mut(name).ok_or_else(|| no_table(name))
}

fn no_table(name: &str) -> Error {
    Error::Schema(format!("no table '{name}'"))
}

fn no_column(table: &str, name: &str) -> Error {
    Error::Schema(format!("no column '{table}.{name}'"))
}

#[cfg(test)]
mod tests {
    use crate::ops::Operation;
    use crate::schema::{CheckConstraint, Column, ColumnType, PrimaryKey, Schema, Table};

    fn schema() -> Schema {
        Schema::new(vec![
            Table::new("t")
                .column(Column::new("code", ColumnType::Text).nullable())
                .column(Column::new("amount", ColumnType::Integer))
                .column(Column::new("Low", ColumnType::Integer))
                .check(CheckConstraint::new("t_amount_check", "AMOUNT >= 0"))
                .check(CheckConstraint::new("t_both", "\"Low\" <= amount"))
                .check(CheckConstraint::new("t_code", "code <> 'amount'")),
        ])
    }

    #[test]
    fn dropping_a_column_drops_the_checks_that_name_it() {
        let mut s = schema();
        Operation::DropColumn {
            table: "t".into(),
            name: "amount".into(),
            existing: None,
        }
        .apply(&mut s)
        .unwrap();
        let checks: Vec<&str> = s
            .table("t")
            .unwrap()
            .check_constraints
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        // 'amount' in a string literal is not the column.
        assert_eq!(checks, ["t_code"]);
    }

    #[test]
    fn a_primary_key_makes_its_columns_not_null() {
        let mut s = schema();
        Operation::AddPrimaryKey {
            table: "t".into(),
            pk: PrimaryKey::new(&["code"]),
        }
        .apply(&mut s)
        .unwrap();
        assert!(!s.table("t").unwrap().get_column("code").unwrap().nullable);
        let e = Operation::AddPrimaryKey {
            table: "t".into(),
            pk: PrimaryKey::new(&["nope"]),
        }
        .apply(&mut s)
        .unwrap_err();
        assert!(e.to_string().contains("nope"), "{e}");
    }
}
