//! Autogenerate: (database schema, model schema) -> ordered operations.
//!
//! Tables and columns are matched by name, then by `renamed_from`; what is
//! left over is added or dropped. Within a matched table every property is
//! compared the way the dialect stores it (types through
//! [`Dialect::canonical_type`], defaults through [`Dialect::normalize_default`]),
//! so an up-to-date database gives an empty diff.
//!
//! The operations come out in an order in which foreign keys always hold:
//! foreign keys and constraints that go away are dropped first, referenced
//! tables are created before the tables that point at them and dropped after
//! them, and new foreign keys are added last.

use crate::dialect::Dialect;
use crate::ops::{ColumnChanges, Constraint, Operation};
use crate::schema::{Column, ForeignKey, Schema, Table};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What the comparison looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiffOptions {
    /// Compare column types.
    pub compare_types: bool,
    /// Compare server defaults (after normalization).
    pub compare_server_defaults: bool,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            compare_types: true,
            compare_server_defaults: true,
        }
    }
}

/// The operations, in the order they must run, grouped by phase.
#[derive(Default)]
struct Plan {
    drop_fks: Vec<Operation>,
    drop_constraints: Vec<Operation>,
    renames: Vec<Operation>,
    alter: Vec<Operation>,
    create_tables: Vec<Operation>,
    add_pks: Vec<Operation>,
    drop_columns: Vec<Operation>,
    drop_tables: Vec<Operation>,
    add_constraints: Vec<Operation>,
    add_fks: Vec<Operation>,
}

impl Plan {
    fn into_ops(self) -> Vec<Operation> {
        [
            self.drop_fks,
            self.drop_constraints,
            self.renames,
            self.alter,
            self.create_tables,
            self.add_pks,
            self.drop_columns,
            self.drop_tables,
            self.add_constraints,
            self.add_fks,
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// Renames found while matching: table old -> new, and (new table, old
/// column) -> new column.
#[derive(Default)]
struct Renames {
    tables: HashMap<String, String>,
    columns: HashMap<(String, String), String>,
}

impl Renames {
    fn table<'a>(&'a self, name: &'a str) -> &'a str {
        self.tables.get(name).map_or(name, String::as_str)
    }

    fn column<'a>(&'a self, table: &str, name: &'a str) -> &'a str {
        self.columns
            .get(&(table.to_string(), name.to_string()))
            .map_or(name, String::as_str)
    }

    /// A database foreign key as it reads after the renames.
    fn foreign_key(&self, table: &str, fk: &ForeignKey) -> ForeignKey {
        let ref_table = self.table(&fk.ref_table).to_string();
        ForeignKey {
            columns: fk
                .columns
                .iter()
                .map(|c| self.column(table, c).to_string())
                .collect(),
            ref_columns: fk
                .ref_columns
                .iter()
                .map(|c| self.column(&ref_table, c).to_string())
                .collect(),
            ref_table,
            ..fk.clone()
        }
    }
}

/// The operations that turn the database schema `db` into the model schema
/// `model`, ordered so that foreign keys always hold. Each carries what its
/// reverse needs ([`crate::ops::reverse_all`] gives the downgrade).
pub fn diff(db: &Schema, model: &Schema, dialect: Dialect, options: DiffOptions) -> Vec<Operation> {
    let mut plan = Plan::default();
    let mut renames = Renames::default();

    // Match tables: by name, then by renamed_from.
    let mut pairs: Vec<(&Table, &Table)> = Vec::new();
    let mut new_tables: Vec<&Table> = Vec::new();
    let mut matched_db: BTreeSet<&str> = BTreeSet::new();
    for m in &model.tables {
        if let Some(d) = db.table(&m.name) {
            pairs.push((d, m));
            matched_db.insert(&d.name);
        } else if let Some(d) = m
            .renamed_from
            .as_deref()
            .filter(|old| model.table(old).is_none())
            .and_then(|old| db.table(old))
        {
            plan.renames.push(Operation::RenameTable {
                from: d.name.clone(),
                to: m.name.clone(),
            });
            renames.tables.insert(d.name.clone(), m.name.clone());
            pairs.push((d, m));
            matched_db.insert(&d.name);
        } else {
            new_tables.push(m);
        }
    }
    let dropped: Vec<&Table> = db
        .tables
        .iter()
        .filter(|t| !matched_db.contains(t.name.as_str()))
        .collect();

    // Match columns of matched tables first: foreign keys anywhere may name
    // renamed columns.
    let mut column_pairs = Vec::with_capacity(pairs.len());
    for (d, m) in &pairs {
        column_pairs.push(match_columns(d, m, &mut plan, &mut renames));
    }

    for ((d, m), cols) in pairs.iter().zip(column_pairs) {
        compare_table(d, m, cols, dialect, options, &renames, &mut plan);
    }

    // New tables, referenced ones first; foreign keys inside a cycle are
    // added once every table exists.
    let (order, deferred) = dependency_order(&new_tables);
    for t in order {
        let mut t = t.clone();
        t.renamed_from = None;
        for c in &mut t.columns {
            c.renamed_from = None;
        }
        let (later, inline): (Vec<_>, Vec<_>) = t
            .foreign_keys
            .drain(..)
            .partition(|fk| deferred.contains(&(t.name.clone(), fk.name.clone())));
        t.foreign_keys = inline;
        for fk in later {
            plan.add_fks.push(Operation::AddForeignKey {
                table: t.name.clone(),
                fk,
            });
        }
        plan.create_tables.push(Operation::CreateTable(t));
    }

    // Dropped tables: referencing ones first; foreign keys inside a cycle
    // are dropped beforehand.
    let (order, deferred) = dependency_order(&dropped);
    for t in order.into_iter().rev() {
        let mut t = t.clone();
        let (cyclic, inline): (Vec<_>, Vec<_>) = t
            .foreign_keys
            .drain(..)
            .partition(|fk| deferred.contains(&(t.name.clone(), fk.name.clone())));
        t.foreign_keys = inline;
        for fk in cyclic {
            plan.drop_fks.push(Operation::DropConstraint {
                table: t.name.clone(),
                name: fk.name.clone(),
                existing: Some(Constraint::ForeignKey(fk)),
            });
        }
        plan.drop_tables.push(Operation::DropTable {
            name: t.name.clone(),
            existing: Some(t),
        });
    }

    plan.into_ops()
}

/// Pairs the columns of a matched table, recording renames, additions and
/// drops. Returns (database column, model column) pairs.
fn match_columns<'a>(
    d: &'a Table,
    m: &'a Table,
    plan: &mut Plan,
    renames: &mut Renames,
) -> Vec<(&'a Column, &'a Column)> {
    let mut pairs = Vec::new();
    let mut matched: BTreeSet<&str> = BTreeSet::new();
    for mc in &m.columns {
        if let Some(dc) = d.get_column(&mc.name) {
            pairs.push((dc, mc));
            matched.insert(&dc.name);
        } else if let Some(dc) = mc
            .renamed_from
            .as_deref()
            .filter(|old| m.get_column(old).is_none())
            .and_then(|old| d.get_column(old))
        {
            plan.renames.push(Operation::RenameColumn {
                table: m.name.clone(),
                from: dc.name.clone(),
                to: mc.name.clone(),
            });
            renames
                .columns
                .insert((m.name.clone(), dc.name.clone()), mc.name.clone());
            pairs.push((dc, mc));
            matched.insert(&dc.name);
        } else {
            let mut column = mc.clone();
            column.renamed_from = None;
            plan.alter.push(Operation::AddColumn {
                table: m.name.clone(),
                column,
            });
        }
    }
    for dc in &d.columns {
        if !matched.contains(dc.name.as_str()) {
            plan.drop_columns.push(Operation::DropColumn {
                table: m.name.clone(),
                name: dc.name.clone(),
                existing: Some(dc.clone()),
            });
        }
    }
    pairs
}

fn compare_table(
    d: &Table,
    m: &Table,
    columns: Vec<(&Column, &Column)>,
    dialect: Dialect,
    options: DiffOptions,
    renames: &Renames,
    plan: &mut Plan,
) {
    let table = m.name.as_str();
    let col = |c: &str| renames.column(table, c).to_string();
    let cols = |v: &[String]| v.iter().map(|c| col(c)).collect::<Vec<_>>();

    for (dc, mc) in columns {
        let changes = compare_column(dc, mc, dialect, options);
        if !changes.is_empty() {
            plan.alter.push(Operation::AlterColumn {
                table: table.to_string(),
                column: mc.name.clone(),
                previous: Some(changes.previous_of(dc)),
                changes,
            });
        }
    }

    if dialect.supports_comments() && d.comment != m.comment {
        plan.alter.push(Operation::SetTableComment {
            table: table.to_string(),
            comment: m.comment.clone(),
            previous: Some(d.comment.clone()),
        });
    }

    // Primary key: compared by columns.
    let db_pk = d.primary_key.as_ref().map(|pk| cols(&pk.columns));
    let model_pk = m.primary_key.as_ref().map(|pk| pk.columns.clone());
    if db_pk != model_pk {
        if let Some(pk) = &d.primary_key {
            let name = pk
                .name
                .clone()
                .unwrap_or_else(|| crate::schema::naming::primary_key(&d.name));
            let mut existing = pk.clone();
            existing.columns = cols(&pk.columns);
            plan.drop_constraints.push(Operation::DropConstraint {
                table: table.to_string(),
                name,
                existing: Some(Constraint::PrimaryKey(existing)),
            });
        }
        if let Some(pk) = &m.primary_key {
            plan.add_pks.push(Operation::AddPrimaryKey {
                table: table.to_string(),
                pk: pk.clone(),
            });
        }
    }

    // Indexes: by name, then by definition.
    let db_indexes: BTreeMap<&str, _> = d.indexes.iter().map(|i| (i.name.as_str(), i)).collect();
    let model_indexes: BTreeMap<&str, _> = m.indexes.iter().map(|i| (i.name.as_str(), i)).collect();
    for (name, di) in &db_indexes {
        let mut existing = (*di).clone();
        existing.columns = cols(&di.columns);
        let keep = model_indexes.get(name).is_some_and(|mi| **mi == existing);
        if !keep {
            plan.drop_constraints.push(Operation::DropIndex {
                table: table.to_string(),
                name: name.to_string(),
                existing: Some(existing),
            });
        }
    }
    for (name, mi) in &model_indexes {
        let same = db_indexes
            .get(name)
            .is_some_and(|di| di.unique == mi.unique && cols(&di.columns) == mi.columns);
        if !same {
            plan.add_constraints.push(Operation::CreateIndex {
                table: table.to_string(),
                index: (*mi).clone(),
            });
        }
    }

    // Unique constraints: by name, then by columns.
    for du in &d.unique_constraints {
        let mut existing = du.clone();
        existing.columns = cols(&du.columns);
        if !m.unique_constraints.contains(&existing) {
            plan.drop_constraints.push(Operation::DropConstraint {
                table: table.to_string(),
                name: du.name.clone(),
                existing: Some(Constraint::Unique(existing)),
            });
        }
    }
    for mu in &m.unique_constraints {
        let same = d
            .unique_constraints
            .iter()
            .any(|du| du.name == mu.name && cols(&du.columns) == mu.columns);
        if !same {
            plan.add_constraints.push(Operation::AddUnique {
                table: table.to_string(),
                constraint: mu.clone(),
            });
        }
    }

    // Check constraints: by name; the expression too where the database
    // keeps it as written (SQLite). PostgreSQL rewrites expressions, so there
    // only names are compared.
    let same_check =
        |a: &str, b: &str| dialect != Dialect::Sqlite || normalize_expr(a) == normalize_expr(b);
    for dc in &d.check_constraints {
        let keep = m
            .check_constraints
            .iter()
            .any(|mc| mc.name == dc.name && same_check(&dc.expr, &mc.expr));
        if !keep {
            plan.drop_constraints.push(Operation::DropConstraint {
                table: table.to_string(),
                name: dc.name.clone(),
                existing: Some(Constraint::Check(dc.clone())),
            });
        }
    }
    for mc in &m.check_constraints {
        let keep = d
            .check_constraints
            .iter()
            .any(|dc| mc.name == dc.name && same_check(&dc.expr, &mc.expr));
        if !keep {
            plan.add_constraints.push(Operation::AddCheck {
                table: table.to_string(),
                check: mc.clone(),
            });
        }
    }

    // Foreign keys: by what they do, not by name (as Alembic).
    let signature = |fk: &ForeignKey| {
        (
            fk.columns.clone(),
            fk.ref_table.clone(),
            fk.ref_columns.clone(),
            fk.on_delete,
            fk.on_update,
        )
    };
    let db_fks: Vec<ForeignKey> = d
        .foreign_keys
        .iter()
        .map(|fk| renames.foreign_key(table, fk))
        .collect();
    for fk in &db_fks {
        if !m
            .foreign_keys
            .iter()
            .any(|mf| signature(mf) == signature(fk))
        {
            plan.drop_fks.push(Operation::DropConstraint {
                table: table.to_string(),
                name: fk.name.clone(),
                existing: Some(Constraint::ForeignKey(fk.clone())),
            });
        }
    }
    for mf in &m.foreign_keys {
        if !db_fks.iter().any(|fk| signature(fk) == signature(mf)) {
            plan.add_fks.push(Operation::AddForeignKey {
                table: table.to_string(),
                fk: mf.clone(),
            });
        }
    }
}

/// What differs between a column as the database has it and as the model
/// wants it.
fn compare_column(
    dc: &Column,
    mc: &Column,
    dialect: Dialect,
    options: DiffOptions,
) -> ColumnChanges {
    let mut changes = ColumnChanges::new();
    if options.compare_types && !types_equal(dc, mc, dialect) {
        changes.ty = Some(mc.ty.clone());
    }
    if dc.nullable != mc.nullable {
        changes.nullable = Some(mc.nullable);
    }
    if dc.autoincrement != mc.autoincrement {
        changes.autoincrement = Some(mc.autoincrement);
    }
    // An auto-increment column's default belongs to the database (identity,
    // sequence, rowid).
    if options.compare_server_defaults && !(dc.autoincrement && mc.autoincrement) {
        // `DEFAULT NULL` is what a column without a default gives.
        let norm = |d: &Option<String>| {
            d.as_deref()
                .map(|e| dialect.normalize_default(e))
                .filter(|e| !e.eq_ignore_ascii_case("NULL"))
        };
        if norm(&dc.default) != norm(&mc.default) {
            changes.default = Some(mc.default.clone());
        }
    }
    if dialect.supports_comments() && dc.comment != mc.comment {
        changes.comment = Some(mc.comment.clone());
    }
    changes
}

fn types_equal(dc: &Column, mc: &Column, dialect: Dialect) -> bool {
    let (a, b) = (
        dialect.canonical_type(&dc.ty),
        dialect.canonical_type(&mc.ty),
    );
    if a == b {
        return true;
    }
    // SQLite's auto-increment key is the 64-bit rowid, declared INTEGER,
    // whatever the model's integer width.
    dialect == Dialect::Sqlite
        && dc.autoincrement
        && mc.autoincrement
        && a.is_integer()
        && b.is_integer()
}

/// Lower case outside string literals, without whitespace or parentheses:
/// enough to see that two spellings of one CHECK expression are the same.
fn normalize_expr(expr: &str) -> String {
    let mut out = String::with_capacity(expr.len());
    let mut in_str = false;
    for c in expr.chars() {
        if c == '\'' {
            in_str = !in_str;
        }
        if in_str || c == '\'' {
            out.push(c);
        } else if !c.is_whitespace() && c != '(' && c != ')' {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Orders tables so that a table comes after the tables its foreign keys
/// reference (among `tables`). Foreign keys that close a cycle are returned
/// as (table, foreign key name) to be handled separately.
fn dependency_order<'a>(tables: &[&'a Table]) -> (Vec<&'a Table>, BTreeSet<(String, String)>) {
    let names: BTreeSet<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    let mut remaining: BTreeMap<&str, &Table> =
        tables.iter().map(|t| (t.name.as_str(), *t)).collect();
    let mut placed: BTreeSet<&str> = BTreeSet::new();
    let mut order = Vec::with_capacity(tables.len());
    let mut deferred = BTreeSet::new();
    while !remaining.is_empty() {
        let ready: Vec<&str> = remaining
            .values()
            .filter(|t| {
                t.foreign_keys.iter().all(|fk| {
                    fk.ref_table == t.name
                        || !names.contains(fk.ref_table.as_str())
                        || placed.contains(fk.ref_table.as_str())
                })
            })
            .map(|t| t.name.as_str())
            .collect();
        let next: Vec<&str> = if ready.is_empty() {
            // A cycle: place the first remaining table and defer its
            // foreign keys to tables not yet placed.
            let t = remaining.values().next().copied().expect("not empty");
            for fk in &t.foreign_keys {
                if fk.ref_table != t.name
                    && names.contains(fk.ref_table.as_str())
                    && !placed.contains(fk.ref_table.as_str())
                {
                    deferred.insert((t.name.clone(), fk.name.clone()));
                }
            }
            vec![t.name.as_str()]
        } else {
            ready
        };
        for name in next {
            let t = remaining.remove(name).expect("present");
            placed.insert(&t.name);
            order.push(t);
        }
    }
    (order, deferred)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::reverse_all;
    use crate::schema::{ColumnType, FkAction, Index};

    fn team() -> Table {
        Table::new("team")
            .column(Column::new("id", ColumnType::BigInt).autoincrement())
            .column(Column::new("name", ColumnType::Text))
            .primary_key(&["id"])
    }

    fn user() -> Table {
        Table::new("user")
            .column(Column::new("id", ColumnType::BigInt).autoincrement())
            .column(Column::new("team_id", ColumnType::BigInt).nullable())
            .primary_key(&["id"])
            .foreign_key(
                ForeignKey::new("user_team_id_fkey", &["team_id"], "team", &["id"])
                    .on_delete(FkAction::Cascade),
            )
    }

    fn run(db: &Schema, model: &Schema) -> Vec<Operation> {
        diff(db, model, Dialect::Postgres, DiffOptions::default())
    }

    fn lines(ops: &[Operation]) -> Vec<String> {
        ops.iter().flat_map(Operation::describe).collect()
    }

    #[test]
    fn identical_schemas_give_no_operations() {
        let s = Schema::new(vec![team(), user()]);
        assert!(run(&s, &s).is_empty());
    }

    #[test]
    fn referenced_tables_are_created_first_and_dropped_last() {
        let empty = Schema::default();
        let full = Schema::new(vec![user(), team()]);
        let up = run(&empty, &full);
        assert_eq!(
            lines(&up),
            ["Detected added table 'team'", "Detected added table 'user'"]
        );
        let down = run(&full, &empty);
        assert_eq!(
            lines(&down),
            [
                "Detected removed table 'user'",
                "Detected removed table 'team'"
            ]
        );
        assert_eq!(reverse_all(&up).unwrap(), down);
    }

    #[test]
    fn a_foreign_key_cycle_is_split() {
        let a = Table::new("a")
            .column(Column::new("id", ColumnType::Integer))
            .column(Column::new("b_id", ColumnType::Integer))
            .primary_key(&["id"])
            .foreign_key(ForeignKey::new("a_b_fk", &["b_id"], "b", &["id"]));
        let b = Table::new("b")
            .column(Column::new("id", ColumnType::Integer))
            .column(Column::new("a_id", ColumnType::Integer))
            .primary_key(&["id"])
            .foreign_key(ForeignKey::new("b_a_fk", &["a_id"], "a", &["id"]));
        let up = run(&Schema::default(), &Schema::new(vec![a, b]));
        assert_eq!(
            lines(&up),
            [
                "Detected added table 'a'",
                "Detected added table 'b'",
                "Detected added foreign key (b_id)(id) on table a"
            ]
        );
        let mut schema = Schema::default();
        for op in &up {
            op.apply(&mut schema).unwrap();
        }
        let down = run(&schema, &Schema::default());
        assert_eq!(
            lines(&down),
            [
                "Detected removed foreign key (b_id)(id) on table a",
                "Detected removed table 'b'",
                "Detected removed table 'a'"
            ]
        );
    }

    #[test]
    fn renames_keep_the_data_and_follow_into_constraints() {
        let db = Schema::new(vec![
            team(),
            user().index(Index::new("ix_user_team", &["team_id"])),
        ]);
        let mut renamed_user = Table::new("member")
            .renamed_from("user")
            .column(Column::new("id", ColumnType::BigInt).autoincrement())
            .column(
                Column::new("squad_id", ColumnType::BigInt)
                    .nullable()
                    .renamed_from("team_id"),
            )
            .primary_key(&["id"])
            .index(Index::new("ix_user_team", &["squad_id"]));
        renamed_user = renamed_user.foreign_key(
            ForeignKey::new("member_squad_id_fkey", &["squad_id"], "team", &["id"])
                .on_delete(FkAction::Cascade),
        );
        let model = Schema::new(vec![team(), renamed_user]);
        let ops = run(&db, &model);
        assert_eq!(
            lines(&ops),
            [
                "Detected renamed table 'user' to 'member'",
                "Detected renamed column 'member.team_id' to 'member.squad_id'"
            ]
        );
    }

    #[test]
    fn column_changes_are_detected_with_alembic_wording() {
        let db = Schema::new(vec![
            Table::new("user")
                .column(Column::new("id", ColumnType::Integer))
                .column(Column::new("email", ColumnType::Varchar(64)).nullable())
                .column(Column::new("gone", ColumnType::Text))
                .primary_key(&["id"]),
        ]);
        let model = Schema::new(vec![
            Table::new("user")
                .column(Column::new("id", ColumnType::Integer))
                .column(Column::new("email", ColumnType::Text).default("''"))
                .column(Column::new("token", ColumnType::Varchar(128)).nullable())
                .primary_key(&["id"]),
        ]);
        let ops = run(&db, &model);
        assert_eq!(
            lines(&ops),
            [
                "Detected added column 'user.token'",
                "Detected type change from VARCHAR(64) to TEXT on 'user.email'",
                "Detected NOT NULL on column 'user.email'",
                "Detected server default change from None to '' on column 'user.email'",
                "Detected removed column 'user.gone'",
            ]
        );
        let mut schema = db.clone();
        for op in &ops {
            op.apply(&mut schema).unwrap();
        }
        assert!(run(&schema, &model).is_empty());
        for op in &reverse_all(&ops).unwrap() {
            op.apply(&mut schema).unwrap();
        }
        assert!(run(&schema, &db).is_empty());
    }

    #[test]
    fn default_null_is_no_default() {
        for dialect in [Dialect::Sqlite, Dialect::Postgres] {
            let with = |default: Option<&str>| {
                let mut c = Column::new("note", ColumnType::Text).nullable();
                c.default = default.map(str::to_string);
                Schema::new(vec![Table::new("t").column(c)])
            };
            let run =
                |db: &Schema, model: &Schema| diff(db, model, dialect, DiffOptions::default());
            assert!(run(&with(None), &with(Some("NULL"))).is_empty());
            assert!(run(&with(Some("null")), &with(None)).is_empty());
            assert_eq!(run(&with(Some("NULL")), &with(Some("'x'"))).len(), 1);
        }
    }

    #[test]
    fn check_expressions_compare_loosely() {
        assert_eq!(normalize_expr("(price > 0)"), normalize_expr("price>0"));
        assert_ne!(normalize_expr("name = 'A'"), normalize_expr("name = 'a'"));
    }
}
