//! `migrate show REV`: one revision in full.

use super::Context;
use crate::cli::ShowArgs;
use crate::error::Failure;
use crate::output::long;
use std::process::ExitCode;

/// Runs `show`.
pub fn run(cx: &mut Context, args: ShowArgs) -> Result<ExitCode, Failure> {
    let ids = cx.map.resolve(&args.rev)?;
    if ids.is_empty() {
        return Err(Failure::new(format!(
            "`{}` names no revision (base is the empty database)",
            args.rev
        )));
    }
    for id in ids {
        if let Some(rev) = cx.map.get(id) {
            println!("{}", long(&cx.map, rev, &[]));
        }
    }
    Ok(ExitCode::SUCCESS)
}
