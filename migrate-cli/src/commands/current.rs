//! `migrate current [-v]`: the revisions the database is at.

use super::Context;
use crate::error::Failure;
use crate::output::{Line, long, short};
use migrate_core::url::mask_password;
use std::process::ExitCode;

/// Runs `current`.
pub fn run(cx: &mut Context) -> Result<ExitCode, Failure> {
    let mut db = cx.connect()?;
    let current = cx.current(&mut db)?;
    let verbose = cx.global.verbose;
    if verbose {
        println!("Current revision(s) for {}:", mask_password(&cx.url()?));
    }
    for id in &current {
        let Some(rev) = cx.map.get(id) else { continue };
        if verbose {
            println!("{}", long(&cx.map, rev, &[]));
        } else {
            let line = Line {
                tree: true,
                ..Line::default()
            };
            println!("{}", short(&cx.map, rev, line, &[]));
        }
    }
    Ok(ExitCode::SUCCESS)
}
