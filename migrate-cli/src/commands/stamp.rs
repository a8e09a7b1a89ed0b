//! `migrate stamp REV... [--purge] [--sql]`: set the version table without
//! running any revision.

use super::Context;
use crate::cli::StampArgs;
use crate::error::Failure;
use migrate_core::runner::{Runner, version_sql};
use std::process::ExitCode;

/// Runs `stamp`.
pub fn run(cx: &mut Context, args: StampArgs) -> Result<ExitCode, Failure> {
    let targets: Vec<&str> = args.revs.iter().map(String::as_str).collect();
    if args.sql {
        // Offline there is no version table to read: the script starts from
        // an empty one (or empties it with --purge).
        let dialect = cx.dialect()?;
        let tables = cx.tables();
        let steps = cx.map.stamp(&[], &targets)?;
        let mut out = String::new();
        for sql in tables.create_sql(dialect) {
            out.push_str(&sql);
            out.push_str(";\n\n");
        }
        if args.purge {
            out.push_str(&tables.purge_versions());
            out.push_str(";\n\n");
        }
        for step in &steps {
            out.push_str(&format!(
                "-- Running stamp_revision {} -> {}\n\n",
                step.from.join(", "),
                step.to.join(", ")
            ));
            for change in &step.version_changes {
                out.push_str(&version_sql(&tables, change));
                out.push_str(";\n\n");
            }
        }
        print!("{out}");
        return Ok(ExitCode::SUCCESS);
    }
    let mut db = cx.connect()?;
    let quiet = cx.global.quiet;
    Runner::new(&mut db, &cx.map)
        .config(cx.runner_config())
        .log(move |line| {
            if !quiet {
                eprintln!("{line}");
            }
        })
        .stamp(&targets, args.purge)?;
    Ok(ExitCode::SUCCESS)
}
