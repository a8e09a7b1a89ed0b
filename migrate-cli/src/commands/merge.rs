//! `migrate merge REVS... [-m MSG]`: a revision whose parents are the given
//! heads, joining their branches.

use super::Context;
use super::revision::write_revision;
use crate::cli::MergeArgs;
use crate::error::Failure;
use migrate_core::revision::is_valid_id;
use migrate_core::revision::template::{NewRevision, new_revision_id};
use std::process::ExitCode;

/// Runs `merge`.
pub fn run(cx: &mut Context, args: MergeArgs) -> Result<ExitCode, Failure> {
    let mut parents: Vec<String> = Vec::new();
    for spec in &args.revs {
        for id in cx.map.resolve(spec)? {
            if !cx.map.is_head(id) {
                return Err(Failure::new(format!(
                    "Revision {id} is not a head revision; merge joins heads"
                ))
                .hint("list the heads with `migrate heads`"));
            }
            if !parents.iter().any(|p| p == id) {
                parents.push(id.to_string());
            }
        }
    }
    if parents.len() < 2 {
        return Err(Failure::new(format!(
            "nothing to merge: {} name(s) only {}",
            args.revs.join(" "),
            if parents.is_empty() {
                "no revision".to_string()
            } else {
                format!("revision {}", parents[0])
            }
        ))
        .hint("give two or more heads, or `heads` when there are several"));
    }
    let id = match &args.rev_id {
        Some(id) if !is_valid_id(id) => {
            return Err(Failure::new(format!(
                "invalid revision id `{id}`: use 1 to 32 characters of [0-9a-zA-Z_]"
            )));
        }
        Some(id) if cx.map.get(id).is_some() => {
            return Err(Failure::new(format!("Revision {id} is already present")));
        }
        Some(id) => id.clone(),
        None => new_revision_id(),
    };
    write_revision(
        cx,
        NewRevision {
            id,
            down_revisions: parents,
            branch_labels: args.branch_label,
            message: args.message.unwrap_or_default(),
            ..NewRevision::default()
        },
    )?;
    Ok(ExitCode::SUCCESS)
}
