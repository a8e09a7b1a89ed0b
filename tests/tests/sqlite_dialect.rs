//! SQLite dialect: DDL for every operation, table rebuilds that keep rows,
//! indexes, keys, triggers and options, and introspection that reads back
//! what was created.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};

use migrate_core::ops::{ColumnChanges, Operation};
use migrate_core::schema::{
    CheckConstraint, Column, ColumnType, FkAction, ForeignKey, Index, PrimaryKey, Schema, Table,
    TableOptions, UniqueConstraint, naming,
};
use migrate_core::{Database, Dialect, Error, IntrospectOptions};

// ---------------------------------------------------------------- helpers

fn memory() -> Database {
    Database::connect("sqlite::memory:").unwrap()
}

fn conn(db: &Database) -> &rusqlite::Connection {
    match db {
        Database::Sqlite(c) => c,
        other => panic!("not SQLite: {other:?}"),
    }
}

fn apply(db: &mut Database, ops: &[Operation]) -> migrate_core::Result<()> {
    db.apply(ops, &IntrospectOptions::default())
}

fn introspect(db: &mut Database) -> Schema {
    db.introspect(&IntrospectOptions::default()).unwrap()
}

fn exec(db: &Database, sql: &str) {
    conn(db).execute_batch(sql).unwrap();
}

fn count(db: &Database, sql: &str) -> i64 {
    conn(db).query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The column names of `table`.
fn columns(db: &Database, table: &str) -> Vec<String> {
    conn(db)
        .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
        .unwrap()
        .query_map([table], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// A hash of every value of `table` (rowid included when it has one), in
/// rowid (or primary key) order.
fn checksum(db: &Database, table: &str) -> u64 {
    checksum_of(db, table, &columns(db, table))
}

/// A hash of the values of `columns` of `table` (rowid included when it has
/// one), in rowid (or primary key) order.
fn checksum_of(db: &Database, table: &str, columns: &[String]) -> u64 {
    let c = conn(db);
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let without_rowid: bool = c
        .query_row(
            "SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?1",
            [table],
            |r| r.get(0),
        )
        .unwrap();
    let mut values: Vec<String> = columns.iter().map(|c| format!("quote({})", q(c))).collect();
    let order = if without_rowid {
        "1"
    } else {
        values.insert(0, "rowid".into());
        "rowid"
    };
    let sql = format!(
        "SELECT {} FROM {} ORDER BY {order}",
        values.join(" || '|' || "),
        q(table)
    );
    let mut hasher = DefaultHasher::new();
    let mut stmt = c.prepare(&sql).unwrap();
    let mut rows = stmt.query([]).unwrap();
    let mut n = 0u64;
    while let Some(row) = rows.next().unwrap() {
        row.get::<_, String>(0).unwrap().hash(&mut hasher);
        n += 1;
    }
    n.hash(&mut hasher);
    hasher.finish()
}

/// `sqlite_schema` as text: the whole database definition.
fn schema_dump(db: &Database) -> Vec<String> {
    conn(db)
        .prepare("SELECT type || ' ' || name || ' ' || tbl_name || ' ' || coalesce(sql, '') FROM sqlite_schema ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// What introspection gives back for a table created from `t`: no comments,
/// unnamed keys named by convention (except a rowid alias's), and lists in
/// name order.
fn as_read_back(mut t: Table) -> Table {
    t.comment = None;
    t.renamed_from = None;
    for c in &mut t.columns {
        c.comment = None;
        c.renamed_from = None;
    }
    let alias = t
        .primary_key
        .as_ref()
        .and_then(|pk| match pk.columns.as_slice() {
            [only] => t
                .get_column(only)
                .filter(|c| c.autoincrement && !t.options.without_rowid),
            _ => None,
        });
    let alias = alias.map(|c| c.name.clone());
    if let Some(pk) = &mut t.primary_key
        && alias.is_none()
        && pk.name.is_none()
    {
        pk.name = Some(naming::primary_key(&t.name));
    }
    t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
    t.unique_constraints.sort_by(|a, b| a.name.cmp(&b.name));
    t.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
    t.check_constraints.sort_by(|a, b| a.name.cmp(&b.name));
    t
}

// ---------------------------------------------------------------- round trip

fn all_types_table() -> Table {
    use ColumnType::*;
    let types = [
        SmallInt,
        Integer,
        BigInt,
        Real,
        Double,
        Boolean,
        Text,
        Varchar(12),
        Blob,
        Date,
        Time,
        Timestamp,
        TimestampTz,
        Uuid,
        Json,
        Decimal(None),
        Decimal(Some((12, 4))),
        Custom("GEOMETRY".into()),
    ];
    let mut t = Table::new("all_types")
        .column(Column::new("id", Integer).autoincrement())
        .primary_key(&["id"]);
    for (i, ty) in types.into_iter().enumerate() {
        t = t
            .column(Column::new(format!("c{i}"), ty.clone()))
            .column(Column::new(format!("c{i}_null"), ty).nullable());
    }
    t
}

fn rich_schema() -> Vec<Table> {
    use ColumnType::*;
    let team = Table::new("team")
        .comment("Teams")
        .column(Column::new("id", Integer).autoincrement())
        .column(Column::new("name", Varchar(64)).comment("display name"))
        .primary_key(&["id"])
        .unique(UniqueConstraint::new(
            naming::unique("team", &["name"]),
            &["name"],
        ));
    let user = Table::new("user")
        .column(Column::new("user_id", Integer).autoincrement())
        .column(Column::new("name", Varchar(64)))
        .column(Column::new("email", Varchar(64)))
        .column(Column::new("token", Text).nullable())
        .column(Column::new("created_at", Timestamp).default("CURRENT_TIMESTAMP"))
        .column(Column::new("team_id", Integer).nullable())
        .column(Column::new("score", Double).default("0"))
        .column(Column::new("balance", Decimal(Some((10, 2)))).default("-1"))
        .column(Column::new("note", Text).default("'text with '' quote'"))
        .column(Column::new("three", Integer).nullable().default("(1 + 2)"))
        .column(
            Column::new("lowered", Text)
                .nullable()
                .default("lower('ABC')"),
        )
        .primary_key(&["user_id"])
        .unique(UniqueConstraint::new("user_email_key", &["email"]))
        .index(Index::new("user_name_idx", &["name"]))
        .index(Index::new("user_token_team_uidx", &["token", "team_id"]).unique())
        .foreign_key(
            ForeignKey::new("user_team_id_fkey", &["team_id"], "team", &["id"])
                .on_delete(FkAction::Cascade),
        );
    let membership = Table::new("Membership")
        .column(Column::new("UserId", Integer))
        .column(Column::new("TeamId", Integer))
        .column(
            Column::new("odd \"col\" name", Text)
                .nullable()
                .default("'x'"),
        )
        .column(Column::new("role", Varchar(16)).default("'member'"))
        .column(Column::new("Since", Date).nullable())
        .primary_key(&["UserId", "TeamId"])
        .foreign_key(
            ForeignKey::new("Membership_User", &["UserId"], "user", &["user_id"])
                .on_delete(FkAction::Cascade)
                .on_update(FkAction::Cascade),
        )
        .foreign_key(
            ForeignKey::new("Membership_Team", &["TeamId"], "team", &["id"])
                .on_delete(FkAction::Restrict),
        )
        .check(CheckConstraint::new(
            "membership_role_check",
            "\"role\" IN ('owner', 'member')",
        ))
        .index(Index::new(
            "Membership By Team",
            &["TeamId", "odd \"col\" name"],
        ));
    let mut strict = Table::new("stock")
        .column(Column::new("id", Integer).autoincrement())
        .column(Column::new("qty", Integer).default("0"))
        .column(Column::new("label", Text).nullable())
        .column(Column::new("data", Blob).nullable())
        .column(Column::new("ratio", Real).nullable())
        .primary_key(&["id"])
        .check(CheckConstraint::new("stock_qty_check", "qty >= 0"))
        .options(TableOptions {
            strict: true,
            without_rowid: false,
        });
    strict.primary_key = Some(PrimaryKey::new(&["id"]).named("stock_pk"));
    let kv = Table::new("kv")
        .column(Column::new("key", Text))
        .column(Column::new("value", Blob).nullable())
        .primary_key(&["key"])
        .options(TableOptions {
            strict: true,
            without_rowid: true,
        });
    let wide = Table::new("wide")
        .column(Column::new("a", Varchar(8)))
        .column(Column::new("b", Integer))
        .primary_key(&["a", "b"])
        .options(TableOptions {
            strict: false,
            without_rowid: true,
        });
    let codes = Table::new("codes")
        .column(Column::new("code", Integer))
        .column(Column::new("parent", Integer).nullable())
        .primary_key(&["code"])
        .foreign_key(
            ForeignKey::new("codes_parent_fkey", &["parent"], "codes", &["code"])
                .on_delete(FkAction::SetNull),
        );
    vec![
        all_types_table(),
        team,
        user,
        membership,
        strict,
        kv,
        wide,
        codes,
    ]
}

#[test]
fn round_trip_rich_schema() {
    let mut db = memory();
    let tables = rich_schema();
    let ops: Vec<Operation> = tables.iter().cloned().map(Operation::CreateTable).collect();
    apply(&mut db, &ops).unwrap();
    let read = introspect(&mut db);
    let expected = Schema::new(tables.into_iter().map(as_read_back).collect());
    for t in &expected.tables {
        assert_eq!(read.table(&t.name), Some(t), "table {}", t.name);
    }
    assert_eq!(read, expected);
    // A second pass from what was read gives the same database.
    let mut again = memory();
    let ops: Vec<Operation> = read
        .tables
        .iter()
        .cloned()
        .map(Operation::CreateTable)
        .collect();
    apply(&mut again, &ops).unwrap();
    assert_eq!(introspect(&mut again), read);
}

#[test]
fn rowid_alias_reads_back_as_integer_autoincrement() {
    let mut db = memory();
    let t = Table::new("big")
        .column(Column::new("id", ColumnType::BigInt).autoincrement())
        .primary_key(&["id"]);
    apply(&mut db, &[Operation::CreateTable(t)]).unwrap();
    let read = introspect(&mut db);
    let id = read.table("big").unwrap().get_column("id").unwrap();
    // `INTEGER PRIMARY KEY` is the only spelling that aliases the rowid.
    assert_eq!(id.ty, ColumnType::Integer);
    assert!(id.autoincrement && !id.nullable);
    exec(
        &db,
        "INSERT INTO big DEFAULT VALUES; INSERT INTO big DEFAULT VALUES",
    );
    assert_eq!(count(&db, "SELECT max(id) FROM big"), 2);
}

#[test]
fn introspects_hand_written_sql() {
    let mut db = memory();
    exec(
        &db,
        "CREATE TABLE parent (id INTEGER PRIMARY KEY AUTOINCREMENT, k TEXT);
         CREATE TABLE raw (
            a integer, -- the key, (with a comma)
            b text UNIQUE,
            c int REFERENCES parent,
            d varchar ( 20 ) CONSTRAINT d_positive CHECK (length(d) > 0) DEFAULT 'x',
            [e f] NUMERIC(10,2),
            CHECK (a > 0),
            UNIQUE (a, b),
            PRIMARY KEY (a),
            CONSTRAINT `fk two` FOREIGN KEY (a) REFERENCES parent (id) ON UPDATE SET NULL
         );
         CREATE INDEX raw_expr ON raw (lower(b));
         CREATE INDEX raw_partial ON raw (c) WHERE c IS NOT NULL;
         CREATE UNIQUE INDEX raw_c_d ON raw (c, d);
         CREATE VIEW raw_view AS SELECT * FROM raw;
         CREATE TRIGGER raw_trigger AFTER INSERT ON raw BEGIN SELECT 1; END;",
    );
    let read = introspect(&mut db);
    let raw = read.table("raw").unwrap();
    let a = raw.get_column("a").unwrap();
    assert_eq!(a.ty, ColumnType::Integer);
    assert!(a.autoincrement, "INTEGER PRIMARY KEY aliases the rowid");
    assert_eq!(raw.primary_key, Some(PrimaryKey::new(&["a"])));
    assert_eq!(raw.get_column("d").unwrap().ty, ColumnType::Varchar(20));
    assert_eq!(raw.get_column("d").unwrap().default.as_deref(), Some("'x'"));
    assert_eq!(
        raw.get_column("e f").unwrap().ty,
        ColumnType::Decimal(Some((10, 2)))
    );
    assert_eq!(
        raw.unique_constraints,
        [
            UniqueConstraint::new("raw_a_b_key", &["a", "b"]),
            UniqueConstraint::new("raw_b_key", &["b"]),
        ]
    );
    assert_eq!(
        raw.foreign_keys,
        [
            ForeignKey::new("fk two", &["a"], "parent", &["id"]).on_update(FkAction::SetNull),
            ForeignKey::new("raw_c_fkey", &["c"], "parent", &["id"]),
        ]
    );
    assert_eq!(
        raw.check_constraints,
        [
            CheckConstraint::new("d_positive", "length(d) > 0"),
            CheckConstraint::new("raw_check", "a > 0"),
        ]
    );
    // Expression and partial indexes are skipped.
    assert_eq!(raw.indexes, [Index::new("raw_c_d", &["c", "d"]).unique()]);
    assert_eq!(raw.triggers.len(), 1);
    assert!(raw.triggers[0].contains("raw_trigger"));
    assert!(read.table("raw_view").is_none());
    assert!(read.table("sqlite_sequence").is_none());
}

#[test]
fn introspection_skips_excluded_and_rebuild_tables() {
    let mut db = memory();
    exec(
        &db,
        "CREATE TABLE migrate_version (v TEXT); CREATE TABLE \"_migrate_new_x\" (a INT);
         CREATE TABLE keep (a INT)",
    );
    let read = introspect(&mut db);
    let names: Vec<&str> = read.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["keep"]);
}

// ---------------------------------------------------------------- query count

static STATEMENTS: AtomicUsize = AtomicUsize::new(0);

/// Counts the statements the caller runs. SQLite reports the statements it
/// runs itself (those of a pragma table-valued function, one per table
/// joined) with a `--` prefix: they are no round trips and are not counted.
fn count_statement(e: rusqlite::trace::TraceEvent<'_>) {
    if let rusqlite::trace::TraceEvent::Stmt(_, sql) = e
        && !sql.starts_with("--")
    {
        STATEMENTS.fetch_add(1, Ordering::SeqCst);
    }
}

fn introspection_statements(tables: usize) -> usize {
    let mut db = memory();
    let mut ops = Vec::new();
    for i in 0..tables {
        let mut t = Table::new(format!("t{i}"))
            .column(Column::new("id", ColumnType::Integer).autoincrement())
            .column(Column::new("name", ColumnType::Text))
            .column(Column::new("other", ColumnType::Integer).nullable())
            .primary_key(&["id"])
            .index(Index::new(format!("ix_t{i}_name"), &["name"]))
            .unique(UniqueConstraint::new(format!("t{i}_u"), &["name", "other"]))
            .check(CheckConstraint::new(format!("t{i}_c"), "id > 0"));
        if i > 0 {
            t = t.foreign_key(ForeignKey::new(
                format!("t{i}_fk"),
                &["other"],
                format!("t{}", i - 1),
                &["id"],
            ));
        }
        ops.push(Operation::CreateTable(t));
    }
    apply(&mut db, &ops).unwrap();
    let c = conn(&db);
    STATEMENTS.store(0, Ordering::SeqCst);
    c.trace_v2(
        rusqlite::trace::TraceEventCodes::SQLITE_TRACE_STMT,
        Some(count_statement),
    );
    let schema =
        migrate_core::dialect::sqlite::introspect(c, &IntrospectOptions::default()).unwrap();
    c.trace_v2(rusqlite::trace::TraceEventCodes::empty(), None);
    assert_eq!(schema.tables.len(), tables);
    STATEMENTS.load(Ordering::SeqCst)
}

#[test]
fn introspection_query_count_does_not_grow_with_tables() {
    let one = introspection_statements(1);
    let many = introspection_statements(200);
    assert_eq!(one, many);
    assert!(one <= 5, "{one} statements");
}

// ---------------------------------------------------------------- rebuilds

/// `owner` <- `parent` <- `child` (ON DELETE CASCADE), with indexes, a
/// trigger on `parent`, a trigger on `owner` and a view that use `parent`,
/// and `rows` rows (every fifth `note` NULL, rowids with gaps).
fn family(rows: usize) -> Database {
    use ColumnType::*;
    let mut db = memory();
    let owner = Table::new("owner")
        .column(Column::new("id", Integer).autoincrement())
        .primary_key(&["id"]);
    let parent = Table::new("parent")
        .column(Column::new("id", Integer).autoincrement())
        .column(Column::new("code", Text))
        .column(Column::new("amount", Integer).nullable())
        .column(Column::new("note", Text).nullable())
        .column(Column::new("owner_id", Integer).nullable())
        .column(Column::new("user \"quoted\" col", Varchar(20)).nullable())
        .primary_key(&["id"])
        .unique(UniqueConstraint::new("parent_code_key", &["code"]))
        .index(Index::new("ix_parent_note", &["note"]))
        .index(Index::new(
            "ix_parent_amount",
            &["amount", "user \"quoted\" col"],
        ))
        .foreign_key(ForeignKey::new(
            "parent_owner_id_fkey",
            &["owner_id"],
            "owner",
            &["id"],
        ))
        .check(CheckConstraint::new("parent_amount_check", "amount >= 0"));
    let child = Table::new("child")
        .column(Column::new("id", Integer).autoincrement())
        .column(Column::new("parent_id", Integer))
        .primary_key(&["id"])
        .foreign_key(
            ForeignKey::new("child_parent_id_fkey", &["parent_id"], "parent", &["id"])
                .on_delete(FkAction::Cascade)
                .on_update(FkAction::Cascade),
        );
    let audit = Table::new("audit")
        .column(Column::new("what", Text))
        .options(TableOptions {
            strict: true,
            without_rowid: false,
        });
    apply(
        &mut db,
        &[
            Operation::CreateTable(owner),
            Operation::CreateTable(parent),
            Operation::CreateTable(child),
            Operation::CreateTable(audit),
        ],
    )
    .unwrap();
    exec(
        &db,
        "CREATE TRIGGER parent_audit AFTER UPDATE ON parent BEGIN
             INSERT INTO audit (what) VALUES ('updated ' || new.code);
         END;
         CREATE TRIGGER owner_release AFTER DELETE ON owner BEGIN
             UPDATE parent SET owner_id = NULL WHERE owner_id = old.id;
         END;
         CREATE VIEW parent_view AS SELECT code, amount FROM parent;",
    );
    let c = conn(&db);
    c.execute_batch("BEGIN").unwrap();
    c.execute_batch("INSERT INTO owner (id) VALUES (1), (2), (3)")
        .unwrap();
    {
        let mut insert = c
            .prepare(
                "INSERT INTO parent (id, code, amount, note, owner_id, \"user \"\"quoted\"\" col\") \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .unwrap();
        let mut child = c
            .prepare("INSERT INTO child (parent_id) VALUES (?1)")
            .unwrap();
        for i in 0..rows {
            let id = (i * 2 + 1) as i64; // gaps: rowids must survive as they are
            let note = (i % 5 != 0).then(|| format!("note '{i}'"));
            let owner = (i % 3 != 0).then_some((i % 3) as i64);
            insert
                .execute(rusqlite::params![
                    id,
                    format!("c{i}"),
                    (i * 7) as i64,
                    note,
                    owner,
                    format!("q{i}")
                ])
                .unwrap();
            if i % 2 == 0 {
                child.execute([id]).unwrap();
            }
        }
    }
    c.execute_batch("COMMIT; PRAGMA foreign_keys = ON").unwrap();
    db
}

/// Applies `ops` to a fresh family and checks what a rebuild must keep:
/// the rows of every table (in the columns that remain), and a schema equal
/// to the one `ops` describe.
/// Rows in the rebuilt tables: every kind of rebuild keeps 100,000 rows intact.
const ROWS: usize = 100_000;

fn rebuild_keeps_everything(rows: usize, ops: &[Operation]) -> Database {
    let mut db = family(rows);
    let before = introspect(&mut db);
    let mut expected = before.clone();
    for op in ops {
        op.apply(&mut expected).unwrap();
    }
    let kept = |t: &str| -> Vec<String> {
        let after = expected.table(t).unwrap();
        let before = before.table(t).unwrap();
        before
            .columns
            .iter()
            .filter(|c| after.get_column(&c.name).is_some())
            .map(|c| c.name.clone())
            .collect()
    };
    let mut tracked = before.clone();
    let mut rebuilt = false;
    for op in ops {
        let sql = Dialect::Sqlite.ddl(op, &tracked).unwrap();
        rebuilt |= sql
            .iter()
            .any(|s| s.starts_with("CREATE TABLE \"_migrate_new_"));
        op.apply(&mut tracked).unwrap();
    }
    assert!(rebuilt, "{ops:?} rebuilds a table");
    let tables = ["owner", "parent", "child", "audit"];
    let sums: Vec<u64> = tables
        .iter()
        .map(|t| checksum_of(&db, t, &kept(t)))
        .collect();
    apply(&mut db, ops).unwrap();
    assert_eq!(introspect(&mut db), expected);
    for (table, sum) in tables.iter().zip(sums) {
        assert_eq!(
            checksum_of(&db, table, &kept(table)),
            sum,
            "rows of {table}"
        );
    }
    assert_eq!(
        count(&db, "SELECT count(*) FROM child"),
        rows.div_ceil(2) as i64
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
    assert_eq!(count(&db, "PRAGMA foreign_keys"), 1, "enforcement restored");
    assert_eq!(count(&db, "SELECT count(*) FROM parent_view"), rows as i64);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM sqlite_schema WHERE name LIKE '\\_migrate%' ESCAPE '\\'"
        ),
        0
    );
    db
}

fn alter(column: &str, changes: ColumnChanges) -> Operation {
    Operation::AlterColumn {
        table: "parent".into(),
        column: column.into(),
        changes,
        previous: None,
    }
}

fn drop_constraint(name: &str) -> Operation {
    Operation::DropConstraint {
        table: "parent".into(),
        name: name.into(),
        existing: None,
    }
}

#[test]
fn rebuild_type_change_on_100k_rows() {
    let db = rebuild_keeps_everything(
        100_000,
        &[alter("amount", ColumnChanges::new().ty(ColumnType::BigInt))],
    );
    // The trigger was recreated and still fires.
    exec(&db, "UPDATE parent SET amount = 1 WHERE id = 1");
    assert_eq!(count(&db, "SELECT count(*) FROM audit"), 1);
}

#[test]
fn rebuild_nullability_and_default() {
    rebuild_keeps_everything(
        ROWS,
        &[
            alter("amount", ColumnChanges::new().nullable(false)),
            alter("code", ColumnChanges::new().nullable(true)),
            alter("amount", ColumnChanges::new().default(Some("0"))),
            alter("note", ColumnChanges::new().default(Some("upper('n')"))),
        ],
    );
}

#[test]
fn rebuild_keeps_rowids_of_a_table_without_alias() {
    let mut db = family(0);
    exec(
        &db,
        "CREATE TABLE plain (a INT, b TEXT);
         INSERT INTO plain (rowid, a, b) VALUES (5, 1, 'x'), (17, 2, NULL), (40, 3, 'z');",
    );
    let sum = checksum(&db, "plain");
    apply(
        &mut db,
        &[Operation::AddPrimaryKey {
            table: "plain".into(),
            pk: PrimaryKey::new(&["a"]),
        }],
    )
    .unwrap();
    assert_eq!(checksum(&db, "plain"), sum);
    assert_eq!(
        introspect(&mut db).table("plain").unwrap().primary_key,
        Some(PrimaryKey::new(&["a"]).named("plain_pkey"))
    );
    apply(
        &mut db,
        &[Operation::DropConstraint {
            table: "plain".into(),
            name: "plain_pkey".into(),
            existing: None,
        }],
    )
    .unwrap();
    assert_eq!(checksum(&db, "plain"), sum);
    assert_eq!(
        introspect(&mut db).table("plain").unwrap().primary_key,
        None
    );
}

#[test]
fn add_not_null_columns() {
    let db = rebuild_keeps_everything(
        ROWS,
        &[
            // Constant default: in place.
            Operation::AddColumn {
                table: "parent".into(),
                column: Column::new("flag", ColumnType::Boolean).default("0"),
            },
            // CURRENT_TIMESTAMP cannot be added in place: rebuild.
            Operation::AddColumn {
                table: "parent".into(),
                column: Column::new("stamp", ColumnType::Timestamp).default("CURRENT_TIMESTAMP"),
            },
        ],
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM parent WHERE flag = 0 AND stamp IS NOT NULL"
        ),
        ROWS as i64
    );
}

#[test]
fn add_not_null_column_without_default_to_empty_table() {
    let mut db = family(0);
    let op = Operation::AddColumn {
        table: "parent".into(),
        column: Column::new("required", ColumnType::Text),
    };
    let sql = Dialect::Sqlite.ddl(&op, &introspect(&mut db)).unwrap();
    assert!(
        sql[0].starts_with("CREATE TABLE \"_migrate_new_parent\""),
        "{sql:?}"
    );
    apply(&mut db, &[op]).unwrap();
    let read = introspect(&mut db);
    let col = read
        .table("parent")
        .unwrap()
        .get_column("required")
        .unwrap();
    assert!(!col.nullable);
}

#[test]
fn drop_column_with_index_and_with_foreign_key() {
    rebuild_keeps_everything(
        ROWS,
        &[
            Operation::DropColumn {
                table: "parent".into(),
                name: "note".into(),
                existing: None,
            },
            Operation::DropColumn {
                table: "parent".into(),
                name: "owner_id".into(),
                existing: None,
            },
        ],
    );
}

#[test]
fn add_and_drop_unique_foreign_key_check() {
    rebuild_keeps_everything(
        ROWS,
        &[
            Operation::AddUnique {
                table: "parent".into(),
                constraint: UniqueConstraint::new("parent_quoted_key", &["user \"quoted\" col"]),
            },
            drop_constraint("parent_code_key"),
            Operation::AddCheck {
                table: "parent".into(),
                check: CheckConstraint::new("parent_code_check", "code LIKE 'c%'"),
            },
            drop_constraint("parent_amount_check"),
            drop_constraint("parent_owner_id_fkey"),
            Operation::AddForeignKey {
                table: "parent".into(),
                fk: ForeignKey::new("parent_owner_fk", &["owner_id"], "owner", &["id"])
                    .on_delete(FkAction::SetNull),
            },
        ],
    );
}

#[test]
fn drop_and_add_primary_key() {
    rebuild_keeps_everything(
        ROWS,
        &[
            Operation::DropConstraint {
                table: "parent".into(),
                name: naming::primary_key("parent"),
                existing: None,
            },
            Operation::AddPrimaryKey {
                table: "parent".into(),
                pk: PrimaryKey::new(&["id"]).named("parent_pk"),
            },
        ],
    );
}

#[test]
fn rebuild_keeps_strict_and_without_rowid() {
    let mut db = memory();
    let kv = Table::new("kv")
        .column(Column::new("key", ColumnType::Text))
        .column(Column::new("value", ColumnType::Integer).nullable())
        .primary_key(&["key"])
        .index(Index::new("kv_value", &["value"]))
        .options(TableOptions {
            strict: true,
            without_rowid: true,
        });
    apply(&mut db, &[Operation::CreateTable(kv)]).unwrap();
    exec(&db, "INSERT INTO kv VALUES ('b', 2), ('a', NULL), ('c', 3)");
    let sum = checksum(&db, "kv");
    let op = Operation::AddCheck {
        table: "kv".into(),
        check: CheckConstraint::new("kv_value_check", "value > 0"),
    };
    let mut expected = introspect(&mut db);
    op.apply(&mut expected).unwrap();
    apply(&mut db, &[op]).unwrap();
    assert_eq!(introspect(&mut db), expected);
    assert_eq!(checksum(&db, "kv"), sum);
    let strict = conn(&db).execute("INSERT INTO kv VALUES ('d', 'not a number')", []);
    assert!(strict.is_err(), "still STRICT");
}

#[test]
fn rebuild_of_the_parent_does_not_cascade_into_children() {
    let mut db = family(20);
    let child_sum = checksum(&db, "child");
    // The parent table is dropped and recreated while the connection has
    // enforcement on: Database::apply turns it off for the rebuild.
    apply(
        &mut db,
        &[alter(
            "code",
            ColumnChanges::new().ty(ColumnType::Varchar(40)),
        )],
    )
    .unwrap();
    assert_eq!(checksum(&db, "child"), child_sum);
    assert_eq!(count(&db, "SELECT count(*) FROM child"), 10);
    // And the key still cascades afterwards.
    exec(&db, "DELETE FROM parent WHERE id = 1");
    assert_eq!(count(&db, "SELECT count(*) FROM child"), 9);
}

#[test]
fn operations_after_raw_sql_see_its_tables() {
    let mut db = memory();
    apply(
        &mut db,
        &[
            Operation::Execute {
                sql: "CREATE TABLE made_by_hand (a INT NOT NULL); INSERT INTO made_by_hand VALUES (3)"
                    .into(),
            },
            Operation::AddColumn {
                table: "made_by_hand".into(),
                column: Column::new("b", ColumnType::Text).nullable(),
            },
            Operation::AddCheck {
                table: "made_by_hand".into(),
                check: CheckConstraint::new("made_by_hand_a_check", "a > 0"),
            },
        ],
    )
    .unwrap();
    let read = introspect(&mut db);
    let t = read.table("made_by_hand").unwrap();
    assert_eq!(t.columns.len(), 2);
    assert_eq!(t.check_constraints.len(), 1);
    assert_eq!(count(&db, "SELECT a FROM made_by_hand"), 3);
}

// ---------------------------------------------------------------- native alters and DDL text

#[test]
fn native_alters_with_awkward_names() {
    let mut db = memory();
    let t = Table::new("user")
        .column(Column::new("id", ColumnType::Integer).autoincrement())
        .column(Column::new("Select", ColumnType::Text).nullable())
        .primary_key(&["id"]);
    apply(&mut db, &[Operation::CreateTable(t)]).unwrap();
    exec(&db, "INSERT INTO \"user\" (\"Select\") VALUES ('a'), ('b')");
    let ops = [
        Operation::AddColumn {
            table: "user".into(),
            column: Column::new("it's \"x\"", ColumnType::Integer).nullable(),
        },
        Operation::RenameColumn {
            table: "user".into(),
            from: "Select".into(),
            to: "From Where".into(),
        },
        Operation::CreateIndex {
            table: "user".into(),
            index: Index::new("Order", &["From Where", "it's \"x\""]).unique(),
        },
        Operation::RenameTable {
            from: "user".into(),
            to: "Group".into(),
        },
        Operation::DropIndex {
            table: "Group".into(),
            name: "Order".into(),
            existing: None,
        },
        Operation::DropColumn {
            table: "Group".into(),
            name: "it's \"x\"".into(),
            existing: None,
        },
    ];
    let mut schema = introspect(&mut db);
    for op in &ops {
        let sql = Dialect::Sqlite.ddl(op, &schema).unwrap();
        assert_eq!(sql.len(), 1, "{op:?} is native: {sql:?}");
        op.apply(&mut schema).unwrap();
    }
    apply(&mut db, &ops).unwrap();
    assert_eq!(introspect(&mut db), schema);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM \"Group\" WHERE \"From Where\" IN ('a', 'b')"
        ),
        2
    );
    apply(
        &mut db,
        &[Operation::DropTable {
            name: "Group".into(),
            existing: None,
        }],
    )
    .unwrap();
    assert!(introspect(&mut db).tables.is_empty());
}

#[test]
fn comments_produce_no_statements() {
    let mut db = family(0);
    let schema = introspect(&mut db);
    let ops = [
        Operation::SetTableComment {
            table: "parent".into(),
            comment: Some("hello".into()),
            previous: None,
        },
        alter("code", ColumnChanges::new().comment(Some("the code"))),
    ];
    for op in &ops {
        assert_eq!(
            Dialect::Sqlite.ddl(op, &schema).unwrap(),
            Vec::<String>::new()
        );
    }
}

#[test]
fn create_table_sql_shape() {
    let t = Table::new("user")
        .column(Column::new("id", ColumnType::BigInt).autoincrement())
        .column(Column::new("n", ColumnType::Integer).default("1 + 1"))
        .primary_key(&["id"]);
    let sql = Dialect::Sqlite
        .ddl(&Operation::CreateTable(t), &Schema::default())
        .unwrap();
    assert_eq!(
        sql,
        [
            "CREATE TABLE \"user\" (\n    \"id\" INTEGER PRIMARY KEY,\n    \"n\" INTEGER NOT NULL DEFAULT (1 + 1)\n)"
        ]
    );
}

// ---------------------------------------------------------------- bad inputs

#[test]
fn unknown_table_or_column_is_a_clear_error() {
    let mut db = family(3);
    let cases = [
        (
            Operation::AlterColumn {
                table: "nope".into(),
                column: "x".into(),
                changes: ColumnChanges::new().nullable(true),
                previous: None,
            },
            "no table 'nope'",
        ),
        (
            alter("missing", ColumnChanges::new().nullable(true)),
            "no column 'parent.missing'",
        ),
        (
            drop_constraint("no_such"),
            "table 'parent' has no constraint 'no_such'",
        ),
        (
            Operation::AddUnique {
                table: "parent".into(),
                constraint: UniqueConstraint::new("u", &["ghost"]),
            },
            "unique constraint 'u' names unknown column 'ghost'",
        ),
        (
            Operation::RenameTable {
                from: "gone".into(),
                to: "x".into(),
            },
            "no table 'gone'",
        ),
    ];
    let dump = schema_dump(&db);
    for (op, message) in cases {
        let err = apply(&mut db, &[op]).unwrap_err();
        assert!(matches!(err, Error::Schema(_)), "{err:?}");
        assert!(err.to_string().contains(message), "{err} / {message}");
    }
    assert_eq!(schema_dump(&db), dump);
}

#[test]
fn failing_rebuild_leaves_the_database_as_it_was() {
    let mut db = family(25);
    let dump = schema_dump(&db);
    let sums: Vec<u64> = ["parent", "child"]
        .iter()
        .map(|t| checksum(&db, t))
        .collect();
    // The first op would succeed; the second fails on the NULL notes.
    let err = apply(
        &mut db,
        &[
            Operation::AddColumn {
                table: "parent".into(),
                column: Column::new("extra", ColumnType::Text).nullable(),
            },
            alter("note", ColumnChanges::new().nullable(false)),
        ],
    )
    .unwrap_err();
    assert!(err.to_string().contains("NOT NULL"), "{err}");
    assert_eq!(schema_dump(&db), dump);
    let after: Vec<u64> = ["parent", "child"]
        .iter()
        .map(|t| checksum(&db, t))
        .collect();
    assert_eq!(after, sums);
    assert_eq!(count(&db, "PRAGMA foreign_keys"), 1);
}

#[test]
fn foreign_key_that_rows_break_is_refused() {
    let mut db = family(10);
    let dump = schema_dump(&db);
    let sum = checksum(&db, "parent");
    // Amounts 0, 7, 14, ... are no owner ids: the check before commit fails.
    let err = apply(
        &mut db,
        &[Operation::AddForeignKey {
            table: "parent".into(),
            fk: ForeignKey::new("parent_amount_fkey", &["amount"], "owner", &["id"]),
        }],
    )
    .unwrap_err();
    assert!(err.to_string().contains("foreign key violation"), "{err}");
    assert_eq!(schema_dump(&db), dump);
    assert_eq!(checksum(&db, "parent"), sum);
}

#[test]
fn drop_column_named_by_a_check_and_a_view() {
    let drop_amount = Operation::DropColumn {
        table: "parent".into(),
        name: "amount".into(),
        existing: None,
    };
    // The view reads the column: the change is refused, naming the view,
    // and the database is left as it was (PostgreSQL refuses too).
    let mut db = family(100);
    let before = schema_dump(&db);
    let e = apply(&mut db, std::slice::from_ref(&drop_amount)).unwrap_err();
    assert!(
        e.to_string()
            .contains("view 'parent_view' would no longer work"),
        "{e}"
    );
    assert_eq!(schema_dump(&db), before);

    // Dropped before and made again after: the CHECK and the index that
    // name the column go with it (as on PostgreSQL), every row stays.
    let db = rebuild_keeps_everything(
        ROWS,
        &[
            Operation::Execute {
                sql: "DROP VIEW parent_view".into(),
            },
            drop_amount,
            Operation::Execute {
                sql: "CREATE VIEW parent_view AS SELECT code FROM parent".into(),
            },
        ],
    );
    let sql = count(
        &db,
        "SELECT count(*) FROM sqlite_schema WHERE name = 'parent' AND sql LIKE '%amount%'",
    );
    assert_eq!(sql, 0);
}
