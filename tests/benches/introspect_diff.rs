//! Benchmark: introspection plus autogenerate diff of a 1,000-table schema
//! against an up-to-date database, on SQLite and PostgreSQL.
//!
//! Run with `scripts/bench.sh` (it provisions PostgreSQL), or
//! `MIGRATE_TEST_POSTGRES_URL=... cargo bench -p migrate-tests --bench introspect_diff`.
//!
//! Each table has 10 columns of mixed types, one index, one unique
//! constraint and one foreign key. The setup runs in this process; the
//! measurement runs in a child process of this same binary so that its peak
//! memory (VmHWM) counts only what introspection and diff need.

use migrate_core::diff::{DiffOptions, diff};
use migrate_core::schema::{
    Column, ColumnType, ForeignKey, Index, Schema, Table, UniqueConstraint,
};
use migrate_core::{Database, IntrospectOptions};
use std::time::Instant;

const TABLES: usize = 1000;
const RUNS: usize = 10;

fn model() -> Schema {
    let tables = (0..TABLES)
        .map(|i| {
            let name = format!("table_{i:04}");
            let mut t = Table::new(name.clone())
                .column(Column::new("id", ColumnType::BigInt).autoincrement())
                .column(Column::new("name", ColumnType::Varchar(100)))
                .column(Column::new("code", ColumnType::Varchar(20)))
                .column(Column::new("body", ColumnType::Text).nullable())
                .column(Column::new("amount", ColumnType::Double).default("0"))
                .column(Column::new("count", ColumnType::Integer).default("0"))
                .column(Column::new("active", ColumnType::Boolean).default("true"))
                .column(
                    Column::new("created_at", ColumnType::Timestamp).default("CURRENT_TIMESTAMP"),
                )
                .column(Column::new("data", ColumnType::Blob).nullable())
                .column(Column::new("parent_id", ColumnType::BigInt).nullable())
                .primary_key(&["id"])
                .index(Index::new(format!("ix_{name}_name"), &["name"]))
                .unique(UniqueConstraint::new(format!("{name}_code_key"), &["code"]));
            let parent = if i == 0 {
                name.clone()
            } else {
                format!("table_{:04}", i - 1)
            };
            t = t.foreign_key(ForeignKey::new(
                format!("{name}_parent_id_fkey"),
                &["parent_id"],
                parent,
                &["id"],
            ));
            t
        })
        .collect();
    Schema::new(tables)
}

fn setup(db: &mut Database) {
    let ops = diff(
        &Schema::default(),
        &model(),
        db.dialect(),
        DiffOptions::default(),
    );
    db.apply(&ops, &IntrospectOptions::default())
        .expect("create the schema");
}

/// Child process: time introspection + diff, report figures on stdout.
fn measure(url: &str) {
    let model = model();
    let mut db = Database::connect(url).expect("connect");
    let dialect = db.dialect();
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        let live = db
            .introspect(&IntrospectOptions::default())
            .expect("introspect");
        let ops = diff(&live, &model, dialect, DiffOptions::default());
        times.push(start.elapsed());
        assert!(
            ops.is_empty(),
            "the database is up to date, but the diff says {:?}",
            ops.first()
        );
    }
    times.sort();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .unwrap_or("VmHWM: ? kB")
        .split_whitespace()
        .nth(1)
        .unwrap_or("?")
        .to_string();
    println!(
        "{} {} {}",
        times[0].as_secs_f64() * 1000.0,
        times[RUNS / 2].as_secs_f64() * 1000.0,
        hwm
    );
}

fn report(label: &str, url: &str) {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--measure", url])
        .output()
        .expect("run the measurement");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let f: Vec<&str> = text.split_whitespace().collect();
    let kib: f64 = f[2].parse().unwrap_or(f64::NAN);
    println!(
        "{label:<10} introspect+diff of {TABLES} tables: best {:>7.1} ms, median {:>7.1} ms (target < 100 ms); peak memory {:.1} MiB (target < 50 MiB)",
        f[0].parse::<f64>().unwrap_or(f64::NAN),
        f[1].parse::<f64>().unwrap_or(f64::NAN),
        kib / 1024.0
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--measure") {
        measure(&args[i + 1]);
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.db");
    let url = format!("sqlite://{}", path.display());
    let start = Instant::now();
    setup(&mut Database::connect(&url).expect("sqlite"));
    eprintln!("sqlite setup: {:?}", start.elapsed());
    report("sqlite", &url);

    match std::env::var("MIGRATE_TEST_POSTGRES_URL") {
        Ok(base) => {
            let url = migrate_tests::create_postgres_database(&base, "migrate_bench");
            let start = Instant::now();
            setup(&mut Database::connect(&url).expect("postgres"));
            eprintln!("postgres setup: {:?}", start.elapsed());
            report("postgres", &url);
        }
        Err(_) => {
            println!("postgres   skipped: set MIGRATE_TEST_POSTGRES_URL or run scripts/bench.sh")
        }
    }
}
