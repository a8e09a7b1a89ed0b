//! The shop application. At start-up it brings its database to the newest
//! revision with the revisions compiled into it (as Diesel's
//! `embed_migrations!` and `sqlx::migrate!` do), then works with it.
//!
//! `cargo run -p shop` uses `sqlite://shop.db`; set `DATABASE_URL` for
//! another database, e.g. `postgres://user:password@localhost/shop`.

use migrate_core::runner::{Runner, RunnerConfig};
use migrate_core::{Database, revision::RevisionMap};
use std::process::ExitCode;

// The revision files of migrations/versions, compiled in.
migrate_core::embed_revisions!();

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> migrate_core::Result<()> {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite://shop.db".into());
    let mut db = Database::connect(&url)?;
    let map = RevisionMap::load()?;
    let steps = Runner::new(&mut db, &map)
        .config(RunnerConfig::default())
        .upgrade("heads")?;
    if steps.is_empty() {
        println!("{} is up to date.", migrate_core::url::mask_password(&url));
    } else {
        println!("Applied {} revision(s).", steps.len());
    }
    report(&mut db)
}

fn report(db: &mut Database) -> migrate_core::Result<()> {
    let names: Vec<String> = match db {
        Database::Sqlite(conn) => {
            let mut s = conn.prepare("SELECT display_name FROM customer ORDER BY id")?;
            s.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?
        }
        Database::Postgres(client) => client
            .query("SELECT display_name FROM customer ORDER BY id", &[])?
            .iter()
            .map(|r| r.get(0))
            .collect(),
    };
    println!("Customers: {}", names.join(", "));
    Ok(())
}
