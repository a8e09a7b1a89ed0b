//! `migrate revision [-m MSG] [--autogenerate] ...`: a new revision file.

use super::Context;
use crate::cli::RevisionArgs;
use crate::error::Failure;
use crate::project::{display, file_name, now, parse_timezone, post_write};
use migrate_core::diff::{DiffOptions, diff};
use migrate_core::ops::reverse_all;
use migrate_core::registry;
use migrate_core::revision::template::{NewRevision, new_revision_id, render_revision};
use migrate_core::revision::{Revision, RevisionMap, is_valid_id, is_valid_label};
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs `revision`.
pub fn run(cx: &mut Context, args: RevisionArgs) -> Result<ExitCode, Failure> {
    let parents = parents(cx, &args.head, args.splice)?;
    let mut rev = NewRevision {
        id: new_id(cx, args.rev_id.as_deref())?,
        down_revisions: parents,
        branch_labels: args.branch_label.clone(),
        depends_on: dependencies(cx, &args.depends_on)?,
        message: args.message.clone().unwrap_or_default(),
        ..NewRevision::default()
    };
    if args.autogenerate {
        let mut db = cx.connect()?;
        let mut current = cx.current(&mut db)?;
        current.sort();
        let mut expected = rev.down_revisions.clone();
        expected.sort();
        if current != expected {
            let at = |ids: &[String]| {
                if ids.is_empty() {
                    "base".to_string()
                } else {
                    ids.join(", ")
                }
            };
            return Err(Failure::new(format!(
                "Target database is not up to date: it is at {}, and the new revision follows {}",
                at(&current),
                at(&expected)
            ))
            .hint("run `migrate upgrade heads` first (autogenerate compares the models with a database at the head)"));
        }
        let models = registry::load()?;
        if models.tables.is_empty() {
            return Err(Failure::new(
                "no models are registered in this binary; autogenerate would drop every table",
            )
            .hint(format!(
                "src/bin/migrate.rs must name the crate that holds the #[derive(Model)] structs: `migrate_cli::main!(<crate>);` (it names `{}`)",
                cx.build.models_crate
            )));
        }
        let live = db.introspect(&cx.introspect_options())?;
        let ops = diff(&live, &models, db.dialect(), DiffOptions::default());
        if ops.is_empty() {
            cx.info("No changes in schema detected.");
            return Ok(ExitCode::SUCCESS);
        }
        for op in &ops {
            for line in op.describe() {
                cx.info(&line);
            }
        }
        rev.downgrades = reverse_all(&ops).unwrap_or_default();
        rev.upgrades = ops;
    }
    write_revision(cx, rev)?;
    Ok(ExitCode::SUCCESS)
}

/// The parents of a new revision: `--head` resolved (`base` for a new
/// base), each a head unless `--splice`.
fn parents(cx: &Context, head: &str, splice: bool) -> Result<Vec<String>, Failure> {
    if head == "base" || (cx.map.is_empty() && head == "head") {
        return Ok(Vec::new());
    }
    let ids = cx.map.resolve(head)?;
    for id in &ids {
        if !splice && !cx.map.is_head(id) {
            return Err(Failure::new(format!(
                "Revision {id} is not a head revision; please specify --splice to create a new branch from this revision"
            )));
        }
    }
    Ok(ids.into_iter().map(str::to_string).collect())
}

/// `--rev-id`, checked, or a new random id.
fn new_id(cx: &Context, given: Option<&str>) -> Result<String, Failure> {
    let Some(id) = given else {
        return Ok(new_revision_id());
    };
    if !is_valid_id(id) {
        return Err(Failure::new(format!(
            "invalid revision id `{id}`: use 1 to 32 characters of [0-9a-zA-Z_]"
        )));
    }
    if cx.map.get(id).is_some() {
        return Err(Failure::new(format!("Revision {id} is already present"))
            .hint("pick another --rev-id, or leave it out for a random one"));
    }
    Ok(id.to_string())
}

/// `--depends-on` values: labels as given, revisions as full ids.
fn dependencies(cx: &Context, deps: &[String]) -> Result<Vec<String>, Failure> {
    let mut out = Vec::new();
    for dep in deps {
        if cx.map.labels().any(|(label, _)| label == dep) {
            out.push(dep.clone());
            continue;
        }
        let ids = cx.map.resolve(dep)?;
        out.extend(ids.into_iter().map(str::to_string));
    }
    Ok(out)
}

/// Checks the new revision against the graph, renders it from the
/// template, writes it, and runs the post-write hook.
pub fn write_revision(cx: &Context, mut rev: NewRevision) -> Result<PathBuf, Failure> {
    let config = cx.loaded();
    for label in &rev.branch_labels {
        if !is_valid_label(label) {
            return Err(Failure::new(format!(
                "invalid branch label `{label}`: use 1 to 64 characters of [0-9a-zA-Z_]"
            )));
        }
    }
    // The graph with the new revision must hold (labels not taken, ...).
    let mut all: Vec<Revision> = cx.map.revisions().cloned().collect();
    let parents: Vec<&str> = rev.down_revisions.iter().map(String::as_str).collect();
    let labels: Vec<&str> = rev.branch_labels.iter().map(String::as_str).collect();
    let deps: Vec<&str> = rev.depends_on.iter().map(String::as_str).collect();
    all.push(
        Revision::new(&rev.id, &parents)
            .labels(&labels)
            .depends_on(&deps)
            .location("the new revision"),
    );
    RevisionMap::new(all)?;

    let zone = parse_timezone(&config.config.timezone).map_err(Failure::new)?;
    let date = now(zone);
    rev.create_date = date.format("%Y-%m-%d %H:%M:%S").to_string();
    let template_path = config.template_path();
    let template = std::fs::read_to_string(&template_path).map_err(|e| {
        Failure::new(format!(
            "cannot read the revision template {}: {e}",
            display(&template_path)
        ))
        .hint("restore it: `migrate init` in an empty folder writes the default one")
    })?;
    let text = render_revision(&template, &rev)
        .map_err(|e| Failure::new(format!("{}: {e}", display(&template_path))))?;
    let dir = config.versions_dir();
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure::new(format!("cannot create {}: {e}", display(&dir))))?;
    let path = dir.join(file_name(config, &rev.id, &rev.message, date));
    if path.exists() {
        return Err(Failure::new(format!("{} already exists", display(&path)))
            .hint("pick another --rev-id or message"));
    }
    std::fs::write(&path, text)
        .map_err(|e| Failure::new(format!("cannot write {}: {e}", display(&path))))?;
    post_write(config, &path, cx.global.quiet);
    cx.info(&format!("  Generating {} ...  done", display(&path)));
    Ok(path)
}
