//! Rendering operations as Rust source for the body of a revision file's
//! `upgrade` and `downgrade` functions (calls on the `op` handle).

use super::Operation;
use crate::schema::{
    CheckConstraint, Column, ColumnType, FkAction, ForeignKey, Index, PrimaryKey, Table,
    UniqueConstraint,
};
use std::fmt::Write;

/// The statements for `ops`, one `op.…(…)?;` call each, indented by `indent`
/// spaces. An empty list renders as a comment, so the function still reads well.
pub fn render_ops(ops: &[Operation], indent: usize) -> String {
    let pad = " ".repeat(indent);
    if ops.is_empty() {
        return format!("{pad}// nothing to do\n");
    }
    let mut out = String::new();
    for op in ops {
        for line in render_op(op).lines() {
            let _ = writeln!(out, "{pad}{line}");
        }
    }
    out
}

/// One operation as an `op.…(…)?;` statement.
pub fn render_op(op: &Operation) -> String {
    use Operation::*;
    let s = lit;
    match op {
        CreateTable(t) => format!("op.create_table(\n    {},\n)?;", table(t, 4)),
        DropTable { name, .. } => format!("op.drop_table({})?;", s(name)),
        RenameTable { from, to } => format!("op.rename_table({}, {})?;", s(from), s(to)),
        AddColumn { table, column: c } => {
            format!("op.add_column({}, {})?;", s(table), column(c))
        }
        DropColumn { table, name, .. } => format!("op.drop_column({}, {})?;", s(table), s(name)),
        RenameColumn { table, from, to } => {
            format!("op.rename_column({}, {}, {})?;", s(table), s(from), s(to))
        }
        AlterColumn {
            table,
            column,
            changes,
            ..
        } => {
            let mut c = String::from("ColumnChanges::new()");
            if let Some(ty) = &changes.ty {
                let _ = write!(c, ".ty({})", column_type(ty));
            }
            if let Some(n) = changes.nullable {
                let _ = write!(c, ".nullable({n})");
            }
            if let Some(d) = &changes.default {
                let _ = write!(c, ".default({})", opt(d));
            }
            if let Some(d) = &changes.comment {
                let _ = write!(c, ".comment({})", opt(d));
            }
            if let Some(a) = changes.autoincrement {
                let _ = write!(c, ".autoincrement({a})");
            }
            format!("op.alter_column({}, {}, {c})?;", s(table), s(column))
        }
        CreateIndex { table, index: i } => format!("op.create_index({}, {})?;", s(table), index(i)),
        DropIndex { table, name, .. } => format!("op.drop_index({}, {})?;", s(table), s(name)),
        AddUnique { table, constraint } => format!(
            "op.create_unique_constraint({}, {})?;",
            s(table),
            unique(constraint)
        ),
        AddForeignKey { table, fk } => {
            format!("op.create_foreign_key({}, {})?;", s(table), foreign_key(fk))
        }
        AddCheck { table, check: c } => {
            format!("op.create_check_constraint({}, {})?;", s(table), check(c))
        }
        AddPrimaryKey { table, pk } => {
            format!("op.create_primary_key({}, {})?;", s(table), primary_key(pk))
        }
        DropConstraint { table, name, .. } => {
            format!("op.drop_constraint({}, {})?;", s(table), s(name))
        }
        SetTableComment { table, comment, .. } => {
            format!("op.set_table_comment({}, {})?;", s(table), opt(comment))
        }
        BulkInsert {
            table,
            columns,
            rows,
        } => {
            let mut out = format!(
                "op.bulk_insert(\n    {},\n    {},\n    vec![\n",
                s(table),
                cols(columns)
            );
            for row in rows {
                let values: Vec<String> = row.iter().map(value).collect();
                let _ = writeln!(out, "        vec![{}],", values.join(", "));
            }
            out.push_str("    ],\n)?;");
            out
        }
        Execute { sql } => format!("op.execute({})?;", s(sql)),
    }
}

/// A Rust string literal.
fn lit(s: &str) -> String {
    format!("{s:?}")
}

fn value(v: &super::Value) -> String {
    use super::Value;
    match v {
        Value::Null => "Value::Null".into(),
        Value::Bool(b) => format!("Value::Bool({b})"),
        Value::Int(i) => format!("Value::Int({i})"),
        Value::Float(f) if f.is_nan() => "Value::Float(f64::NAN)".into(),
        Value::Float(f) if f.is_infinite() && *f > 0.0 => "Value::Float(f64::INFINITY)".into(),
        Value::Float(f) if f.is_infinite() => "Value::Float(f64::NEG_INFINITY)".into(),
        Value::Float(f) => format!("Value::Float({f:?})"),
        Value::Text(t) => format!("Value::Text({}.into())", lit(t)),
        Value::Bytes(b) => format!("Value::Bytes(vec!{b:?})"),
    }
}

fn opt(s: &Option<String>) -> String {
    match s {
        Some(s) => format!("Some({})", lit(s)),
        None => "None".into(),
    }
}

fn cols(c: &[String]) -> String {
    let items: Vec<String> = c.iter().map(|c| lit(c)).collect();
    format!("&[{}]", items.join(", "))
}

/// `Table::new("…")` with one builder call per line.
fn table(t: &Table, indent: usize) -> String {
    let pad = " ".repeat(indent + 4);
    let mut out = format!("Table::new({})", lit(&t.name));
    let mut line = |s: String| {
        let _ = write!(out, "\n{pad}.{s}");
    };
    for c in &t.columns {
        line(format!("column({})", column(c)));
    }
    if let Some(pk) = &t.primary_key {
        line(format!("primary_key({})", cols(&pk.columns)));
    }
    for u in &t.unique_constraints {
        line(format!("unique({})", unique(u)));
    }
    for fk in &t.foreign_keys {
        line(format!("foreign_key({})", foreign_key(fk)));
    }
    for c in &t.check_constraints {
        line(format!("check({})", check(c)));
    }
    for i in &t.indexes {
        line(format!("index({})", index(i)));
    }
    if let Some(c) = &t.comment {
        line(format!("comment({})", lit(c)));
    }
    if t.options != Default::default() {
        line(format!(
            "options(TableOptions {{ strict: {}, without_rowid: {} }})",
            t.options.strict, t.options.without_rowid
        ));
    }
    out
}

fn column(c: &Column) -> String {
    let mut out = format!("Column::new({}, {})", lit(&c.name), column_type(&c.ty));
    if c.nullable {
        out.push_str(".nullable()");
    }
    if let Some(d) = &c.default {
        let _ = write!(out, ".default({})", lit(d));
    }
    if c.autoincrement {
        out.push_str(".autoincrement()");
    }
    if let Some(cm) = &c.comment {
        let _ = write!(out, ".comment({})", lit(cm));
    }
    out
}

/// `ColumnType::…` as Rust.
pub fn column_type(t: &ColumnType) -> String {
    match t {
        ColumnType::Varchar(n) => format!("ColumnType::Varchar({n})"),
        ColumnType::Decimal(None) => "ColumnType::Decimal(None)".into(),
        ColumnType::Decimal(Some((p, s))) => format!("ColumnType::Decimal(Some(({p}, {s})))"),
        ColumnType::Custom(s) => format!("ColumnType::Custom({}.into())", lit(s)),
        other => format!("ColumnType::{other:?}"),
    }
}

fn index(i: &Index) -> String {
    format!(
        "Index::new({}, {}){}",
        lit(&i.name),
        cols(&i.columns),
        if i.unique { ".unique()" } else { "" }
    )
}

fn unique(u: &UniqueConstraint) -> String {
    format!(
        "UniqueConstraint::new({}, {})",
        lit(&u.name),
        cols(&u.columns)
    )
}

fn check(c: &CheckConstraint) -> String {
    format!("CheckConstraint::new({}, {})", lit(&c.name), lit(&c.expr))
}

fn primary_key(pk: &PrimaryKey) -> String {
    match &pk.name {
        Some(n) => format!("PrimaryKey::new({}).named({})", cols(&pk.columns), lit(n)),
        None => format!("PrimaryKey::new({})", cols(&pk.columns)),
    }
}

fn foreign_key(fk: &ForeignKey) -> String {
    let mut out = format!(
        "ForeignKey::new({}, {}, {}, {})",
        lit(&fk.name),
        cols(&fk.columns),
        lit(&fk.ref_table),
        cols(&fk.ref_columns)
    );
    if fk.on_delete != FkAction::NoAction {
        let _ = write!(out, ".on_delete(FkAction::{:?})", fk.on_delete);
    }
    if fk.on_update != FkAction::NoAction {
        let _ = write!(out, ".on_update(FkAction::{:?})", fk.on_update);
    }
    out
}
