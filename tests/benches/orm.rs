//! Benchmark: the ORM against hand-written prepared-statement code on the
//! same connection, in the same run, on SQLite and PostgreSQL.
//!
//! Run with `scripts/bench.sh` (it provisions PostgreSQL), or
//! `MIGRATE_TEST_POSTGRES_URL=... cargo bench -p migrate-tests --bench orm`
//! (without the variable, only SQLite runs).
//!
//! Three workloads on a 7-column table: insert 100,000 rows in one
//! transaction (reading back each generated key), select all 100,000 into
//! structs, and 10,000 gets by primary key. Each cell is the best of
//! several runs, raw and ORM alternating; the ratio is ORM / raw. The
//! SQLite file is on `/dev/shm` when there is one (see `main`).

use migrate_core::diff::{DiffOptions, diff};
use migrate_core::orm::Connection;
use migrate_core::schema::Schema;
use migrate_core::{Database, Dialect, IntrospectOptions, Model, Record};
use std::time::{Duration, Instant};

const ROWS: usize = 100_000;
const GETS: usize = 10_000;

/// The benchmark table.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(table = "bench_row")]
struct BenchRow {
    #[model(primary_key)]
    id: i64,
    name: String,
    email: String,
    age: i32,
    score: f64,
    active: bool,
    note: Option<String>,
}

fn rows() -> Vec<BenchRow> {
    (0..ROWS)
        .map(|i| BenchRow {
            id: 0,
            name: format!("user {i}"),
            email: format!("user{i}@example.com"),
            age: (i % 90) as i32,
            score: i as f64 * 0.5,
            active: i % 3 == 0,
            note: (i % 2 == 0).then(|| "a short note".to_string()),
        })
        .collect()
}

/// Keys to get, spread over the table (a fixed pseudo-random walk).
fn keys() -> Vec<i64> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..GETS)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % ROWS as u64) as i64 + 1
        })
        .collect()
}

fn recreate(conn: &mut Connection) {
    let _ = conn.execute(r#"DROP TABLE IF EXISTS "bench_row""#, &[]);
    let ops = diff(
        &Schema::default(),
        &Schema::new(vec![BenchRow::table()]),
        conn.dialect(),
        DiffOptions::default(),
    );
    conn.database()
        .apply(&ops, &IntrospectOptions::default())
        .expect("create the table");
}

const COLUMNS: &str = r#""id", "name", "email", "age", "score", "active", "note""#;

// ---- raw rusqlite ----

fn raw_sqlite_insert(c: &mut rusqlite::Connection, rows: &mut [BenchRow]) {
    let tx = c.transaction().unwrap();
    {
        let mut stmt = tx
            .prepare(r#"INSERT INTO "bench_row" ("name", "email", "age", "score", "active", "note") VALUES (?1, ?2, ?3, ?4, ?5, ?6)"#)
            .unwrap();
        for r in rows.iter_mut() {
            r.id = stmt
                .insert(rusqlite::params![
                    r.name, r.email, r.age, r.score, r.active, r.note
                ])
                .unwrap();
        }
    }
    tx.commit().unwrap();
}

fn sqlite_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<BenchRow> {
    Ok(BenchRow {
        id: row.get(0)?,
        name: row.get(1)?,
        email: row.get(2)?,
        age: row.get(3)?,
        score: row.get(4)?,
        active: row.get(5)?,
        note: row.get(6)?,
    })
}

fn raw_sqlite_select(c: &mut rusqlite::Connection) -> Vec<BenchRow> {
    let mut stmt = c
        .prepare(&format!(r#"SELECT {COLUMNS} FROM "bench_row""#))
        .unwrap();
    stmt.query_map([], sqlite_row)
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn raw_sqlite_gets(c: &mut rusqlite::Connection, keys: &[i64]) -> usize {
    let mut stmt = c
        .prepare(&format!(
            r#"SELECT {COLUMNS} FROM "bench_row" WHERE "id" = ?1"#
        ))
        .unwrap();
    let mut found = 0;
    for k in keys {
        let row = stmt.query_row([k], sqlite_row).unwrap();
        found += usize::from(row.id == *k);
    }
    found
}

// ---- raw postgres ----

fn raw_postgres_insert(c: &mut postgres::Client, rows: &mut [BenchRow]) {
    let mut tx = c.transaction().unwrap();
    let stmt = tx
        .prepare(r#"INSERT INTO "bench_row" ("name", "email", "age", "score", "active", "note") VALUES ($1, $2, $3, $4, $5, $6) RETURNING "id""#)
        .unwrap();
    for r in rows.iter_mut() {
        r.id = tx
            .query_one(
                &stmt,
                &[&r.name, &r.email, &r.age, &r.score, &r.active, &r.note],
            )
            .unwrap()
            .get(0);
    }
    tx.commit().unwrap();
}

fn postgres_row(row: &postgres::Row) -> BenchRow {
    BenchRow {
        id: row.get(0),
        name: row.get(1),
        email: row.get(2),
        age: row.get(3),
        score: row.get(4),
        active: row.get(5),
        note: row.get(6),
    }
}

fn raw_postgres_select(c: &mut postgres::Client) -> Vec<BenchRow> {
    let stmt = c
        .prepare(&format!(r#"SELECT {COLUMNS} FROM "bench_row""#))
        .unwrap();
    c.query(&stmt, &[])
        .unwrap()
        .iter()
        .map(postgres_row)
        .collect()
}

fn raw_postgres_gets(c: &mut postgres::Client, keys: &[i64]) -> usize {
    let stmt = c
        .prepare(&format!(
            r#"SELECT {COLUMNS} FROM "bench_row" WHERE "id" = $1"#
        ))
        .unwrap();
    let mut found = 0;
    for k in keys {
        let row = postgres_row(&c.query_one(&stmt, &[k]).unwrap());
        found += usize::from(row.id == *k);
    }
    found
}

// ---- the ORM ----

fn orm_insert(conn: &mut Connection, rows: &mut [BenchRow]) {
    conn.transaction(|tx| {
        for r in rows.iter_mut() {
            r.insert(tx)?;
        }
        Ok::<(), migrate_core::orm::Error>(())
    })
    .unwrap();
}

fn orm_select(conn: &mut Connection) -> Vec<BenchRow> {
    BenchRow::query().all(conn).unwrap()
}

fn orm_gets(conn: &mut Connection, keys: &[i64]) -> usize {
    let mut found = 0;
    for &k in keys {
        let row = BenchRow::get(conn, k).unwrap();
        found += usize::from(row.id == k);
    }
    found
}

// ---- the harness ----

/// Best raw and ORM times of one workload.
#[derive(Default, Clone, Copy)]
struct Cell {
    raw: Option<Duration>,
    orm: Option<Duration>,
}

impl Cell {
    fn add(&mut self, orm: bool, d: Duration) {
        let slot = if orm { &mut self.orm } else { &mut self.raw };
        *slot = Some(slot.map_or(d, |best| best.min(d)));
    }
}

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let out = f();
    (start.elapsed(), out)
}

/// Runs the three workloads `runs` times on `conn`, raw and ORM in turn.
fn bench(conn: &mut Connection, runs: usize) -> [Cell; 3] {
    let mut cells = [Cell::default(); 3];
    let data = rows();
    let keys = keys();
    for run in 0..runs {
        // Alternate which goes first, so that neither always gets the
        // warmer cache.
        for orm in [run % 2 == 1, run % 2 == 0] {
            recreate(conn);
            let mut rows = data.clone();
            let (d, ()) = match (orm, conn.dialect()) {
                (true, _) => time(|| orm_insert(conn, &mut rows)),
                (false, Dialect::Sqlite) => {
                    time(|| raw_sqlite_insert(conn.sqlite().unwrap(), &mut rows))
                }
                (false, Dialect::Postgres) => {
                    time(|| raw_postgres_insert(conn.postgres().unwrap(), &mut rows))
                }
            };
            cells[0].add(orm, d);
            assert_eq!(rows[ROWS - 1].id, ROWS as i64, "keys were read back");

            let (d, read) = match (orm, conn.dialect()) {
                (true, _) => time(|| orm_select(conn)),
                (false, Dialect::Sqlite) => time(|| raw_sqlite_select(conn.sqlite().unwrap())),
                (false, Dialect::Postgres) => {
                    time(|| raw_postgres_select(conn.postgres().unwrap()))
                }
            };
            cells[1].add(orm, d);
            assert_eq!(read.len(), ROWS);
            assert_eq!(read[ROWS / 2], rows[ROWS / 2]);

            let (d, found) = match (orm, conn.dialect()) {
                (true, _) => time(|| orm_gets(conn, &keys)),
                (false, Dialect::Sqlite) => time(|| raw_sqlite_gets(conn.sqlite().unwrap(), &keys)),
                (false, Dialect::Postgres) => {
                    time(|| raw_postgres_gets(conn.postgres().unwrap(), &keys))
                }
            };
            cells[2].add(orm, d);
            assert_eq!(found, GETS);
        }
    }
    cells
}

fn report(database: &str, cells: &[Cell; 3]) {
    let names = [
        "insert 100,000 (one transaction)",
        "select all 100,000",
        "10,000 gets by primary key",
    ];
    for (name, cell) in names.iter().zip(cells) {
        let raw = cell.raw.unwrap().as_secs_f64() * 1000.0;
        let orm = cell.orm.unwrap().as_secs_f64() * 1000.0;
        println!(
            "| {database:<10} | {name:<32} | {raw:>9.1} | {orm:>9.1} | {:>5.2}x |",
            orm / raw
        );
    }
}

fn main() {
    let runs: usize = std::env::var("ORM_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    println!("ORM vs hand-written prepared statements (best of {runs} runs each)\n");
    println!(
        "| {:<10} | {:<32} | {:>9} | {:>9} | {:>6} |",
        "database", "workload", "raw ms", "ORM ms", "ratio"
    );
    println!(
        "|{:-<12}|{:-<34}|{:-<11}|{:-<11}|{:-<8}|",
        "", "", "", "", ""
    );

    // On a RAM disk where there is one: the one fsync of each insert
    // transaction varies by milliseconds on a real disk, which would drown
    // the difference measured here. Without disk time the ORM's own cost
    // is also a larger share of each cell.
    let shm = std::path::Path::new("/dev/shm");
    let dir = match shm.is_dir() {
        true => tempfile::tempdir_in(shm),
        false => tempfile::tempdir(),
    }
    .expect("temporary directory");
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let mut conn = Connection::new(Database::connect(&url).expect("open SQLite")).unwrap();
    let cells = bench(&mut conn, runs);
    report("SQLite", &cells);

    match std::env::var("MIGRATE_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => {
            let mut conn = Connection::open(&url).expect("connect to PostgreSQL");
            let cells = bench(&mut conn, runs.div_ceil(2).max(2));
            report("PostgreSQL", &cells);
            let _ = conn.execute(r#"DROP TABLE IF EXISTS "bench_row""#, &[]);
        }
        _ => {
            println!("\nPostgreSQL skipped: set MIGRATE_TEST_POSTGRES_URL or run scripts/bench.sh")
        }
    }
}
