//! `migrate upgrade [TARGET] [--sql]`.

use super::Context;
use crate::cli::UpgradeArgs;
use crate::error::Failure;
use migrate_core::revision::Direction;
use migrate_core::runner::{Runner, offline_sql};
use std::process::ExitCode;

/// Runs `upgrade`.
pub fn run(cx: &mut Context, args: UpgradeArgs) -> Result<ExitCode, Failure> {
    let target = args.target.as_deref().unwrap_or("heads");
    migrate(cx, Direction::Upgrade, target, args.sql)
}

/// Upgrade or downgrade, online or offline.
pub fn migrate(
    cx: &mut Context,
    direction: Direction,
    target: &str,
    sql: bool,
) -> Result<ExitCode, Failure> {
    if sql {
        let script = offline_sql(&cx.map, cx.dialect()?, &cx.tables(), direction, target)
            .map_err(|e| {
                let mut failure = Failure::from(e);
                if failure.message.contains("offline") {
                    failure.hint = Some(
                        "write the SQL of a range that stops before it (`start:end`), and run that revision against the database".into(),
                    );
                }
                failure
            })?;
        print!("{script}");
        return Ok(ExitCode::SUCCESS);
    }
    let mut db = cx.connect()?;
    cx.debug(&format!("Context impl {}.", db.dialect().name()));
    let quiet = cx.global.quiet;
    let mut runner = Runner::new(&mut db, &cx.map)
        .config(cx.runner_config())
        .log(move |line| {
            if !quiet || line.starts_with("warning") {
                eprintln!("{line}");
            }
        });
    match direction {
        Direction::Upgrade => runner.upgrade(target)?,
        Direction::Downgrade => runner.downgrade(target)?,
    };
    Ok(ExitCode::SUCCESS)
}
