//! `migrate downgrade TARGET [--sql]`.

use super::Context;
use crate::cli::DowngradeArgs;
use crate::error::Failure;
use migrate_core::revision::Direction;
use std::process::ExitCode;

/// Runs `downgrade`.
pub fn run(cx: &mut Context, args: DowngradeArgs) -> Result<ExitCode, Failure> {
    super::upgrade::migrate(cx, Direction::Downgrade, &args.target, args.sql)
}
