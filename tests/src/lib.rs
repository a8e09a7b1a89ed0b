//! Support for the end-to-end tests: throwaway databases.
//!
//! PostgreSQL tests read the server URL from `MIGRATE_TEST_POSTGRES_URL`
//! (`scripts/test.sh` starts a throwaway server and sets it). Each test gets
//! a database of its own on that server, since tests run in parallel:
//!
//! ```no_run
//! use migrate_tests::fresh_postgres;
//!
//! let Some((url, mut db)) = fresh_postgres() else { return };
//! db.execute("CREATE TABLE t (id integer)").unwrap();
//! # let _ = url;
//! ```
//!
//! Without a server a test skips, printing a line that says so, except
//! under `CI=true`, where it fails: tests that need PostgreSQL never skip
//! in CI.

pub mod models;
pub mod project;

use migrate_core::Database;
use std::io::Write;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The environment variable holding the PostgreSQL server URL for tests.
pub const POSTGRES_URL_VAR: &str = "MIGRATE_TEST_POSTGRES_URL";

/// The line printed when a test skips for want of a server.
pub const SKIP_MESSAGE: &str =
    "skipped: no PostgreSQL (set MIGRATE_TEST_POSTGRES_URL or run scripts/test.sh)";

/// True when running under CI (`CI=true` or `CI=1`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// The URL of the test PostgreSQL server, from `MIGRATE_TEST_POSTGRES_URL`,
/// once it has been checked to answer (checked once per process).
///
/// `None` when the variable is missing or empty, or the server cannot be
/// reached.
///
/// # Panics
///
/// Under `CI=true`, instead of returning `None`, with a message that says
/// what is missing.
pub fn postgres_url() -> Option<String> {
    static URL: OnceLock<Result<String, String>> = OnceLock::new();
    let checked = URL.get_or_init(|| {
        let url = std::env::var(POSTGRES_URL_VAR)
            .ok()
            .filter(|u| !u.trim().is_empty())
            .ok_or_else(|| format!("{POSTGRES_URL_VAR} is not set"))?;
        match Database::connect(&url) {
            Ok(_) => Ok(url),
            Err(e) => Err(format!(
                "the server in {POSTGRES_URL_VAR} does not answer: {e}"
            )),
        }
    });
    match checked {
        Ok(url) => Some(url.clone()),
        Err(reason) if in_ci() => panic!(
            "PostgreSQL is required under CI=true, but {reason}; \
             run the tests through scripts/test.sh, which starts a server"
        ),
        Err(_) => None,
    }
}

/// A new, empty database on the test server, and a connection to it.
///
/// The database is called `migrate_test_<pid>_<run>_<n>` (`<run>` from the
/// clock at the first call), unique on the server; it is left there (the throwaway server
/// of `scripts/test.sh` goes away as a whole). `None` when there is no
/// server (see [`postgres_url`]), after printing a "skipped" line that the
/// test harness does not capture.
///
/// # Panics
///
/// When the database cannot be created or connected to, and under
/// `CI=true` when there is no server.
pub fn fresh_postgres() -> Option<(String, Database)> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let Some(server) = postgres_url() else {
        skip(SKIP_MESSAGE);
        return None;
    };
    // The pid alone could repeat across machines that share a server.
    static RUN: OnceLock<u32> = OnceLock::new();
    let run = RUN.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos() ^ d.as_secs() as u32)
    });
    let name = format!(
        "migrate_test_{}_{run:08x}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    let url = create_postgres_database(&server, &name);
    let db = Database::connect(&url).unwrap_or_else(|e| panic!("{e}"));
    Some((url, db))
}

/// Creates (after dropping any old one) the database `name` on the server
/// at `server` and returns its URL.
///
/// # Panics
///
/// When the server refuses.
pub fn create_postgres_database(server: &str, name: &str) -> String {
    let mut admin = Database::connect(server)
        .unwrap_or_else(|e| panic!("cannot connect to the test server: {e}"));
    admin
        .execute(&format!("DROP DATABASE IF EXISTS \"{name}\""))
        .unwrap_or_else(|e| panic!("{e}"));
    // Concurrent CREATE DATABASE can fail while another session copies the
    // template; try again a few times.
    let mut attempt = 0;
    loop {
        match admin.execute(&format!("CREATE DATABASE \"{name}\"")) {
            Ok(()) => break,
            Err(e) if attempt < 5 && e.to_string().contains("being accessed by other users") => {
                attempt += 1;
                std::thread::sleep(std::time::Duration::from_millis(100 * attempt));
            }
            Err(e) => panic!("cannot create test database {name}: {e}"),
        }
    }
    with_database(server, name)
}

/// `url` with its database name replaced by `database`
/// (`postgres://u@h:5432/postgres?x=1` -> `postgres://u@h:5432/<database>?x=1`).
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.find('?') {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    format!("{}/{database}{query}", &base[..path_start])
}

/// A new file-backed SQLite database in a temporary directory: the
/// directory (the database goes away with it), the URL
/// (`sqlite:///<dir>/test.db`) and a connection.
///
/// # Panics
///
/// When the directory or the database cannot be created.
pub fn fresh_sqlite() -> (tempfile::TempDir, String, Database) {
    let dir = tempfile::tempdir().expect("cannot create a temporary directory");
    let path = dir.path().join("test.db");
    let url = format!("sqlite://{}", path.display());
    let db = Database::connect(&url).unwrap_or_else(|e| panic!("{e}"));
    (dir, url, db)
}

/// Prints `message` for the current test where the test harness does not
/// capture it (straight to the process's standard error).
pub fn skip(message: &str) {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("test");
    let _ = writeln!(std::io::stderr().lock(), "{test}: {message}");
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn replaces_the_database_name() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("postgresql://u:p@h/db?sslmode=disable", "x"),
            "postgresql://u:p@h/x?sslmode=disable"
        );
        assert_eq!(with_database("postgres://h:1", "x"), "postgres://h:1/x");
    }
}
