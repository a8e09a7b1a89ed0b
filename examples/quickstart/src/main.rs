//! The quickstart: compare the models with a database, print what differs
//! in Alembic's words, show the revision body autogenerate would write, apply
//! it, and check that nothing is left.
//!
//! `cargo run -p quickstart` uses `sqlite://quickstart.db`; set
//! `DATABASE_URL` (or pass a URL as the first argument) for another database.

use migrate_core::diff::{DiffOptions, diff};
use migrate_core::ops::{reverse_all, rust::render_ops};
use migrate_core::{Database, IntrospectOptions, registry};
use std::process::ExitCode;

// Link the models crate: a crate nothing names is not linked, and its models
// would be missing from the registry.
use quickstart as _;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> migrate_core::Result<()> {
    let url = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("DATABASE_URL").ok())
        .unwrap_or_else(|| "sqlite://quickstart.db".to_string());
    let models = registry::load()?;
    let mut db = Database::connect(&url)?;
    let options = IntrospectOptions::default();
    println!(
        "Comparing {} model(s) with {}",
        models.tables.len(),
        migrate_core::url::DbUrl::parse(&url)?
    );

    let live = db.introspect(&options)?;
    let ops = diff(&live, &models, db.dialect(), DiffOptions::default());
    if ops.is_empty() {
        println!("No changes in schema detected.");
        return Ok(());
    }
    for op in &ops {
        for line in op.describe() {
            println!("{line}");
        }
    }
    let down = reverse_all(&ops).unwrap_or_default();
    println!("\npub fn upgrade(op: &mut Op) -> Result<()> {{");
    print!("{}", render_ops(&ops, 4));
    println!("    Ok(())\n}}\n\npub fn downgrade(op: &mut Op) -> Result<()> {{");
    print!("{}", render_ops(&down, 4));
    println!("    Ok(())\n}}\n");

    db.apply(&ops, &options)?;
    let after = db.introspect(&options)?;
    let left = diff(&after, &models, db.dialect(), DiffOptions::default());
    if left.is_empty() {
        println!(
            "Applied {} operation(s); the database matches the models.",
            ops.len()
        );
        Ok(())
    } else {
        Err(migrate_core::Error::Schema(format!(
            "the database still differs from the models: {:?}",
            left.iter().flat_map(|o| o.describe()).collect::<Vec<_>>()
        )))
    }
}
