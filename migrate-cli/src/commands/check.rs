//! `migrate check`: exit 0 when models, revisions and database agree; 1
//! with the differences when they do not.

use super::Context;
use crate::cli::CheckArgs;
use crate::error::Failure;
use migrate_core::diff::{DiffOptions, diff};
use migrate_core::registry;
use std::process::ExitCode;

/// Runs `check`.
pub fn run(cx: &mut Context, args: CheckArgs) -> Result<ExitCode, Failure> {
    let heads = cx.map.heads();
    if heads.len() > 1 && !args.allow_multiple_heads {
        println!("FAILED: Multiple heads are present: {}", heads.join(", "));
        eprintln!(
            "hint: merge them with `migrate merge heads -m \"merge\"`, or pass --allow-multiple-heads"
        );
        return Ok(ExitCode::from(1));
    }
    let models = registry::load()?;
    if models.tables.is_empty() {
        return Err(Failure::new("no models are registered in this binary").hint(format!(
            "src/bin/migrate.rs must name the crate that holds the #[derive(Model)] structs: `migrate_cli::main!(<crate>);` (it names `{}`)",
            cx.build.models_crate
        )));
    }
    let mut db = cx.connect()?;
    let mut current = cx.current(&mut db)?;
    current.sort();
    let mut heads: Vec<String> = heads.into_iter().map(str::to_string).collect();
    heads.sort();
    if current != heads {
        println!(
            "FAILED: Target database is not up to date: it is at {}; the revisions end at {}",
            if current.is_empty() {
                "base".to_string()
            } else {
                current.join(", ")
            },
            if heads.is_empty() {
                "base".to_string()
            } else {
                heads.join(", ")
            }
        );
        return Ok(ExitCode::from(1));
    }
    let live = db.introspect(&cx.introspect_options())?;
    let ops = diff(&live, &models, db.dialect(), DiffOptions::default());
    if ops.is_empty() {
        cx.info("No new upgrade operations detected.");
        return Ok(ExitCode::SUCCESS);
    }
    for op in &ops {
        for line in op.describe() {
            println!("{line}");
        }
    }
    println!(
        "FAILED: New upgrade operations detected: run `migrate revision --autogenerate` and commit the revision"
    );
    Ok(ExitCode::from(1))
}
