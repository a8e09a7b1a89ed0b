//! The autogenerate diff against live databases: for each kind of change, on
//! SQLite and PostgreSQL, the diff reports exactly the expected operation,
//! applying it brings the database to the model, and applying its reverse
//! brings it back.

use migrate_core::diff::{DiffOptions, diff};
use migrate_core::ops::{Operation, reverse_all};
use migrate_core::schema::{
    CheckConstraint, Column, ColumnType, FkAction, ForeignKey, Index, Schema, Table,
    UniqueConstraint,
};
use migrate_core::{Database, IntrospectOptions};

/// A change: the schema before, the schema the models want, and the lines
/// the diff must print (per dialect when they differ).
pub(crate) struct Case {
    name: &'static str,
    pub(crate) before: Vec<Table>,
    pub(crate) after: Vec<Table>,
    expected: &'static [&'static str],
    /// Lines expected on SQLite when they differ (no comments there).
    sqlite_expected: Option<&'static [&'static str]>,
}

fn team() -> Table {
    Table::new("team")
        .column(Column::new("id", ColumnType::BigInt).autoincrement())
        .column(Column::new("name", ColumnType::Varchar(64)))
        .primary_key(&["id"])
}

fn user() -> Table {
    Table::new("user")
        .column(Column::new("id", ColumnType::BigInt).autoincrement())
        .column(Column::new("email", ColumnType::Varchar(64)))
        .column(Column::new("team_id", ColumnType::BigInt).nullable())
        .column(Column::new("score", ColumnType::Integer).default("0"))
        .primary_key(&["id"])
        .foreign_key(ForeignKey::new(
            "user_team_id_fkey",
            &["team_id"],
            "team",
            &["id"],
        ))
}

fn with_user(f: impl FnOnce(Table) -> Table) -> Vec<Table> {
    vec![team(), f(user())]
}

pub(crate) fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "add table",
            before: vec![team()],
            after: vec![team(), user()],
            expected: &["Detected added table 'user'"],
            sqlite_expected: None,
        },
        Case {
            name: "remove table",
            before: vec![team(), user()],
            after: vec![team()],
            expected: &["Detected removed table 'user'"],
            sqlite_expected: None,
        },
        Case {
            name: "rename table",
            before: vec![team(), user()],
            after: vec![team(), {
                let mut t = user().renamed_from("user");
                t.name = "member".into();
                t
            }],
            expected: &["Detected renamed table 'user' to 'member'"],
            sqlite_expected: None,
        },
        Case {
            name: "add column",
            before: with_user(|t| t),
            after: with_user(|t| {
                t.column(Column::new("token", ColumnType::Varchar(128)).nullable())
            }),
            expected: &["Detected added column 'user.token'"],
            sqlite_expected: None,
        },
        Case {
            name: "add NOT NULL column with default",
            before: with_user(|t| t),
            after: with_user(|t| {
                t.column(Column::new("active", ColumnType::Boolean).default("true"))
            }),
            expected: &["Detected added column 'user.active'"],
            sqlite_expected: None,
        },
        Case {
            name: "remove column",
            before: with_user(|t| t.column(Column::new("token", ColumnType::Text).nullable())),
            after: with_user(|t| t),
            expected: &["Detected removed column 'user.token'"],
            sqlite_expected: None,
        },
        Case {
            name: "rename column",
            before: with_user(|t| t),
            after: with_user(|mut t| {
                let c = t.get_column_mut("email").unwrap();
                c.name = "mail".into();
                c.renamed_from = Some("email".into());
                t
            }),
            expected: &["Detected renamed column 'user.email' to 'user.mail'"],
            sqlite_expected: None,
        },
        Case {
            name: "type change",
            before: with_user(|t| t),
            after: with_user(|mut t| {
                t.get_column_mut("email").unwrap().ty = ColumnType::Text;
                t
            }),
            expected: &["Detected type change from VARCHAR(64) to TEXT on 'user.email'"],
            sqlite_expected: None,
        },
        Case {
            name: "nullable",
            before: with_user(|t| t),
            after: with_user(|mut t| {
                t.get_column_mut("email").unwrap().nullable = true;
                t
            }),
            expected: &["Detected NULL on column 'user.email'"],
            sqlite_expected: None,
        },
        Case {
            name: "server default",
            before: with_user(|t| t),
            after: with_user(|mut t| {
                t.get_column_mut("score").unwrap().default = Some("10".into());
                t.get_column_mut("email").unwrap().default = Some("'nobody'".into());
                t
            }),
            expected: &[
                "Detected server default change from None to 'nobody' on column 'user.email'",
                "Detected server default change from 0 to 10 on column 'user.score'",
            ],
            sqlite_expected: None,
        },
        Case {
            name: "comments",
            before: with_user(|t| t),
            after: with_user(|mut t| {
                t.get_column_mut("email").unwrap().comment = Some("Where we write".into());
                t.comment("People who sign in")
            }),
            expected: &[
                "Detected column comment 'user.email'",
                "Detected table comment on 'user'",
            ],
            sqlite_expected: Some(&[]),
        },
        Case {
            name: "primary key",
            before: vec![
                Table::new("pair")
                    .column(Column::new("a", ColumnType::Integer))
                    .column(Column::new("b", ColumnType::Integer))
                    .primary_key(&["a"]),
            ],
            after: vec![
                Table::new("pair")
                    .column(Column::new("a", ColumnType::Integer))
                    .column(Column::new("b", ColumnType::Integer))
                    .primary_key(&["a", "b"]),
            ],
            expected: &[
                "Detected removed primary key (a) on 'pair'",
                "Detected added primary key (a, b) on 'pair'",
            ],
            sqlite_expected: None,
        },
        Case {
            name: "autoincrement",
            before: vec![
                Table::new("seq")
                    .column(Column::new("id", ColumnType::Integer))
                    .primary_key(&["id"]),
            ],
            after: vec![
                Table::new("seq")
                    .column(Column::new("id", ColumnType::Integer).autoincrement())
                    .primary_key(&["id"]),
            ],
            expected: &["Detected added autoincrement on column 'seq.id'"],
            sqlite_expected: None,
        },
        Case {
            name: "index added, removed and changed",
            before: with_user(|t| {
                t.index(Index::new("ix_user_email", &["email"]))
                    .index(Index::new("ix_user_score", &["score"]))
            }),
            after: with_user(|t| {
                t.index(Index::new("ix_user_email", &["email"]).unique())
                    .index(Index::new("ix_user_team_score", &["team_id", "score"]))
            }),
            expected: &[
                "Detected removed index 'ix_user_email' on 'user'",
                "Detected removed index 'ix_user_score' on 'user'",
                "Detected added unique index 'ix_user_email' on 'user(email)'",
                "Detected added index 'ix_user_team_score' on 'user(team_id, score)'",
            ],
            sqlite_expected: None,
        },
        Case {
            name: "unique constraint",
            before: with_user(|t| t.unique(UniqueConstraint::new("user_score_key", &["score"]))),
            after: with_user(|t| t.unique(UniqueConstraint::new("user_email_key", &["email"]))),
            expected: &[
                "Detected removed unique constraint 'user_score_key' on 'user'",
                "Detected added unique constraint 'user_email_key' on 'user(email)'",
            ],
            sqlite_expected: None,
        },
        Case {
            name: "foreign key on_delete and on_update",
            before: with_user(|t| t),
            after: with_user(|mut t| {
                t.foreign_keys[0].on_delete = FkAction::Cascade;
                t.foreign_keys[0].on_update = FkAction::SetNull;
                t
            }),
            expected: &[
                "Detected removed foreign key (team_id)(id) on table user",
                "Detected added foreign key (team_id)(id) on table user",
            ],
            sqlite_expected: None,
        },
        Case {
            name: "foreign key added and removed",
            before: with_user(|mut t| {
                t.foreign_keys.clear();
                t
            }),
            after: with_user(|t| t),
            expected: &["Detected added foreign key (team_id)(id) on table user"],
            sqlite_expected: None,
        },
        Case {
            name: "check constraint",
            before: with_user(|t| {
                t.check(CheckConstraint::new("user_score_positive", "score >= 0"))
            }),
            after: with_user(|t| {
                t.check(CheckConstraint::new("user_email_not_empty", "email <> ''"))
            }),
            expected: &[
                "Detected removed check constraint 'user_score_positive' on 'user'",
                "Detected added check constraint 'user_email_not_empty' on 'user'",
            ],
            sqlite_expected: None,
        },
    ]
}

fn introspect(db: &mut Database) -> Schema {
    db.introspect(&IntrospectOptions::default())
        .expect("introspection works")
}

fn lines(ops: &[Operation]) -> Vec<String> {
    ops.iter().flat_map(Operation::describe).collect()
}

/// Rows to check that data survives the change.
fn seed(db: &mut Database, before: &Schema) {
    if before.table("team").is_some() {
        db.execute("INSERT INTO \"team\" (\"name\") VALUES ('red'), ('blue')")
            .unwrap();
    }
    if before.table("user").is_some() {
        db.execute(
            "INSERT INTO \"user\" (\"email\", \"team_id\", \"score\") VALUES ('a@x', 1, 5), ('b@x', 2, 7)",
        )
        .unwrap();
    }
}

fn run_case(case: &Case, db: &mut Database) {
    let dialect = db.dialect();
    let options = DiffOptions::default();
    let before = Schema::new(case.before.clone());
    let after = Schema::new(case.after.clone());
    let setup = diff(&Schema::default(), &before, dialect, options);
    db.apply(&setup, &IntrospectOptions::default())
        .unwrap_or_else(|e| panic!("{}: creating the starting schema failed: {e}", case.name));
    seed(db, &before);

    let live = introspect(db);
    assert!(
        diff(&live, &before, dialect, options).is_empty(),
        "{}: the starting schema is not reported as up to date: {:?}",
        case.name,
        lines(&diff(&live, &before, dialect, options))
    );

    let ops = diff(&live, &after, dialect, options);
    let expected = match (dialect, case.sqlite_expected) {
        (migrate_core::Dialect::Sqlite, Some(e)) => e,
        _ => case.expected,
    };
    assert_eq!(lines(&ops), expected, "{} on {}", case.name, dialect.name());

    db.apply(&ops, &IntrospectOptions::default())
        .unwrap_or_else(|e| panic!("{} on {}: upgrade failed: {e}", case.name, dialect.name()));
    let upgraded = introspect(db);
    let left = diff(&upgraded, &after, dialect, options);
    assert!(
        left.is_empty(),
        "{} on {}: after upgrade the diff still reports {:?}",
        case.name,
        dialect.name(),
        lines(&left)
    );

    let down = reverse_all(&ops).expect("autogenerated operations are reversible");
    db.apply(&down, &IntrospectOptions::default())
        .unwrap_or_else(|e| panic!("{} on {}: downgrade failed: {e}", case.name, dialect.name()));
    let downgraded = introspect(db);
    let left = diff(&downgraded, &before, dialect, options);
    assert!(
        left.is_empty(),
        "{} on {}: after downgrade the diff still reports {:?}",
        case.name,
        dialect.name(),
        lines(&left)
    );
    // Data survives every change that keeps the table.
    for table in ["team", "user"] {
        let kept = after
            .tables
            .iter()
            .any(|t| t.name == table || t.renamed_from.as_deref() == Some(table));
        if before.table(table).is_some() && kept {
            assert_eq!(count(db, table), 2, "{}: rows of {table} lost", case.name);
        }
    }
}

fn count(db: &mut Database, table: &str) -> i64 {
    match db {
        Database::Sqlite(c) => c
            .query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
                r.get(0)
            })
            .unwrap(),
        Database::Postgres(c) => c
            .query_one(&format!("SELECT count(*) FROM \"{table}\""), &[])
            .unwrap()
            .get(0),
    }
}

#[test]
fn each_change_round_trips_on_sqlite() {
    for case in cases() {
        let (_dir, _url, mut db) = migrate_tests::fresh_sqlite();
        if let Database::Sqlite(c) = &db {
            c.execute_batch("PRAGMA foreign_keys = ON").unwrap();
        }
        run_case(&case, &mut db);
    }
}

#[test]
fn each_change_round_trips_on_postgres() {
    for case in cases() {
        let Some((_url, mut db)) = migrate_tests::fresh_postgres() else {
            return;
        };
        run_case(&case, &mut db);
    }
}

/// The model set of `migrate_tests::models`, created in a fresh database and
/// read back: the diff must be empty.
fn assert_no_false_positives(db: &mut Database) {
    let dialect = db.dialect();
    let models = migrate_tests::models::schema();
    let create = diff(&Schema::default(), &models, dialect, DiffOptions::default());
    assert_eq!(create.len(), models.tables.len(), "{:?}", lines(&create));
    db.apply(&create, &IntrospectOptions::default())
        .unwrap_or_else(|e| panic!("creating the models on {} failed: {e}", dialect.name()));
    let live = introspect(db);
    let ops = diff(&live, &models, dialect, DiffOptions::default());
    assert!(
        ops.is_empty(),
        "false positives on {}: {:?}",
        dialect.name(),
        lines(&ops)
    );
    // And the models are what the registry holds.
    let registry = migrate_core::registry::load().expect("the registry loads");
    for t in &models.tables {
        assert_eq!(registry.table(&t.name), Some(t));
    }
}

#[test]
fn models_diffed_against_themselves_are_empty_on_sqlite() {
    let (_dir, _url, mut db) = migrate_tests::fresh_sqlite();
    assert_no_false_positives(&mut db);
}

#[test]
fn models_diffed_against_themselves_are_empty_on_postgres() {
    let Some((_url, mut db)) = migrate_tests::fresh_postgres() else {
        return;
    };
    assert_no_false_positives(&mut db);
}
