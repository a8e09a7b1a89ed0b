//! Tests: postgres_dialect. The PostgreSQL dialect against a live server:
//! DDL for every operation, introspection back into the same schema, the
//! default normalization against what the server reports, the number of
//! introspection queries, and failures that leave the database as it was.

use migrate_core::dialect::postgres::{self as pg, INTROSPECTION_QUERIES};
use migrate_core::ops::{ColumnChanges, Constraint, Operation};
use migrate_core::schema::{
    CheckConstraint, Column, ColumnType, FkAction, ForeignKey, Index, PrimaryKey, Schema, Table,
    UniqueConstraint, naming,
};
use migrate_core::{Database, Dialect, IntrospectOptions};
use migrate_tests::fresh_postgres;

fn opts() -> IntrospectOptions {
    IntrospectOptions::default()
}

fn introspect(db: &mut Database) -> Schema {
    db.introspect(&opts()).expect("introspection")
}

/// Introspects and returns the number of queries it took.
fn introspect_counted(db: &mut Database) -> (Schema, usize) {
    match db {
        Database::Postgres(client) => pg::introspect_counted(client, &opts()).unwrap(),
        Database::Sqlite(_) => unreachable!(),
    }
}

/// One string column of one row.
fn query_text(db: &mut Database, sql: &str) -> Vec<Option<String>> {
    match db {
        Database::Postgres(client) => client
            .query(sql, &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect(),
        Database::Sqlite(_) => unreachable!(),
    }
}

/// The form in which schemas are compared: canonical types, normalized
/// defaults and check expressions, named primary keys, constraints and
/// indexes sorted by name, and nothing that only models carry.
fn normalized(schema: &Schema) -> Schema {
    let d = Dialect::Postgres;
    let tables = schema
        .tables
        .iter()
        .map(|t| {
            let mut t = t.clone();
            t.renamed_from = None;
            for c in &mut t.columns {
                c.ty = d.canonical_type(&c.ty);
                c.default = c.default.as_deref().map(|e| d.normalize_default(e));
                c.renamed_from = None;
            }
            if let Some(pk) = &mut t.primary_key {
                pk.name.get_or_insert_with(|| naming::primary_key(&t.name));
            }
            for c in &mut t.check_constraints {
                c.expr = d.normalize_default(&c.expr);
            }
            t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
            t.unique_constraints.sort_by(|a, b| a.name.cmp(&b.name));
            t.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
            t.check_constraints.sort_by(|a, b| a.name.cmp(&b.name));
            t
        })
        .collect();
    Schema::new(tables)
}

#[track_caller]
fn assert_same(actual: &Schema, expected: &Schema) {
    let (a, e) = (normalized(actual), normalized(expected));
    if a != e {
        for (ta, te) in a.tables.iter().zip(&e.tables) {
            if ta != te {
                panic!(
                    "table '{}' differs:\n  live:  {ta:?}\n  model: {te:?}",
                    te.name
                );
            }
        }
        panic!(
            "tables differ: live {:?}, model {:?}",
            a.tables.iter().map(|t| &t.name).collect::<Vec<_>>(),
            e.tables.iter().map(|t| &t.name).collect::<Vec<_>>()
        );
    }
}

fn team() -> Table {
    Table::new("team")
        .column(
            Column::new("id", ColumnType::BigInt)
                .autoincrement()
                .comment("Surrogate key"),
        )
        .column(Column::new("name", ColumnType::Varchar(64)))
        .column(Column::new("created_at", ColumnType::TimestampTz).default("CURRENT_TIMESTAMP"))
        .primary_key(&["id"])
        .unique(UniqueConstraint::new("team_name_key", &["name"]))
        .comment("Teams; it's a comment with a 'quote'")
}

fn user() -> Table {
    Table::new("user")
        .column(Column::new("user_id", ColumnType::Integer).autoincrement())
        .column(Column::new("name", ColumnType::Varchar(64)).comment("Display name"))
        .column(Column::new("email", ColumnType::Varchar(128)))
        .column(Column::new("password", ColumnType::Text))
        .column(Column::new("token", ColumnType::Text).nullable())
        .column(Column::new("created_at", ColumnType::Timestamp).default("now()"))
        .column(Column::new("team_id", ColumnType::BigInt).nullable())
        .primary_key(&["user_id"])
        .unique(UniqueConstraint::new("user_email_key", &["email"]))
        .foreign_key(
            ForeignKey::new(
                naming::foreign_key("user", &["team_id"]),
                &["team_id"],
                "team",
                &["id"],
            )
            .on_delete(FkAction::Cascade),
        )
        .index(Index::new("user_name_idx", &["name"]))
        .comment("People who can sign in.")
}

/// One column of every type, with defaults of many forms.
fn all_types() -> Table {
    use ColumnType::*;
    Table::new("all types")
        .column(Column::new("id", Integer))
        .column(Column::new("small", SmallInt).default("0"))
        .column(Column::new("neg", Integer).default("-1"))
        .column(Column::new("big", BigInt).default("10000000000"))
        .column(Column::new("real", Real).default("1.5"))
        .column(Column::new("dbl", Double).default("-1.5"))
        .column(Column::new("flag", Boolean).default("true"))
        .column(Column::new("off", Boolean).nullable().default("FALSE"))
        .column(Column::new("txt", Text).default("'it''s'"))
        .column(Column::new("empty", Text).default("''"))
        .column(Column::new("vc", Varchar(10)).nullable().default("'x'"))
        .column(Column::new("blob", Blob).nullable())
        .column(Column::new("d", Date).default("CURRENT_DATE"))
        .column(Column::new("tm", Time).nullable())
        .column(Column::new("ts", Timestamp).default("CURRENT_TIMESTAMP"))
        .column(Column::new("tstz", TimestampTz).default("now()"))
        .column(Column::new("u", Uuid).default("gen_random_uuid()"))
        .column(Column::new("j", Json).default("'{}'"))
        .column(Column::new("dec", Decimal(None)).nullable())
        .column(Column::new("money", Decimal(Some((10, 2)))).default("0"))
        .column(
            Column::new("ints", Custom("INT4[]".into()))
                .nullable()
                .default("'{}'"),
        )
        .column(Column::new("span", Custom("interval".into())).default("'1 day'"))
        .column(Column::new("raw json", Custom("json".into())).nullable())
        .column(Column::new("sum", Integer).default("(1 + 2)"))
        .primary_key(&["id"])
        .check(CheckConstraint::new("all types_neg_check", "neg < 0"))
}

/// Names with a space, a quote and upper case; composite keys.
fn order_items() -> Table {
    Table::new("Order \"Items\"")
        .column(Column::new("Order Id", ColumnType::Integer))
        .column(Column::new("line", ColumnType::SmallInt))
        .column(Column::new("SKU", ColumnType::Varchar(32)).comment("Stock \"keeping\" unit"))
        .column(Column::new("qty", ColumnType::Integer).default("1"))
        .column(Column::new("team_id", ColumnType::BigInt).nullable())
        .column(Column::new("user_id", ColumnType::Integer).nullable())
        .primary_key(&["Order Id", "line"])
        .unique(UniqueConstraint::new(
            "Order \"Items\" SKU",
            &["SKU", "line"],
        ))
        .foreign_key(
            ForeignKey::new("items_team_fk", &["team_id"], "team", &["id"])
                .on_delete(FkAction::SetNull),
        )
        .foreign_key(
            ForeignKey::new("items_user_fk", &["user_id"], "user", &["user_id"])
                .on_delete(FkAction::Restrict)
                .on_update(FkAction::Cascade),
        )
        .check(CheckConstraint::new("qty positive", "qty > 0"))
        .index(Index::new("Items By Line", &["line", "Order Id"]))
        .index(Index::new("items_sku_qty", &["SKU", "qty"]).unique())
}

fn rich_schema() -> Vec<Table> {
    let mut items = order_items();
    items.primary_key = Some(PrimaryKey::new(&["Order Id", "line"]).named("Order Items PK"));
    vec![team(), user(), all_types(), items]
}

fn create_all(db: &mut Database, tables: &[Table]) {
    let ops: Vec<Operation> = tables.iter().cloned().map(Operation::CreateTable).collect();
    db.apply(&ops, &opts()).expect("create tables");
}

#[test]
fn round_trip_of_a_rich_schema() {
    let Some((_url, mut db)) = fresh_postgres() else {
        return;
    };
    let tables = rich_schema();
    create_all(&mut db, &tables);
    let live = introspect(&mut db);
    assert_same(&live, &Schema::new(tables));

    // What introspection reports, exactly.
    let team = live.table("team").unwrap();
    let id = team.get_column("id").unwrap();
    assert!(id.autoincrement && !id.nullable && id.default.is_none());
    assert_eq!(id.comment.as_deref(), Some("Surrogate key"));
    assert_eq!(
        team.primary_key.as_ref().unwrap().name.as_deref(),
        Some("team_pkey")
    );
    let all = live.table("all types").unwrap();
    let ty = |name: &str| all.get_column(name).unwrap().ty.clone();
    assert_eq!(ty("j"), ColumnType::Json);
    assert_eq!(ty("money"), ColumnType::Decimal(Some((10, 2))));
    assert_eq!(ty("ints"), ColumnType::Custom("integer[]".into()));
    assert_eq!(ty("raw json"), ColumnType::Custom("json".into()));
    assert_eq!(all.check_constraints[0].expr, "neg < 0");
    let items = live.table("Order \"Items\"").unwrap();
    assert_eq!(
        items
            .indexes
            .iter()
            .find(|i| i.name == "Items By Line")
            .unwrap()
            .columns,
        ["line", "Order Id"]
    );
    assert_eq!(items.foreign_keys.len(), 2);

    // Applying the introspected schema to another database gives it back.
    let Some((_url, mut other)) = fresh_postgres() else {
        return;
    };
    let mut ordered = live.tables.clone();
    ordered.sort_by_key(|t| t.foreign_keys.len());
    create_all(&mut other, &ordered);
    assert_eq!(normalized(&introspect(&mut other)), normalized(&live));
}

#[test]
fn excluded_and_foreign_objects_are_not_read() {
    let Some((_url, mut db)) = fresh_postgres() else {
        return;
    };
    db.execute(
        "CREATE TABLE migrate_version (version_num varchar(32) PRIMARY KEY);
         CREATE VIEW v AS SELECT 1 AS x;
         CREATE SEQUENCE s;
         CREATE SCHEMA other;
         CREATE TABLE other.hidden (id int);
         CREATE TABLE parted (id int NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
         CREATE TABLE parted_2024 PARTITION OF parted
             FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
         CREATE TABLE serials (id serial PRIMARY KEY, big bigserial,
             g int GENERATED ALWAYS AS IDENTITY,
             twice int GENERATED ALWAYS AS (id * 2) STORED,
             doomed int, kept int);
         ALTER TABLE serials DROP COLUMN doomed;
         CREATE INDEX serials_expr ON serials ((kept + 1));
         CREATE INDEX serials_partial ON serials (kept) WHERE kept > 0;
         CREATE INDEX serials_incl ON serials (kept) INCLUDE (big);
         CREATE UNIQUE INDEX serials_kept_uq ON serials (kept);
         CREATE TABLE refs (kept int REFERENCES serials (kept));",
    )
    .unwrap();
    let live = introspect(&mut db);
    let names: Vec<&str> = live.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["parted", "refs", "serials"]);
    let serials = live.table("serials").unwrap();
    let cols: Vec<(&str, bool, Option<&str>)> = serials
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.autoincrement, c.default.as_deref()))
        .collect();
    assert_eq!(
        cols,
        [
            ("id", true, None),
            ("big", true, None),
            ("g", true, None),
            ("twice", false, None),
            ("kept", false, None),
        ]
    );
    // Expression and partial indexes are left out; a unique index that a
    // foreign key of another table relies on is still an index.
    let mut indexes: Vec<(&str, bool, Vec<String>)> = serials
        .indexes
        .iter()
        .map(|i| (i.name.as_str(), i.unique, i.columns.clone()))
        .collect();
    indexes.sort();
    assert_eq!(
        indexes,
        [
            ("serials_incl", false, vec!["kept".to_string()]),
            ("serials_kept_uq", true, vec!["kept".to_string()]),
        ]
    );
    assert_eq!(
        live.table("refs").unwrap().foreign_keys[0].ref_table,
        "serials"
    );
}

/// Applies `op` to the database and to the expected schema, then compares.
#[track_caller]
fn step(db: &mut Database, expected: &mut Schema, op: Operation) {
    db.apply(std::slice::from_ref(&op), &opts())
        .unwrap_or_else(|e| panic!("{op:?}: {e}"));
    op.apply(expected).unwrap();
    assert_same(&introspect(db), expected);
}

#[test]
fn every_alter_kind() {
    let Some((_url, mut db)) = fresh_postgres() else {
        return;
    };
    let mut expected = Schema::default();
    for t in [team(), user()] {
        step(&mut db, &mut expected, Operation::CreateTable(t));
    }
    // PostgreSQL keeps constraint names through table renames; the
    // in-memory schema has to know them to do the same.
    for t in &mut expected.tables {
        if let Some(pk) = &mut t.primary_key {
            pk.name.get_or_insert_with(|| naming::primary_key(&t.name));
        }
    }
    db.execute(
        "INSERT INTO team (name) VALUES ('a'), ('b');
         INSERT INTO \"user\" (name, email, password, token, team_id)
             VALUES ('n', 'e', '0', 't', 1)",
    )
    .unwrap();
    let alter = |column: &str, changes: ColumnChanges| Operation::AlterColumn {
        table: "user".into(),
        column: column.into(),
        changes,
        previous: None,
    };
    let ops = vec![
        Operation::AddColumn {
            table: "user".into(),
            column: Column::new("Score", ColumnType::Integer)
                .default("0")
                .comment("points"),
        },
        Operation::AddColumn {
            table: "user".into(),
            column: Column::new("nick name", ColumnType::Text).nullable(),
        },
        Operation::RenameColumn {
            table: "user".into(),
            from: "nick name".into(),
            to: "Nick \"Name\"".into(),
        },
        // Type changes, with a conversion of the data.
        alter("Score", ColumnChanges::new().ty(ColumnType::BigInt)),
        alter("token", ColumnChanges::new().ty(ColumnType::Varchar(20))),
        alter(
            "password",
            ColumnChanges::new()
                .ty(ColumnType::Integer)
                .default(Some("'0'")),
        ),
        // A type change and a new default where the old default cannot be cast.
        alter(
            "created_at",
            ColumnChanges::new()
                .ty(ColumnType::Date)
                .default(Some("CURRENT_DATE")),
        ),
        // Nullability, both ways.
        alter(
            "token",
            ColumnChanges::new().nullable(false).default(Some("'t'")),
        ),
        alter("email", ColumnChanges::new().nullable(true)),
        // Defaults: set, change, drop.
        alter(
            "Nick \"Name\"",
            ColumnChanges::new().default(Some("'it''s'")),
        ),
        alter(
            "Nick \"Name\"",
            ColumnChanges::new().default(Some("upper('x')")),
        ),
        alter("Score", ColumnChanges::new().default(None)),
        // Comments: set, change, drop.
        alter(
            "email",
            ColumnChanges::new().comment(Some("where we write")),
        ),
        alter("email", ColumnChanges::new().comment(Some("it's changed"))),
        alter("name", ColumnChanges::new().comment(None)),
        // Identity off and on again (continuing after the existing rows).
        alter("user_id", ColumnChanges::new().autoincrement(false)),
        alter("user_id", ColumnChanges::new().autoincrement(true)),
        // Table comment.
        Operation::SetTableComment {
            table: "user".into(),
            comment: Some("Everybody's here".into()),
            previous: None,
        },
        Operation::SetTableComment {
            table: "team".into(),
            comment: None,
            previous: None,
        },
        // Indexes and constraints.
        Operation::CreateIndex {
            table: "user".into(),
            index: Index::new("ix_user_Score_name", &["Score", "name"]),
        },
        Operation::CreateIndex {
            table: "user".into(),
            index: Index::new("user token uq", &["token"]).unique(),
        },
        Operation::DropIndex {
            table: "user".into(),
            name: "user_name_idx".into(),
            existing: None,
        },
        Operation::AddUnique {
            table: "user".into(),
            constraint: UniqueConstraint::new("user_name_team_key", &["name", "team_id"]),
        },
        Operation::AddCheck {
            table: "user".into(),
            check: CheckConstraint::new("user_score_check", "\"Score\" >= 0"),
        },
        Operation::DropConstraint {
            table: "user".into(),
            name: "user_team_id_fkey".into(),
            existing: None,
        },
        Operation::AddForeignKey {
            table: "user".into(),
            fk: ForeignKey::new("user_team_fk", &["team_id"], "team", &["id"])
                .on_delete(FkAction::SetNull)
                .on_update(FkAction::Cascade),
        },
        Operation::DropConstraint {
            table: "user".into(),
            name: "user_pkey".into(),
            existing: None,
        },
        Operation::AddPrimaryKey {
            table: "user".into(),
            pk: PrimaryKey::new(&["user_id"]).named("user pk"),
        },
        Operation::DropConstraint {
            table: "user".into(),
            name: "user_email_key".into(),
            existing: None,
        },
        Operation::DropConstraint {
            table: "user".into(),
            name: "user_score_check".into(),
            existing: None,
        },
        Operation::DropColumn {
            table: "user".into(),
            name: "Nick \"Name\"".into(),
            existing: None,
        },
        // A rename keeps the names of keys, constraints and indexes.
        Operation::RenameTable {
            from: "user".into(),
            to: "Person".into(),
        },
        Operation::RenameTable {
            from: "team".into(),
            to: "group".into(),
        },
        Operation::Execute {
            sql: "CREATE TABLE \"raw\" (\"id\" integer NOT NULL)".into(),
        },
    ];
    for op in ops {
        if let Operation::Execute { .. } = op {
            db.apply(std::slice::from_ref(&op), &opts()).unwrap();
            expected.insert(Table::new("raw").column(Column::new("id", ColumnType::Integer)));
            assert_same(&introspect(&mut db), &expected);
        } else {
            step(&mut db, &mut expected, op);
        }
    }

    // The data went through the type changes; identity continues after the
    // existing rows.
    db.execute("INSERT INTO \"Person\" (name, password, \"Score\", token) VALUES ('m', 7, 3, 'u')")
        .unwrap();
    let ids = query_text(
        &mut db,
        "SELECT user_id::text || ':' || password::text || ':' || token FROM \"Person\" ORDER BY user_id",
    );
    assert_eq!(ids, [Some("1:0:t".to_string()), Some("2:7:u".to_string())]);

    let person = expected.table("Person").unwrap().clone();
    let live = introspect(&mut db);
    let live_person = live.table("Person").unwrap();
    assert_eq!(
        live_person.primary_key.as_ref().unwrap().name.as_deref(),
        Some("user pk")
    );
    assert!(
        live_person
            .indexes
            .iter()
            .any(|i| i.name == "ix_user_Score_name")
    );
    assert_eq!(live_person.foreign_keys[0].ref_table, "group");
    // And everything can go.
    for name in [person.name.as_str(), "group", "raw"] {
        step(
            &mut db,
            &mut expected,
            Operation::DropTable {
                name: name.into(),
                existing: None,
            },
        );
    }
    assert!(introspect(&mut db).tables.is_empty());
}

#[test]
fn reversed_operations_undo() {
    let Some((_url, mut db)) = fresh_postgres() else {
        return;
    };
    create_all(&mut db, &[team(), user()]);
    let before = introspect(&mut db);
    let user = before.table("user").unwrap();
    let ops = vec![
        Operation::AlterColumn {
            table: "user".into(),
            column: "token".into(),
            changes: ColumnChanges::new()
                .ty(ColumnType::Varchar(99))
                .nullable(false)
                .default(Some("'x'"))
                .comment(Some("c")),
            previous: Some(
                ColumnChanges::new()
                    .ty(ColumnType::Varchar(99))
                    .nullable(false)
                    .default(Some("'x'"))
                    .comment(Some("c"))
                    .previous_of(user.get_column("token").unwrap()),
            ),
        },
        Operation::DropConstraint {
            table: "user".into(),
            name: "user_team_id_fkey".into(),
            existing: Some(Constraint::ForeignKey(user.foreign_keys[0].clone())),
        },
        Operation::DropIndex {
            table: "user".into(),
            name: "user_name_idx".into(),
            existing: Some(user.indexes[0].clone()),
        },
        Operation::DropColumn {
            table: "user".into(),
            name: "created_at".into(),
            existing: Some(user.get_column("created_at").unwrap().clone()),
        },
    ];
    db.apply(&ops, &opts()).unwrap();
    assert_ne!(normalized(&introspect(&mut db)), normalized(&before));
    let reverse = migrate_core::ops::reverse_all(&ops).unwrap();
    db.apply(&reverse, &opts()).unwrap();
    // The re-added column comes last.
    let mut expected = before.clone();
    let t = expected.table_mut("user").unwrap();
    let created = t.columns.remove(5);
    t.columns.push(created);
    assert_same(&introspect(&mut db), &expected);
}

#[test]
fn introspection_query_count_does_not_grow_with_tables() {
    let Some((_url, mut db)) = fresh_postgres() else {
        return;
    };
    create_all(&mut db, &[team()]);
    let (one, n1) = introspect_counted(&mut db);
    assert_eq!(one.tables.len(), 1);

    let many: Vec<Table> = (0..300)
        .map(|i| {
            Table::new(format!("t{i:03}"))
                .column(Column::new("id", ColumnType::BigInt).autoincrement())
                .column(Column::new("team_id", ColumnType::BigInt).nullable())
                .column(Column::new("name", ColumnType::Text).default("''"))
                .primary_key(&["id"])
                .foreign_key(ForeignKey::new(
                    format!("t{i:03}_team_fk"),
                    &["team_id"],
                    "team",
                    &["id"],
                ))
                .index(Index::new(format!("t{i:03}_name_idx"), &["name"]))
                .check(CheckConstraint::new(format!("t{i:03}_check"), "id > 0"))
        })
        .collect();
    create_all(&mut db, &many);
    let started = std::time::Instant::now();
    let (all, n301) = introspect_counted(&mut db);
    let took = started.elapsed();
    assert_eq!(all.tables.len(), 301);
    assert_eq!(n1, INTROSPECTION_QUERIES.len());
    assert_eq!(
        n301, n1,
        "the number of queries grew with the number of tables"
    );
    let mut expected = many.clone();
    expected.push(team());
    assert_same(&all, &Schema::new(expected));
    // Generous: a loaded CI machine. Typically a few tens of milliseconds.
    assert!(took.as_secs() < 5, "introspecting 301 tables took {took:?}");
}

#[test]
fn failing_ddl_names_the_statement_and_changes_nothing() {
    let Some((_url, mut db)) = fresh_postgres() else {
        return;
    };
    create_all(&mut db, &[team()]);
    let before = introspect(&mut db);
    let err = db
        .apply(
            &[
                Operation::CreateTable(
                    Table::new("new").column(Column::new("x", ColumnType::Text)),
                ),
                Operation::AddColumn {
                    table: "team".into(),
                    column: Column::new("extra", ColumnType::Text).nullable(),
                },
                Operation::AddColumn {
                    table: "missing".into(),
                    column: Column::new("x", ColumnType::Text).nullable(),
                },
            ],
            &opts(),
        )
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("ALTER TABLE \"missing\" ADD COLUMN"),
        "{text}"
    );
    assert!(text.contains("does not exist"), "{text}");
    assert_eq!(introspect(&mut db), before);

    for op in [
        Operation::DropTable {
            name: "missing".into(),
            existing: None,
        },
        Operation::AlterColumn {
            table: "team".into(),
            column: "nope".into(),
            changes: ColumnChanges::new().nullable(true),
            previous: None,
        },
        Operation::DropIndex {
            table: "team".into(),
            name: "nope".into(),
            existing: None,
        },
        Operation::AlterColumn {
            table: "team".into(),
            column: "name".into(),
            changes: ColumnChanges::new().autoincrement(true),
            previous: None,
        },
    ] {
        let err = db.apply(std::slice::from_ref(&op), &opts()).unwrap_err();
        assert!(matches!(
            err,
            migrate_core::Error::Statement { .. } | migrate_core::Error::Unsupported(_)
        ));
        assert_eq!(introspect(&mut db), before, "{op:?}");
    }
    // The connection is usable afterwards.
    db.execute("SELECT 1").unwrap();
}

#[test]
fn identity_rules_are_checked_before_sending() {
    let bad = Table::new("t")
        .column(Column::new("id", ColumnType::Text).autoincrement())
        .primary_key(&["id"]);
    let err = Dialect::Postgres
        .ddl(&Operation::CreateTable(bad), &Schema::default())
        .unwrap_err();
    assert!(err.to_string().contains("integer type"), "{err}");
}

#[test]
fn works_in_the_current_schema_only() {
    let Some((_url, mut db)) = fresh_postgres() else {
        return;
    };
    db.execute(
        "CREATE SCHEMA app;
         CREATE TABLE public.t (id int);
         CREATE INDEX ix ON public.t (id);
         SET search_path TO app, public",
    )
    .unwrap();
    create_all(
        &mut db,
        &[Table::new("t")
            .column(Column::new("id", ColumnType::Integer))
            .index(Index::new("ix", &["id"]))],
    );
    let live = introspect(&mut db);
    assert_eq!(live.tables.len(), 1);
    assert_eq!(live.tables[0].indexes.len(), 1);
    db.apply(
        &[Operation::DropIndex {
            table: "t".into(),
            name: "ix".into(),
            existing: None,
        }],
        &opts(),
    )
    .unwrap();
    assert!(introspect(&mut db).tables[0].indexes.is_empty());
    let public_index = query_text(
        &mut db,
        "SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public'",
    );
    assert_eq!(public_index, [Some("ix".to_string())]);
}

/// (column type, default as a model writes it, what PostgreSQL reports).
/// The test checks both the report and that the two normalize equally.
const DEFAULTS: &[(&str, &str, &str)] = &[
    ("text", "'it''s'", "'it''s'::text"),
    ("text", "''", "''::text"),
    ("text", "'now()'", "'now()'::text"),
    ("varchar(10)", "'x'", "'x'::character varying"),
    ("integer", "0", "0"),
    ("integer", "-1", "'-1'::integer"),
    ("integer", "(-1)", "'-1'::integer"),
    ("integer", "'-1'", "'-1'::integer"),
    ("integer", "'0'::integer", "0"),
    ("integer", "1+2", "(1 + 2)"),
    ("bigint", "10000000000", "'10000000000'::bigint"),
    ("numeric", "1.5", "1.5"),
    ("numeric", "-1.5", "'-1.5'::numeric"),
    ("numeric(10,2)", "0", "0"),
    ("real", "0.5", "0.5"),
    ("double precision", "-1.5", "'-1.5'::numeric"),
    ("boolean", "true", "true"),
    ("boolean", "TRUE", "true"),
    ("boolean", "false", "false"),
    ("boolean", "'t'", "true"),
    ("boolean", "'false'::boolean", "false"),
    ("jsonb", "'{}'", "'{}'::jsonb"),
    ("jsonb", "'{\"a\": 1}'::jsonb", "'{\"a\": 1}'::jsonb"),
    ("uuid", "gen_random_uuid()", "gen_random_uuid()"),
    ("timestamptz", "CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP"),
    ("timestamptz", "now()", "now()"),
    ("timestamptz", "NOW()", "now()"),
    ("timestamp", "now()", "now()"),
    ("timestamp", "CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP"),
    ("timestamp", "LOCALTIMESTAMP", "LOCALTIMESTAMP"),
    ("date", "CURRENT_DATE", "CURRENT_DATE"),
    ("date", "('now'::text)::date", "('now'::text)::date"),
    ("date", "'2020-01-01'", "'2020-01-01'::date"),
    ("date", "DATE '2020-01-01'", "'2020-01-01'::date"),
    ("time", "CURRENT_TIME", "CURRENT_TIME"),
    ("interval", "'1 day'", "'1 day'::interval"),
    ("integer[]", "'{}'", "'{}'::integer[]"),
    ("text", "lower('ABC')", "lower('ABC'::text)"),
    ("text", "upper(lower('x'))", "upper(lower('x'::text))"),
    ("bytea", "'\\x00'", "'\\x00'::bytea"),
    ("text", "CAST('x' AS text)", "'x'::text"),
    ("date", "now()::date", "(now())::date"),
];

#[test]
fn default_normalization_against_the_server() {
    let Some((_url, mut db)) = fresh_postgres() else {
        return;
    };
    let columns: Vec<String> = DEFAULTS
        .iter()
        .enumerate()
        .map(|(i, (ty, model, _))| format!("c{i} {ty} DEFAULT {model}"))
        .collect();
    db.execute(&format!("CREATE TABLE d ({})", columns.join(", ")))
        .unwrap();
    let live = introspect(&mut db);
    let table = live.table("d").unwrap();
    let mut failures = Vec::new();
    for (i, (ty, model, reported)) in DEFAULTS.iter().enumerate() {
        let got = table.columns[i].default.clone().unwrap_or_default();
        if got != *reported {
            failures.push(format!(
                "{ty} DEFAULT {model}: server reports {got}, table says {reported}"
            ));
        }
        let (a, b) = (pg::normalize_default(model), pg::normalize_default(&got));
        if a != b {
            failures.push(format!(
                "{ty} DEFAULT {model}: normalized {a:?} != {b:?} ({got})"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn types_round_trip_through_the_server() {
    let Some((_url, mut db)) = fresh_postgres() else {
        return;
    };
    use ColumnType::*;
    let types = [
        SmallInt,
        Integer,
        BigInt,
        Real,
        Double,
        Boolean,
        Text,
        Varchar(64),
        Blob,
        Date,
        Time,
        Timestamp,
        TimestampTz,
        Uuid,
        Json,
        Decimal(None),
        Decimal(Some((10, 2))),
        Custom("json".into()),
        Custom("interval".into()),
        Custom("character(3)".into()),
        Custom("timestamp(3) with time zone".into()),
        Custom("text[]".into()),
    ];
    let mut table = Table::new("types");
    for (i, ty) in types.iter().enumerate() {
        table = table.column(Column::new(format!("c{i}"), ty.clone()));
    }
    create_all(&mut db, &[table]);
    let live = introspect(&mut db);
    let got: Vec<ColumnType> = live.tables[0]
        .columns
        .iter()
        .map(|c| c.ty.clone())
        .collect();
    assert_eq!(got, types);
    // Synonyms as a model might write them.
    for (native, portable) in [
        ("INT4", Integer),
        ("int8", BigInt),
        ("bool", Boolean),
        ("float8", Double),
        ("character varying(64)", Varchar(64)),
        ("timestamp with time zone", TimestampTz),
        ("DECIMAL(10, 2)", Decimal(Some((10, 2)))),
    ] {
        assert_eq!(
            Dialect::Postgres.canonical_type(&Custom(native.into())),
            portable
        );
    }
}
