//! Start-up cost of the `migrate` binary: `--help`, and `history` and
//! `current` in a project with 500 revisions (target: each under 50 ms;
//! Alembic takes 0.26 s, 0.37 s and 0.65 s).
//!
//! ```text
//! cargo bench -p migrate-tests --bench startup
//! ```
//!
//! It builds a throwaway project with 500 revision files (a linear chain,
//! each adding a column), upgrades a SQLite database to the head, then runs
//! each command 30 times with the binary built as `cargo run` builds it
//! (debug) and as deployed (release), and prints the best and median wall
//! time of each, process start included.

use migrate_tests::project::Project;
use std::path::Path;
use std::time::{Duration, Instant};

const REVISIONS: usize = 500;
const RUNS: usize = 30;
const TARGET_MS: f64 = 50.0;

const MODELS: &str = r#"
use migrate_core::Model;

#[derive(Model)]
pub struct Item {
    #[model(primary_key)]
    pub id: i64,
}
"#;

fn revision_file(n: usize) -> (String, String) {
    let id = format!("{n:012x}");
    let down = if n == 1 {
        "None".to_string()
    } else {
        format!("\"{:012x}\"", n - 1)
    };
    let text = format!(
        r#"//! add column c{n}

use migrate_core::revision::prelude::*;

revision! {{
    id: "{id}",
    down_revision: {down},
    branch_labels: [],
    depends_on: [],
    message: "add column c{n}",
}}

pub fn upgrade(op: &mut Op) -> Result<()> {{
    op.add_column("item", Column::new("c{n}", ColumnType::Integer).nullable())?;
    Ok(())
}}

pub fn downgrade(op: &mut Op) -> Result<()> {{
    op.drop_column("item", "c{n}")?;
    Ok(())
}}
"#
    );
    (format!("migrations/versions/{id}_add_column_c{n}.rs"), text)
}

fn time(binary: &Path, dir: &Path, args: &[&str]) -> (f64, f64) {
    let mut samples: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let out = std::process::Command::new(binary)
                .current_dir(dir)
                .args(args)
                .output()
                .expect("run");
            let elapsed = start.elapsed();
            assert!(
                out.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            elapsed
        })
        .collect();
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(samples[0]), ms(samples[RUNS / 2]))
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else to parse.
    let mut p = Project::new("startup_bench", MODELS);
    p.migrate(&["init", "-q"]).ok();
    let db = p.root.join("bench.db");
    p.env("DATABASE_URL", &format!("sqlite://{}", db.display()));
    p.write(
        "migrations/versions/000000000000_create_item.rs",
        r#"use migrate_core::revision::prelude::*;

revision! {
    id: "000000000000",
    down_revision: None,
    branch_labels: [],
    depends_on: [],
    message: "create item",
}

pub fn upgrade(op: &mut Op) -> Result<()> {
    op.create_table(Table::new("item").column(Column::new("id", ColumnType::BigInt)).primary_key(&["id"]))
}

pub fn downgrade(op: &mut Op) -> Result<()> {
    op.drop_table("item")
}
"#,
    );
    for n in 1..=REVISIONS {
        let (path, mut text) = revision_file(n);
        if n == 1 {
            text = text.replace("down_revision: None", "down_revision: \"000000000000\"");
        }
        p.write(&path, &text);
    }
    eprintln!(
        "building a project with {} revisions (debug) ...",
        REVISIONS + 1
    );
    let run = p.migrate(&["upgrade", "-q"]).ok();
    drop(run);
    eprintln!("building it (release) ...");
    let run = p.cargo(&["build", "--release", "--quiet", "--bin", "migrate"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    println!(
        "migrate start-up, {} revisions, {RUNS} runs each (best / median, ms; target {TARGET_MS} ms)",
        REVISIONS + 1
    );
    println!(
        "{:<10} {:<10} {:>8} {:>8} {:>14}",
        "profile", "command", "best", "median", "median/target"
    );
    for profile in ["debug", "release"] {
        let binary = p.target_dir().join(profile).join("migrate");
        for (name, args) in [
            ("--help", &["--help"][..]),
            ("history", &["history"][..]),
            ("current", &["current"][..]),
        ] {
            let (best, median) = time(&binary, &p.root, args);
            println!(
                "{profile:<10} {name:<10} {best:>8.1} {median:>8.1} {:>13.2}x",
                median / TARGET_MS
            );
        }
    }
}
