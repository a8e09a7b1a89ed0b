//! One module per command; [`Context`] holds what they share.

mod check;
mod current;
mod downgrade;
mod history;
mod init;
mod merge;
mod revision;
mod show;
mod stamp;
mod upgrade;

use crate::Build;
use crate::cli::{Cli, Command, Global};
use crate::config::{Config, FILE_NAME, Loaded};
use crate::error::Failure;
use migrate_core::runner::{BookkeepingTables, RunnerConfig};
use migrate_core::url::{DbUrl, mask_password};
use migrate_core::{Database, Dialect, IntrospectOptions, revision::RevisionMap};
use std::path::Path;
use std::process::ExitCode;

/// Runs the parsed command line.
pub fn dispatch(build: Build, cli: Cli) -> Result<ExitCode, Failure> {
    let Cli { global, command } = cli;
    if let Command::Init(args) = &command {
        return init::run(&build, &global, args);
    }
    let needs_files = matches!(command, Command::Revision(_) | Command::Merge(_));
    let config = find_config(&build, &global, needs_files)?;
    if let Some(loaded) = &config {
        crate::project::check_not_stale(loaded, &build)?;
    }
    let map = RevisionMap::load()?;
    let mut cx = Context {
        build,
        global,
        config,
        map,
    };
    match command {
        Command::Init(_) => unreachable!("handled above"),
        Command::Revision(args) => revision::run(&mut cx, args),
        Command::Merge(args) => merge::run(&mut cx, args),
        Command::Upgrade(args) => upgrade::run(&mut cx, args),
        Command::Downgrade(args) => downgrade::run(&mut cx, args),
        Command::Current => current::run(&mut cx),
        Command::History(args) => history::history(&mut cx, args),
        Command::Heads => history::heads(&mut cx),
        Command::Branches => history::branches(&mut cx),
        Command::Show(args) => show::run(&mut cx, args),
        Command::Stamp(args) => stamp::run(&mut cx, args),
        Command::Check(args) => check::run(&mut cx, args),
    }
}

/// `-c FILE`, else `./migrate.toml`, else `migrate.toml` next to the
/// binary's `Cargo.toml`. Without any, commands that only talk to the
/// database run on the defaults (a deployed binary needs no file), given a
/// URL by `--url` or `DATABASE_URL`.
fn find_config(build: &Build, global: &Global, required: bool) -> Result<Option<Loaded>, Failure> {
    if let Some(path) = &global.config {
        return Loaded::read(Some(path)).map(Some);
    }
    if Path::new(FILE_NAME).exists() {
        return Loaded::read(None).map(Some);
    }
    let beside_manifest = Path::new(build.manifest_dir).join(FILE_NAME);
    if beside_manifest.exists() {
        return Loaded::read(Some(&beside_manifest)).map(Some);
    }
    let url_given =
        global.url.is_some() || std::env::var("DATABASE_URL").is_ok_and(|u| !u.trim().is_empty());
    if required || !url_given {
        // The error of a missing ./migrate.toml.
        return Loaded::read(None).map(Some);
    }
    Ok(None)
}

/// What every command needs.
pub struct Context {
    /// What `main!` knows.
    pub build: Build,
    /// The global options.
    pub global: Global,
    /// The configuration, when there is a file.
    pub config: Option<Loaded>,
    /// The revisions compiled in.
    pub map: RevisionMap,
}

impl Context {
    /// The configuration keys (defaults without a file).
    pub fn keys(&self) -> Config {
        self.config
            .as_ref()
            .map(|c| c.config.clone())
            .unwrap_or_default()
    }

    /// The configuration file; only commands that write files ask.
    pub fn loaded(&self) -> &Loaded {
        self.config
            .as_ref()
            .expect("commands that write files require a configuration file")
    }

    /// The database URL.
    pub fn url(&self) -> Result<String, Failure> {
        match &self.config {
            Some(c) => c.url(self.global.url.as_deref()),
            None => Loaded {
                config: Config::default(),
                path: FILE_NAME.into(),
            }
            .url(self.global.url.as_deref()),
        }
    }

    /// The dialect of the URL, without connecting.
    pub fn dialect(&self) -> Result<Dialect, Failure> {
        Ok(DbUrl::parse(&self.url()?)?.dialect())
    }

    /// Connects to the database.
    pub fn connect(&self) -> Result<Database, Failure> {
        let url = self.url()?;
        let db = Database::connect(&url)?;
        self.debug(&format!("Connected to {}", mask_password(&url)));
        Ok(db)
    }

    /// The version and history tables.
    pub fn tables(&self) -> BookkeepingTables {
        let keys = self.keys();
        BookkeepingTables {
            version: keys.version_table,
            history: keys.history_table,
        }
    }

    /// How the runner runs.
    pub fn runner_config(&self) -> RunnerConfig {
        let keys = self.keys();
        RunnerConfig {
            tables: self.tables(),
            single_transaction: keys.single_transaction,
            strict_checksums: keys.strict_checksums,
        }
    }

    /// Introspection that leaves out the bookkeeping tables.
    pub fn introspect_options(&self) -> IntrospectOptions {
        let t = self.tables();
        IntrospectOptions {
            exclude: vec![t.version, t.history],
        }
    }

    /// A progress line on standard error (not with `-q`).
    pub fn info(&self, line: &str) {
        if !self.global.quiet {
            eprintln!("{line}");
        }
    }

    /// A detail line on standard error (only with `-v`).
    pub fn debug(&self, line: &str) {
        if self.global.verbose {
            eprintln!("{line}");
        }
    }

    /// The applied heads of the database.
    pub fn current(&self, db: &mut Database) -> Result<Vec<String>, Failure> {
        let map = &self.map;
        let mut runner = migrate_core::runner::Runner::new(db, map)
            .config(self.runner_config())
            .log(|_| {});
        Ok(runner.current()?)
    }
}
