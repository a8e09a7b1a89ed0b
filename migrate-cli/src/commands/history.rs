//! `migrate history`, `migrate heads` and `migrate branches`: the revision
//! graph, read from the compiled-in revisions (no database unless `-i`).

use super::Context;
use crate::cli::HistoryArgs;
use crate::error::Failure;
use crate::output::{Line, long, short};
use std::process::ExitCode;

/// Runs `history`.
pub fn history(cx: &mut Context, args: HistoryArgs) -> Result<ExitCode, Failure> {
    let needs_db = args.indicate_current
        || args
            .rev_range
            .as_deref()
            .is_some_and(|r| r.split(':').any(|end| end == "current"));
    let current = if needs_db {
        let mut db = cx.connect()?;
        cx.current(&mut db)?
    } else {
        Vec::new()
    };
    let range = match args.rev_range.as_deref() {
        Some(r) => Some(replace_current(r, &current)?),
        None => None,
    };
    let revisions = cx.map.history(range.as_deref())?;
    let marked: &[String] = if args.indicate_current { &current } else { &[] };
    if args.dot {
        print!("{}", crate::graph::dot(&cx.map, &revisions, marked));
        return Ok(ExitCode::SUCCESS);
    }
    if args.graph {
        print!("{}", crate::graph::draw(&cx.map, &revisions, marked));
        return Ok(ExitCode::SUCCESS);
    }
    let line = Line {
        branches: true,
        doc: true,
        parents: true,
        tree: true,
    };
    let mut out = String::new();
    for rev in revisions {
        if cx.global.verbose {
            out.push_str(&long(&cx.map, rev, marked));
            out.push('\n');
        } else {
            out.push_str(&short(&cx.map, rev, line, marked));
            out.push('\n');
        }
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// `current` in a range stands for the database's revision.
fn replace_current(range: &str, current: &[String]) -> Result<String, Failure> {
    if !range.split(':').any(|end| end == "current") {
        return Ok(range.to_string());
    }
    let value = match current {
        [] => "base".to_string(),
        [one] => one.clone(),
        many => {
            return Err(Failure::new(format!(
                "`current` in a range needs one current revision; the database is at {}",
                many.join(", ")
            ))
            .hint("name one of them instead of `current`"));
        }
    };
    Ok(range
        .split(':')
        .map(|end| {
            if end == "current" {
                value.as_str()
            } else {
                end
            }
        })
        .collect::<Vec<_>>()
        .join(":"))
}

/// Runs `heads`.
pub fn heads(cx: &mut Context) -> Result<ExitCode, Failure> {
    let line = Line {
        branches: true,
        ..Line::default()
    };
    for id in cx.map.heads() {
        let Some(rev) = cx.map.get(id) else { continue };
        if cx.global.verbose {
            println!("{}", long(&cx.map, rev, &[]));
        } else {
            println!("{}", short(&cx.map, rev, line, &[]));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `branches`: each branch point, and the revisions it branches into.
pub fn branches(cx: &mut Context) -> Result<ExitCode, Failure> {
    let verbose = cx.global.verbose;
    let map = &cx.map;
    for rev in map.revisions().filter(|r| map.is_branch_point(&r.id)) {
        let line = Line {
            branches: true,
            tree: true,
            ..Line::default()
        };
        if verbose {
            println!("{}", long(map, rev, &[]));
        } else {
            println!("{}", short(map, rev, line, &[]));
        }
        for child in map.children(&rev.id) {
            let Some(child) = map.get(child) else {
                continue;
            };
            let line = Line {
                branches: true,
                doc: verbose,
                tree: true,
                ..Line::default()
            };
            println!(
                "{} -> {}",
                " ".repeat(rev.id.len()),
                short(map, child, line, &[])
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
