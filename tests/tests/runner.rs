//! The runner on live databases: upgrade, downgrade, stamp, the version and
//! history tables at branch and merge points, failing revisions, corrupt
//! version tables, checksums, concurrency, offline SQL and embedding.
//!
//! The revision graph declared here (the only revisions in this binary):
//!
//! ```text
//! main:    a1 -> a2 -> (b1, c1) -> m1 -> n1 (non-transactional)
//! broken:  x1 -> x2 (fails when the table `trap` exists)
//! ```

use migrate_core::revision::{Direction, RevisionMap};
use migrate_core::runner::{
    BookkeepingTables, MIGRATE_REVISION_SOURCES, RevisionSource, Runner, RunnerConfig, offline_sql,
};
use migrate_core::{Database, Dialect, Error};
use std::sync::{Arc, Mutex};

mod a1 {
    use migrate_core::revision::prelude::*;
    revision! {
        id: "a1a1a1a1a1a1",
        down_revision: None,
        branch_labels: ["main"],
        depends_on: [],
        message: "create account",
    }
    pub fn upgrade(op: &mut Op) -> Result<()> {
        op.create_table(
            Table::new("account")
                .column(Column::new("id", ColumnType::BigInt).autoincrement())
                .column(Column::new("name", ColumnType::Varchar(50)))
                .primary_key(&["id"]),
        )
    }
    pub fn downgrade(op: &mut Op) -> Result<()> {
        op.drop_table("account")
    }
}

mod a2 {
    use migrate_core::Database;
    use migrate_core::revision::prelude::*;
    revision! {
        id: "a2a2a2a2a2a2",
        down_revision: "a1a1a1a1a1a1",
        branch_labels: [],
        depends_on: [],
        message: "add account email, filled in Rust",
    }
    pub fn upgrade(op: &mut Op) -> Result<()> {
        op.add_column("account", Column::new("email", ColumnType::Text).nullable())?;
        // A data migration written in Rust, on the live connection.
        let db = op.connection()?;
        let names: Vec<(i64, String)> = match db {
            Database::Sqlite(c) => {
                let mut stmt = c.prepare("SELECT id, name FROM account")?;
                let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<std::result::Result<_, _>>()?
            }
            Database::Postgres(c) => c
                .query("SELECT id, name FROM account", &[])?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect(),
        };
        for (id, name) in names {
            db.execute(&format!(
                "UPDATE account SET email = '{}@example.com' WHERE id = {id}",
                name.to_lowercase()
            ))?;
        }
        op.alter_column("account", "email", ColumnChanges::new().nullable(false))
    }
    pub fn downgrade(op: &mut Op) -> Result<()> {
        op.drop_column("account", "email")
    }
}

mod b1 {
    use migrate_core::revision::prelude::*;
    revision! {
        id: "b1b1b1b1b1b1",
        down_revision: "a2a2a2a2a2a2",
        branch_labels: [],
        depends_on: [],
        message: "create team",
    }
    pub fn upgrade(op: &mut Op) -> Result<()> {
        op.create_table(
            Table::new("team")
                .column(Column::new("id", ColumnType::BigInt).autoincrement())
                .primary_key(&["id"]),
        )
    }
    pub fn downgrade(op: &mut Op) -> Result<()> {
        op.drop_table("team")
    }
}

mod c1 {
    use migrate_core::revision::prelude::*;
    revision! {
        id: "c1c1c1c1c1c1",
        down_revision: "a2a2a2a2a2a2",
        branch_labels: [],
        depends_on: [],
        message: "create tag",
    }
    pub fn upgrade(op: &mut Op) -> Result<()> {
        op.create_table(
            Table::new("tag")
                .column(Column::new("id", ColumnType::BigInt).autoincrement())
                .primary_key(&["id"]),
        )
    }
    pub fn downgrade(op: &mut Op) -> Result<()> {
        op.drop_table("tag")
    }
}

mod m1 {
    use migrate_core::revision::prelude::*;
    revision! {
        id: "m1m1m1m1m1m1",
        down_revision: ["b1b1b1b1b1b1", "c1c1c1c1c1c1"],
        branch_labels: [],
        depends_on: [],
        message: "merge team and tag",
    }
    pub fn upgrade(_op: &mut Op) -> Result<()> {
        Ok(())
    }
    pub fn downgrade(_op: &mut Op) -> Result<()> {
        Ok(())
    }
}

mod n1 {
    use migrate_core::Dialect;
    use migrate_core::revision::prelude::*;
    revision! {
        id: "n1n1n1n1n1n1",
        down_revision: "m1m1m1m1m1m1",
        branch_labels: [],
        depends_on: [],
        message: "index account names concurrently",
        transactional: false,
    }
    pub fn upgrade(op: &mut Op) -> Result<()> {
        match op.dialect() {
            Dialect::Postgres => {
                op.execute("CREATE INDEX CONCURRENTLY ix_account_name ON account (name)")
            }
            _ => op.create_index("account", Index::new("ix_account_name", &["name"])),
        }
    }
    pub fn downgrade(op: &mut Op) -> Result<()> {
        op.drop_index("account", "ix_account_name")
    }
}

mod x1 {
    use migrate_core::revision::prelude::*;
    revision! {
        id: "x1x1x1x1x1x1",
        down_revision: None,
        branch_labels: ["broken"],
        depends_on: [],
        message: "create log",
    }
    pub fn upgrade(op: &mut Op) -> Result<()> {
        op.execute("CREATE TABLE log (id INTEGER PRIMARY KEY)")
    }
    pub fn downgrade(op: &mut Op) -> Result<()> {
        op.execute("DROP TABLE log")
    }
}

mod x2 {
    use migrate_core::revision::prelude::*;
    revision! {
        id: "x2x2x2x2x2x2",
        down_revision: "x1x1x1x1x1x1",
        branch_labels: [],
        depends_on: [],
        message: "fails when trap exists",
    }
    pub fn upgrade(op: &mut Op) -> Result<()> {
        op.execute("CREATE TABLE log_archive (id INTEGER PRIMARY KEY)")?;
        op.execute("INSERT INTO log (id) VALUES (1)")?;
        let trapped = op
            .connection()?
            .introspect(&Default::default())?
            .table("trap")
            .is_some();
        if trapped {
            op.execute("INSERT INTO trap (id) VALUES (NULL)")?;
        }
        Ok(())
    }
    pub fn downgrade(op: &mut Op) -> Result<()> {
        op.execute("DROP TABLE log_archive")
    }
}

// The text of this file, so that the revisions above have checksums.
#[migrate_core::__private::linkme::distributed_slice(MIGRATE_REVISION_SOURCES)]
#[linkme(crate = migrate_core::__private::linkme)]
static SOURCE: RevisionSource = RevisionSource {
    file: file!(),
    source: include_str!("runner.rs"),
};

const HEAD: &str = "n1n1n1n1n1n1";

fn map() -> RevisionMap {
    RevisionMap::load().expect("the test revisions form a valid graph")
}

fn quiet<'a>(db: &'a mut Database, map: &'a RevisionMap) -> Runner<'a> {
    Runner::new(db, map).log(|_| {})
}

fn query_strings(db: &mut Database, sql: &str) -> Vec<String> {
    match db {
        Database::Sqlite(c) => {
            let mut stmt = c.prepare(sql).unwrap();
            stmt.query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        }
        Database::Postgres(c) => c
            .query(sql, &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect(),
    }
}

fn tables(db: &mut Database) -> Vec<String> {
    let mut names: Vec<String> = db
        .introspect(&Default::default())
        .unwrap()
        .tables
        .into_iter()
        .map(|t| t.name)
        .collect();
    names.sort();
    names
}

fn versions(db: &mut Database) -> Vec<String> {
    query_strings(
        db,
        "SELECT version_num FROM migrate_version ORDER BY version_num",
    )
}

fn walk_the_graph(db: &mut Database) {
    let map = map();
    db.execute("CREATE TABLE seed (id INTEGER)").unwrap();
    let mut lines = Vec::new();
    let steps = Runner::new(db, &map)
        .log(|l| lines.push(l.to_string()))
        .upgrade("a1a1a1a1a1a1")
        .unwrap();
    assert_eq!(steps.len(), 1);
    assert_eq!(
        lines,
        ["Running upgrade  -> a1a1a1a1a1a1, create account"],
        "Alembic's wording"
    );
    db.execute("INSERT INTO account (name) VALUES ('Ann'), ('Bob')")
        .unwrap();

    // Branch point: one row per head.
    quiet(db, &map).upgrade("b1b1b1b1b1b1").unwrap();
    assert_eq!(versions(db), ["b1b1b1b1b1b1"]);
    quiet(db, &map).upgrade("c1c1c1c1c1c1").unwrap();
    assert_eq!(versions(db), ["b1b1b1b1b1b1", "c1c1c1c1c1c1"]);
    // Merge point: the two rows become one.
    quiet(db, &map).upgrade("main@head").unwrap();
    assert_eq!(versions(db), [HEAD]);
    assert_eq!(
        query_strings(db, "SELECT email FROM account ORDER BY id"),
        ["ann@example.com", "bob@example.com"],
        "the data migration ran"
    );
    assert_eq!(quiet(db, &map).current().unwrap(), [HEAD]);
    assert!(quiet(db, &map).upgrade("main@head").unwrap().is_empty());

    // History: every step once, with its checksum.
    let history = quiet(db, &map).history().unwrap();
    let ran: Vec<_> = history.iter().map(|h| h.revision.as_str()).collect();
    assert_eq!(
        ran,
        [
            "a1a1a1a1a1a1",
            "a2a2a2a2a2a2",
            "b1b1b1b1b1b1",
            "c1c1c1c1c1c1",
            "m1m1m1m1m1m1",
            HEAD
        ]
    );
    assert!(history.iter().all(|h| h.direction == "upgrade"
        && h.checksum.as_deref().is_some_and(|c| c.len() == 64)
        && h.duration_ms >= 0
        && !h.applied_at.is_empty()));

    // Downgrades, relative and absolute.
    quiet(db, &map).downgrade("-1").unwrap();
    assert_eq!(versions(db), ["m1m1m1m1m1m1"]);
    // Below a merge point, as Alembic: the other branch stays.
    quiet(db, &map).downgrade("b1b1b1b1b1b1").unwrap();
    assert_eq!(versions(db), ["b1b1b1b1b1b1", "c1c1c1c1c1c1"]);
    quiet(db, &map).downgrade("a2a2a2a2a2a2").unwrap();
    assert_eq!(versions(db), ["a2a2a2a2a2a2"]);
    assert!(!tables(db).contains(&"tag".to_string()));
    quiet(db, &map).downgrade("base").unwrap();
    assert!(versions(db).is_empty());
    assert_eq!(tables(db), ["seed"]);
    let history = quiet(db, &map).history().unwrap();
    assert_eq!(history.last().unwrap().direction, "downgrade");
    assert_eq!(history.last().unwrap().revision, "a1a1a1a1a1a1");
}

fn failing_revision_leaves_the_database_as_it_was(db: &mut Database) {
    let map = map();
    db.execute("CREATE TABLE trap (id INTEGER NOT NULL)")
        .unwrap();
    let err = quiet(db, &map).upgrade("broken@head").unwrap_err();
    let text = err.to_string();
    assert!(text.contains("x2x2x2x2x2x2"), "names the revision: {text}");
    assert!(
        text.contains("INSERT INTO trap (id) VALUES (NULL)"),
        "names the statement: {text}"
    );
    // x1 stays applied; nothing of x2 is left.
    assert_eq!(versions(db), ["x1x1x1x1x1x1"]);
    let names = tables(db);
    assert!(names.contains(&"log".to_string()));
    assert!(!names.contains(&"log_archive".to_string()), "{names:?}");
    assert_eq!(
        query_strings(db, "SELECT CAST(count(*) AS TEXT) FROM log"),
        ["0"]
    );

    // The same in one transaction for the whole run: nothing at all.
    quiet(db, &map).downgrade("broken@base").unwrap();
    let err = quiet(db, &map)
        .config(RunnerConfig {
            single_transaction: true,
            ..Default::default()
        })
        .upgrade("broken@head")
        .unwrap_err();
    assert!(err.to_string().contains("x2x2x2x2x2x2"));
    assert!(versions(db).is_empty());
    assert!(!tables(db).contains(&"log".to_string()));
}

fn bad_version_tables_are_reported(db: &mut Database) {
    let map = map();
    quiet(db, &map).upgrade("a1a1a1a1a1a1").unwrap();
    db.execute("INSERT INTO migrate_version (version_num) VALUES ('deadbeef')")
        .unwrap();
    let err = quiet(db, &map)
        .upgrade("main@head")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("Can't locate revision identified by 'deadbeef'") && err.contains("stamp"),
        "{err}"
    );
    assert_eq!(versions(db), ["a1a1a1a1a1a1", "deadbeef"], "nothing ran");
    // stamp --purge repairs it.
    quiet(db, &map).stamp(&["a1a1a1a1a1a1"], true).unwrap();
    assert_eq!(versions(db), ["a1a1a1a1a1a1"]);
    // A version table of the wrong shape.
    db.execute("DROP TABLE migrate_version").unwrap();
    db.execute("CREATE TABLE migrate_version (other INTEGER)")
        .unwrap();
    let err = quiet(db, &map).upgrade("main@head").unwrap_err();
    assert!(matches!(err, Error::Corrupt(_)), "{err}");
    assert!(err.to_string().contains("migrate_version"), "{err}");
}

fn stamp_moves_the_version_table_only(db: &mut Database) {
    let map = map();
    quiet(db, &map).stamp(&["a2a2a2a2a2a2"], false).unwrap();
    assert_eq!(versions(db), ["a2a2a2a2a2a2"]);
    assert!(!tables(db).contains(&"account".to_string()));
    quiet(db, &map)
        .stamp(&["b1b1b1b1b1b1", "c1c1c1c1c1c1"], false)
        .unwrap();
    assert_eq!(versions(db), ["b1b1b1b1b1b1", "c1c1c1c1c1c1"]);
    quiet(db, &map).stamp(&["base"], true).unwrap();
    assert!(versions(db).is_empty());
}

fn changed_revisions_are_reported(db: &mut Database) {
    let map = map();
    quiet(db, &map).upgrade("a1a1a1a1a1a1").unwrap();
    db.execute("UPDATE migrate_history SET checksum = 'x' WHERE revision = 'a1a1a1a1a1a1'")
        .unwrap();
    let mut lines = Vec::new();
    Runner::new(db, &map)
        .log(|l| lines.push(l.to_string()))
        .upgrade("a2a2a2a2a2a2")
        .unwrap();
    assert!(
        lines[0].starts_with("warning: revision a1a1a1a1a1a1 was changed after it was applied"),
        "{lines:?}"
    );
    let err = quiet(db, &map)
        .config(RunnerConfig {
            strict_checksums: true,
            ..Default::default()
        })
        .upgrade("main@head")
        .unwrap_err();
    assert!(matches!(err, Error::ChecksumMismatch { .. }), "{err}");
    assert_eq!(versions(db), ["a2a2a2a2a2a2"], "strict mode ran nothing");
}

/// 8 runs at once apply each revision exactly once.
fn concurrent_upgrades_apply_each_revision_once(url: &str) {
    let errors = Arc::new(Mutex::new(Vec::new()));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let url = url.to_string();
            let errors = errors.clone();
            std::thread::spawn(move || {
                let map = map();
                let mut db = Database::connect(&url).unwrap();
                if let Err(e) = quiet(&mut db, &map).upgrade("main@head") {
                    errors.lock().unwrap().push(e.to_string());
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert!(
        errors.lock().unwrap().is_empty(),
        "{:?}",
        errors.lock().unwrap()
    );
    let mut db = Database::connect(url).unwrap();
    let map = map();
    let history = quiet(&mut db, &map).history().unwrap();
    assert_eq!(
        history.len(),
        6,
        "each of the 6 revisions once: {history:?}"
    );
    assert_eq!(versions(&mut db), [HEAD]);
}

/// The offline script, run on an empty database, gives what the online run gives.
fn offline_sql_matches_the_online_run(
    dialect: Dialect,
    offline_db: &mut Database,
    online_db: &mut Database,
) {
    let map = map();
    let script = offline_sql(
        &map,
        dialect,
        &BookkeepingTables::default(),
        Direction::Upgrade,
        "base:c1c1c1c1c1c1",
    );
    // a2 reads rows through the live connection: offline mode says so.
    let err = script.unwrap_err().to_string();
    assert!(err.contains("offline (--sql) mode"), "{err}");

    let script = offline_sql(
        &map,
        dialect,
        &BookkeepingTables::default(),
        Direction::Upgrade,
        "base:a1a1a1a1a1a1",
    )
    .unwrap();
    assert!(script.contains("CREATE TABLE"), "{script}");
    assert!(
        script.contains("INSERT INTO \"migrate_version\""),
        "{script}"
    );
    assert!(
        script.contains("BEGIN;") && script.contains("COMMIT;"),
        "{script}"
    );
    assert!(script.contains("-- Running upgrade  -> a1a1a1a1a1a1, create account"));
    offline_db.execute(&script).unwrap();
    quiet(online_db, &map).upgrade("a1a1a1a1a1a1").unwrap();
    let a = offline_db.introspect(&Default::default()).unwrap();
    let b = online_db.introspect(&Default::default()).unwrap();
    assert_eq!(a, b);
    assert_eq!(versions(offline_db), versions(online_db));

    let down = offline_sql(
        &map,
        dialect,
        &BookkeepingTables::default(),
        Direction::Downgrade,
        "a1a1a1a1a1a1:base",
    )
    .unwrap();
    assert!(down.contains("DROP TABLE \"account\""), "{down}");
    assert!(down.contains("DELETE FROM \"migrate_version\""), "{down}");
    let err = offline_sql(
        &map,
        dialect,
        &BookkeepingTables::default(),
        Direction::Downgrade,
        "base",
    )
    .unwrap_err();
    assert!(err.to_string().contains("needs a range"), "{err}");
}

#[test]
fn runner_on_sqlite() {
    let (_d, _u, mut db) = migrate_tests::fresh_sqlite();
    walk_the_graph(&mut db);
    let (_d, _u, mut db) = migrate_tests::fresh_sqlite();
    failing_revision_leaves_the_database_as_it_was(&mut db);
    let (_d, _u, mut db) = migrate_tests::fresh_sqlite();
    bad_version_tables_are_reported(&mut db);
    let (_d, _u, mut db) = migrate_tests::fresh_sqlite();
    stamp_moves_the_version_table_only(&mut db);
    let (_d, _u, mut db) = migrate_tests::fresh_sqlite();
    changed_revisions_are_reported(&mut db);
    let (_d, url, _db) = migrate_tests::fresh_sqlite();
    concurrent_upgrades_apply_each_revision_once(&url);
    let (_d1, _u1, mut a) = migrate_tests::fresh_sqlite();
    let (_d2, _u2, mut b) = migrate_tests::fresh_sqlite();
    offline_sql_matches_the_online_run(Dialect::Sqlite, &mut a, &mut b);
}

#[test]
fn runner_on_postgres() {
    let fresh = || migrate_tests::fresh_postgres();
    let Some((_, mut db)) = fresh() else { return };
    walk_the_graph(&mut db);
    let (_, mut db) = fresh().unwrap();
    failing_revision_leaves_the_database_as_it_was(&mut db);
    let (_, mut db) = fresh().unwrap();
    bad_version_tables_are_reported(&mut db);
    let (_, mut db) = fresh().unwrap();
    stamp_moves_the_version_table_only(&mut db);
    let (_, mut db) = fresh().unwrap();
    changed_revisions_are_reported(&mut db);
    let (url, _db) = fresh().unwrap();
    concurrent_upgrades_apply_each_revision_once(&url);
    let (_, mut a) = fresh().unwrap();
    let (_, mut b) = fresh().unwrap();
    offline_sql_matches_the_online_run(Dialect::Postgres, &mut a, &mut b);
}

#[test]
fn embedding_upgrades_on_start_up() {
    let (_d, url, _db) = migrate_tests::fresh_sqlite();
    let steps = migrate_core::runner::upgrade_to_head(&url).unwrap();
    assert_eq!(steps.len(), 8);
    let mut db = Database::connect(&url).unwrap();
    assert_eq!(versions(&mut db), [HEAD, "x2x2x2x2x2x2"]);
    assert!(
        migrate_core::runner::upgrade_database(&mut db)
            .unwrap()
            .is_empty()
    );
}

/// `op.bulk_insert` writes every kind of value as a literal of the dialect.
fn bulk_insert_round_trips(db: &mut Database) {
    use migrate_core::ops::{Operation, Value};
    use migrate_core::schema::{Column, ColumnType, Table};
    let table = Table::new("seeded")
        .column(Column::new("id", ColumnType::BigInt).autoincrement())
        .column(Column::new("name", ColumnType::Text).nullable())
        .column(Column::new("flag", ColumnType::Boolean).nullable())
        .column(Column::new("ratio", ColumnType::Double).nullable())
        .column(Column::new("data", ColumnType::Blob).nullable())
        .primary_key(&["id"]);
    let rows = vec![
        vec![
            Value::from(1),
            "it's \"x\"".into(),
            true.into(),
            0.5.into(),
            vec![0u8, 255].into(),
        ],
        vec![
            Value::from(2),
            Value::Null,
            false.into(),
            (-1.25).into(),
            Value::Null,
        ],
        vec![
            Value::from(3),
            "ünïcode".into(),
            Value::from(None::<bool>),
            Value::Null,
            Vec::new().into(),
        ],
    ];
    let ops = [
        Operation::CreateTable(table),
        Operation::BulkInsert {
            table: "seeded".into(),
            columns: ["id", "name", "flag", "ratio", "data"]
                .map(String::from)
                .to_vec(),
            rows,
        },
    ];
    db.apply(&ops, &Default::default()).unwrap();
    let text = "SELECT COALESCE(name, '<null>') || '|' || COALESCE(CAST(ratio AS TEXT), '<null>') FROM seeded ORDER BY id";
    assert_eq!(
        query_strings(db, text),
        ["it's \"x\"|0.5", "<null>|-1.25", "ünïcode|<null>"]
    );
    let bad = Operation::BulkInsert {
        table: "seeded".into(),
        columns: vec!["id".into()],
        rows: vec![vec![Value::from(9), Value::from(9)]],
    };
    let err = db
        .apply(&[bad], &Default::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("a row has 2 values for 1 columns"), "{err}");
}

#[test]
fn bulk_insert_on_both_databases() {
    let (_d, _u, mut db) = migrate_tests::fresh_sqlite();
    bulk_insert_round_trips(&mut db);
    let Some((_, mut db)) = migrate_tests::fresh_postgres() else {
        return;
    };
    bulk_insert_round_trips(&mut db);
}
