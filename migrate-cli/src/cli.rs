//! The command line: global options and one subcommand, as Alembic's.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Database migrations for Rust: compare `#[derive(Model)]` structs with a
/// database, write revision files, and apply them along a revision graph.
#[derive(Debug, Parser)]
#[command(name = "migrate", version, max_term_width = 100)]
pub struct Cli {
    /// Global options.
    #[command(flatten)]
    pub global: Global,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes, before or after its name.
#[derive(Debug, Args)]
pub struct Global {
    /// The configuration file [default: ./migrate.toml]
    #[arg(short = 'c', long = "config", global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The database URL; overrides DATABASE_URL and `url` in migrate.toml
    #[arg(long, global = true, value_name = "URL")]
    pub url: Option<String>,
    /// Print only results and errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more: full revision details, every SQL statement run
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create migrate.toml, the migrations folder and build.rs in the current directory
    Init(InitArgs),
    /// Create a new revision file
    Revision(RevisionArgs),
    /// Upgrade to a later revision
    Upgrade(UpgradeArgs),
    /// Revert to a previous revision
    Downgrade(DowngradeArgs),
    /// Show the current revision(s) of the database
    Current,
    /// List revisions in chronological order, newest first
    History(HistoryArgs),
    /// Show the head revisions
    Heads,
    /// Show the branch points
    Branches,
    /// Show one revision
    Show(ShowArgs),
    /// Set the version table to the given revision(s) without running any revision
    Stamp(StampArgs),
    /// Merge two or more revisions together; creates a new revision file
    Merge(MergeArgs),
    /// Fail (exit 1) when the models differ from the database at head, or there are several heads
    Check(CheckArgs),
}

/// `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder for revision files and the template
    #[arg(default_value = "migrations")]
    pub directory: PathBuf,
}

/// `revision`.
#[derive(Debug, Args)]
pub struct RevisionArgs {
    /// The message of the revision
    #[arg(short, long)]
    pub message: Option<String>,
    /// Fill the revision with the operations that bring the database to the models
    #[arg(long)]
    pub autogenerate: bool,
    /// The parent revision(s) of the new revision
    #[arg(long, default_value = "head", value_name = "REV")]
    pub head: String,
    /// Allow a parent that is not a head (start a new branch from it)
    #[arg(long)]
    pub splice: bool,
    /// A branch label for the new revision
    #[arg(long, value_name = "LABEL")]
    pub branch_label: Vec<String>,
    /// A revision or branch label the new revision depends on
    #[arg(long, value_name = "REV")]
    pub depends_on: Vec<String>,
    /// The id of the new revision, instead of a random one
    #[arg(long, value_name = "ID")]
    pub rev_id: Option<String>,
}

/// `upgrade`.
#[derive(Debug, Args)]
pub struct UpgradeArgs {
    /// head, heads, an id or prefix, +N, <id>+N, <label>@head, ... [default: heads]
    #[arg(allow_hyphen_values = true, allow_negative_numbers = true)]
    pub target: Option<String>,
    /// Print the SQL instead of running it (with --sql, TARGET may be a start:end range)
    #[arg(long)]
    pub sql: bool,
}

/// `downgrade`.
#[derive(Debug, Args)]
pub struct DowngradeArgs {
    /// base, an id or prefix, -N, <id>-N, <label>@-N, ... (with --sql: start:end)
    #[arg(allow_hyphen_values = true)]
    pub target: String,
    /// Print the SQL instead of running it
    #[arg(long)]
    pub sql: bool,
}

/// `history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// A range: start:end, start:, :end (ids, prefixes, -N, current, heads)
    #[arg(
        short = 'r',
        long = "rev-range",
        value_name = "RANGE",
        allow_hyphen_values = true
    )]
    pub rev_range: Option<String>,
    /// Mark the revisions applied to the database (current)
    #[arg(short = 'i', long)]
    pub indicate_current: bool,
    /// Draw the revision graph
    #[arg(long, conflicts_with = "dot")]
    pub graph: bool,
    /// Write the revision graph as Graphviz dot
    #[arg(long)]
    pub dot: bool,
}

/// `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The revision: an id or prefix, head, <label>@head, ...
    pub rev: String,
}

/// `stamp`.
#[derive(Debug, Args)]
pub struct StampArgs {
    /// The revision(s) the version table should name
    #[arg(required = true, allow_hyphen_values = true)]
    pub revs: Vec<String>,
    /// Empty the version table first (for rows naming revisions that no file has)
    #[arg(long)]
    pub purge: bool,
    /// Print the SQL instead of running it
    #[arg(long)]
    pub sql: bool,
}

/// `merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The revisions to merge (ids, prefixes, or `heads`)
    #[arg(required = true)]
    pub revs: Vec<String>,
    /// The message of the merge revision
    #[arg(short, long)]
    pub message: Option<String>,
    /// A branch label for the merge revision
    #[arg(long, value_name = "LABEL")]
    pub branch_label: Vec<String>,
    /// The id of the merge revision, instead of a random one
    #[arg(long, value_name = "ID")]
    pub rev_id: Option<String>,
}

/// `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Do not fail when the revision graph has several heads
    #[arg(long)]
    pub allow_multiple_heads: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_targets_parse() {
        for args in [
            &["migrate", "upgrade", "-1"][..],
            &["migrate", "upgrade", "-v", "-2"][..],
            &["migrate", "downgrade", "-1"][..],
            &["migrate", "stamp", "-1"][..],
            &["migrate", "history", "-r", "-3:"][..],
        ] {
            Cli::try_parse_from(args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        }
    }
}
