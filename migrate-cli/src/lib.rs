//! # migrate-cli
//!
//! The `migrate` command line. A project's `src/bin/migrate.rs` is one line:
//!
//! ```ignore
//! migrate_cli::main!(myapp);
//! ```
//!
//! where `myapp` is the crate that holds the `#[derive(Model)]` structs (a
//! crate that nothing names is not linked, and its models would silently be
//! missing). The macro also compiles the project's revision files in (see
//! `migrate_core::embed_revisions!`) and gives the binary the commands of
//! Alembic: `init`, `revision [--autogenerate]`, `upgrade`, `downgrade`,
//! `current`, `history`, `heads`, `branches`, `show`, `stamp`, `merge` and
//! `check`.
//!
//! Exit codes: `0` success; `1` `check` found differences; `2` an error
//! (bad command line, configuration, URL, database, revision).

mod cli;
mod commands;
mod config;
mod error;
pub mod graph;
mod output;
mod project;

pub use error::Failure;

use std::ffi::OsString;
use std::process::ExitCode;

/// What `main!` knows at compile time about the binary it builds.
#[derive(Debug, Clone, Copy)]
pub struct Build {
    /// The crate that holds the models (the `main!` argument).
    pub models_crate: &'static str,
    /// `CARGO_MANIFEST_DIR` of the package that holds the binary.
    pub manifest_dir: &'static str,
    /// The folder the revision files were compiled from.
    pub versions_dir: &'static str,
}

/// Runs the command line given by the process arguments; what `main!`
/// calls.
pub fn run(build: Build) -> ExitCode {
    run_from(build, std::env::args_os())
}

/// Runs the command line `args` (the first item is the program name).
pub fn run_from<I, T>(build: Build, args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match <cli::Cli as clap::Parser>::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp
                | clap::error::ErrorKind::DisplayVersion
                | clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    if e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
                    {
                        ExitCode::from(2)
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                _ => ExitCode::from(2),
            };
        }
    };
    match commands::dispatch(build, cli) {
        Ok(code) => code,
        Err(failure) => {
            eprintln!("{failure}");
            ExitCode::from(2)
        }
    }
}

/// The whole of a project's `src/bin/migrate.rs`:
///
/// ```ignore
/// migrate_cli::main!(myapp);
/// ```
///
/// `myapp` names the crate whose `#[derive(Model)]` structs autogenerate
/// compares with the database. The revision files under the configured
/// `script_location` are compiled in.
#[macro_export]
macro_rules! main {
    ($models:ident) => {
        use $models as _;

        ::migrate_cli::__private::embed_revisions!();

        fn main() -> ::std::process::ExitCode {
            ::migrate_cli::run(::migrate_cli::Build {
                models_crate: ::core::stringify!($models),
                manifest_dir: ::core::env!("CARGO_MANIFEST_DIR"),
                versions_dir: __migrate_revisions::VERSIONS_DIR,
            })
        }
    };
}

/// Not public API: what `main!` expands to.
#[doc(hidden)]
pub mod __private {
    pub use migrate_core::embed_revisions;
}
