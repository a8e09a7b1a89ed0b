//! The `migrate` binary of a throwaway user project, driven as a user
//! drives it: init -> autogenerate -> upgrade -> change a model ->
//! autogenerate -> upgrade -> check -> downgrade -1 -> downgrade base, on
//! SQLite and PostgreSQL, with the database checked through its own catalog
//! after each step; branches and merges through git; a stale binary; and
//! every bad input a user can give.

use migrate_tests::project::{Project, Run};
use migrate_tests::{fresh_postgres, fresh_sqlite, in_ci, skip};

const MODELS_V1: &str = r#"
use migrate_core::Model;

/// A team.
#[derive(Model)]
pub struct Team {
    #[model(primary_key)]
    pub id: i64,
    #[model(max_length = 80, unique)]
    pub name: String,
}
"#;

const MODELS_V2: &str = r#"
use migrate_core::Model;

/// A team.
#[derive(Model)]
pub struct Team {
    #[model(primary_key)]
    pub id: i64,
    #[model(max_length = 80, unique)]
    pub name: String,
    pub motto: Option<String>,
}

#[derive(Model)]
#[model(index(name = "player_name_idx", columns("name")))]
pub struct Player {
    #[model(primary_key)]
    pub id: i64,
    pub name: String,
    #[model(references = "team.id", on_delete = "cascade")]
    pub team_id: i64,
}
"#;

/// Reads a database through its own catalog, not through migrate.
trait Catalog {
    /// The user tables, sorted.
    fn tables(&mut self) -> Vec<String>;
    /// The columns of a table, in order.
    fn columns(&mut self, table: &str) -> Vec<String>;
    /// The rows of the version table, sorted.
    fn versions(&mut self) -> Vec<String>;
    /// Runs a statement.
    fn execute(&mut self, sql: &str);
}

struct SqliteCatalog(String);

impl SqliteCatalog {
    fn conn(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.0).unwrap()
    }
}

impl Catalog for SqliteCatalog {
    fn tables(&mut self) -> Vec<String> {
        let c = self.conn();
        let mut s = c
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }
    fn columns(&mut self, table: &str) -> Vec<String> {
        let c = self.conn();
        let mut s = c
            .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
            .unwrap();
        s.query_map([table], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }
    fn versions(&mut self) -> Vec<String> {
        let c = self.conn();
        let mut s = c
            .prepare("SELECT version_num FROM migrate_version ORDER BY 1")
            .unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }
    fn execute(&mut self, sql: &str) {
        self.conn().execute_batch(sql).unwrap();
    }
}

struct PgCatalog(postgres::Client);

impl Catalog for PgCatalog {
    fn tables(&mut self) -> Vec<String> {
        self.0
            .query("SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1", &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
    }
    fn columns(&mut self, table: &str) -> Vec<String> {
        self.0
            .query("SELECT column_name::text FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position", &[&table])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
    }
    fn versions(&mut self) -> Vec<String> {
        self.0
            .query(
                "SELECT version_num::text FROM migrate_version ORDER BY 1",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
    }
    fn execute(&mut self, sql: &str) {
        self.0.batch_execute(sql).unwrap();
    }
}

fn pg_catalog(url: &str) -> PgCatalog {
    PgCatalog(postgres::Client::connect(url, postgres::NoTls).unwrap())
}

/// The id of the revision file that `revision` just wrote.
fn new_revision(project: &Project, before: &[String]) -> (String, String) {
    let files = project.revision_files();
    let new: Vec<&String> = files.iter().filter(|f| !before.contains(f)).collect();
    assert_eq!(new.len(), 1, "expected one new revision file: {files:?}");
    let id = new[0].split(['_', '.']).next().unwrap().to_string();
    (id, new[0].clone())
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

const BOOKKEEPING: [&str; 2] = ["migrate_history", "migrate_version"];

fn tutorial(name: &str, url: &str, catalog: &mut dyn Catalog) {
    let mut p = Project::new(name, MODELS_V1);
    p.migrate(&["init"]).ok();
    for file in ["migrate.toml", "migrations/script.rs.tmpl", "build.rs"] {
        assert!(p.root.join(file).is_file(), "init wrote no {file}");
    }
    assert!(p.root.join("migrations/versions").is_dir());
    let again = p.migrate(&["init"]).code(2);
    assert!(again.stderr.contains("already exists"), "{again:?}");
    p.env("DATABASE_URL", url);

    // First revision, autogenerated.
    let run = p
        .migrate(&["revision", "--autogenerate", "-m", "create team"])
        .ok();
    assert!(run.all().contains("Detected added table 'team'"), "{run:?}");
    let (rev1, file1) = new_revision(&p, &[]);
    assert!(file1.ends_with("_create_team.rs"), "{file1}");
    let text = p.read(&format!("migrations/versions/{file1}"));
    assert!(text.contains(&format!("id: \"{rev1}\"")), "{text}");
    assert!(text.contains("down_revision: None"), "{text}");
    assert!(catalog.tables().is_empty() || catalog.tables() == BOOKKEEPING);

    // Upgrade: the next build compiles the new file in without any edit.
    let run = p.migrate(&["upgrade", "head"]).ok();
    assert!(
        run.stderr
            .contains(&format!("Running upgrade  -> {rev1}, create team")),
        "{run:?}"
    );
    let mut tables = strs(&BOOKKEEPING);
    tables.push("team".into());
    tables.sort();
    assert_eq!(catalog.tables(), tables);
    assert_eq!(catalog.columns("team"), strs(&["id", "name"]));
    assert_eq!(catalog.versions(), vec![rev1.clone()]);
    let run = p.migrate(&["current"]).ok();
    assert_eq!(run.stdout.trim(), format!("{rev1} (head)"));

    // Nothing changed: no file.
    let run = p
        .migrate(&["revision", "--autogenerate", "-m", "nothing"])
        .ok();
    assert!(
        run.all().contains("No changes in schema detected."),
        "{run:?}"
    );
    assert_eq!(p.revision_files().len(), 1);

    // Change the models.
    p.write("src/lib.rs", MODELS_V2);
    let before = p.revision_files();
    let run = p
        .migrate(&["revision", "--autogenerate", "-m", "add player"])
        .ok();
    let out = run.all();
    assert!(out.contains("Detected added table 'player'"), "{out}");
    assert!(out.contains("Detected added column 'team.motto'"), "{out}");
    let (rev2, _) = new_revision(&p, &before);
    let run = p.migrate(&["upgrade"]).ok();
    assert!(
        run.stderr
            .contains(&format!("Running upgrade {rev1} -> {rev2}, add player")),
        "{run:?}"
    );
    assert_eq!(catalog.columns("team"), strs(&["id", "name", "motto"]));
    assert_eq!(catalog.columns("player"), strs(&["id", "name", "team_id"]));
    assert_eq!(catalog.versions(), vec![rev2.clone()]);

    // check: in agreement, then not.
    let run = p.migrate(&["check"]).ok();
    assert!(
        run.all().contains("No new upgrade operations detected."),
        "{run:?}"
    );
    p.write(
        "src/lib.rs",
        &MODELS_V2.replace(
            "pub motto: Option<String>,",
            "pub motto: Option<String>,\n    pub city: Option<String>,",
        ),
    );
    let run = p.migrate(&["check"]).code(1);
    assert!(
        run.stdout.contains("Detected added column 'team.city'"),
        "{run:?}"
    );
    assert!(run.stdout.contains("FAILED"), "{run:?}");
    p.write("src/lib.rs", MODELS_V2);

    let run = p.migrate(&["history"]).ok();
    assert_eq!(
        run.stdout,
        format!("{rev1} -> {rev2} (head), add player\n<base> -> {rev1}, create team\n")
    );

    // Downgrade one step, then to base.
    let run = p.migrate(&["downgrade", "-1"]).ok();
    assert!(
        run.stderr
            .contains(&format!("Running downgrade {rev2} -> {rev1}, add player")),
        "{run:?}"
    );
    assert!(!catalog.tables().contains(&"player".to_string()));
    assert_eq!(catalog.columns("team"), strs(&["id", "name"]));
    assert_eq!(catalog.versions(), vec![rev1.clone()]);
    let run = p.migrate(&["downgrade", "base"]).ok();
    assert!(
        run.stderr
            .contains(&format!("Running downgrade {rev1} -> , create team")),
        "{run:?}"
    );
    assert_eq!(catalog.tables(), strs(&BOOKKEEPING));
    assert!(catalog.versions().is_empty());
    let run = p.migrate(&["current"]).ok();
    assert_eq!(run.stdout, "");

    // Offline SQL of the whole way up names both revisions.
    let run = p.migrate(&["upgrade", "head", "--sql"]).ok();
    assert!(run.stdout.contains("CREATE TABLE"), "{run:?}");
    assert!(run.stdout.contains(&rev2), "{run:?}");
    assert!(
        catalog.versions().is_empty(),
        "--sql must not touch the database"
    );
}

#[test]
fn tutorial_on_sqlite() {
    let (dir, url, _db) = fresh_sqlite();
    let mut catalog = SqliteCatalog(dir.path().join("test.db").display().to_string());
    tutorial("tutorial_sqlite", &url, &mut catalog);
}

#[test]
fn tutorial_on_postgres() {
    let Some((url, _db)) = fresh_postgres() else {
        return;
    };
    let mut catalog = pg_catalog(&url);
    tutorial("tutorial_postgres", &url, &mut catalog);
}

fn git(p: &Project, args: &[&str]) -> Run {
    let output = std::process::Command::new("git")
        .current_dir(&p.root)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .expect("git");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert_eq!(run.code, 0, "git {args:?}: {run:?}");
    run
}

/// Two git branches each add a revision; they merge without a conflict;
/// the graph then has two heads until `merge`; a file that arrives by git
/// is compiled in by the next build, and a binary built before it says so.
#[test]
fn branches_merge_through_git_and_stale_binaries() {
    let (_dir, url, _db) = fresh_sqlite();
    let mut p = Project::new("branches", MODELS_V1);
    p.env("DATABASE_URL", &url);
    p.migrate(&["init", "-q"]).ok();
    p.migrate(&["revision", "-m", "base", "--rev-id", "aaaa00000001"])
        .ok();
    git(&p, &["init", "-q"]);
    git(&p, &["add", "-A"]);
    git(&p, &["commit", "-qm", "base"]);
    git(&p, &["checkout", "-qb", "feature_a"]);
    p.migrate(&["revision", "-m", "feature a", "--rev-id", "bbbb00000001"])
        .ok();
    git(&p, &["add", "-A"]);
    git(&p, &["commit", "-qm", "a"]);
    git(&p, &["checkout", "-q", "main"]);
    p.migrate(&["revision", "-m", "feature b", "--rev-id", "cccc00000001"])
        .ok();
    git(&p, &["add", "-A"]);
    git(&p, &["commit", "-qm", "b"]);
    // No shared index file: the merge has no conflict.
    git(&p, &["merge", "-q", "--no-edit", "feature_a"]);

    let run = p.migrate(&["heads"]).ok();
    assert_eq!(run.stdout, "bbbb00000001 (head)\ncccc00000001 (head)\n");
    let run = p.migrate(&["upgrade", "head"]).code(2);
    assert!(run.stderr.contains("Multiple head revisions"), "{run:?}");
    assert!(run.stderr.contains("hint:"), "{run:?}");
    let run = p.migrate(&["check"]).code(1);
    assert!(run.stdout.contains("Multiple heads"), "{run:?}");
    let run = p.migrate(&["branches"]).ok();
    assert!(
        run.stdout.starts_with("aaaa00000001 (branchpoint)\n"),
        "{run:?}"
    );

    p.migrate(&[
        "merge",
        "heads",
        "-m",
        "merge a and b",
        "--rev-id",
        "dddd00000001",
    ])
    .ok();
    let merge = p.read(
        &p.revision_files()
            .into_iter()
            .find(|f| f.starts_with("dddd"))
            .map(|f| format!("migrations/versions/{f}"))
            .unwrap(),
    );
    assert!(
        merge.contains(r#"down_revision: ["bbbb00000001", "cccc00000001"]"#),
        "{merge}"
    );
    let run = p.migrate(&["history"]).ok();
    assert_eq!(
        run.stdout,
        "bbbb00000001, cccc00000001 -> dddd00000001 (head) (mergepoint), merge a and b\n\
         aaaa00000001 -> bbbb00000001, feature a\n\
         aaaa00000001 -> cccc00000001, feature b\n\
         <base> -> aaaa00000001 (branchpoint), base\n"
    );
    let run = p.migrate(&["upgrade", "head"]).ok();
    assert_eq!(run.stderr.matches("Running upgrade").count(), 4, "{run:?}");
    let run = p.migrate(&["current"]).ok();
    assert_eq!(run.stdout, "dddd00000001 (head) (mergepoint)\n");
    let run = p.migrate(&["history", "--graph"]).ok();
    assert!(run.stdout.contains("dddd00000001"), "{run:?}");
    let run = p.migrate(&["history", "--dot"]).ok();
    assert!(run.stdout.starts_with("digraph"), "{run:?}");

    // A revision file arrives (as by `git pull`): the old binary refuses.
    let pulled = r#"//! pulled

use migrate_core::revision::prelude::*;

revision! {
    id: "eeee00000001",
    down_revision: "dddd00000001",
    branch_labels: [],
    depends_on: [],
    message: "pulled",
}

pub fn upgrade(op: &mut Op) -> Result<()> {
    op.execute("CREATE TABLE pulled (id INTEGER)")?;
    Ok(())
}

pub fn downgrade(op: &mut Op) -> Result<()> {
    op.drop_table("pulled")?;
    Ok(())
}
"#;
    p.write("migrations/versions/eeee00000001_pulled.rs", pulled);
    let run = p.bin(&["upgrade", "head"]).code(2);
    assert!(
        run.stderr
            .contains("not compiled in: eeee00000001_pulled.rs"),
        "{run:?}"
    );
    assert!(run.stderr.contains("hint: rebuild"), "{run:?}");
    // Changed after the build: also refused.
    let run = p.migrate(&["heads"]).ok();
    assert_eq!(run.stdout, "eeee00000001 (head)\n");
    p.write(
        "migrations/versions/eeee00000001_pulled.rs",
        &pulled.replace("pulled (id", "pulled2 (id"),
    );
    let run = p.bin(&["current"]).code(2);
    assert!(
        run.stderr
            .contains("changed since the build: eeee00000001_pulled.rs"),
        "{run:?}"
    );
    let run = p.migrate(&["upgrade", "head"]).ok();
    assert!(
        run.stderr
            .contains("Running upgrade dddd00000001 -> eeee00000001, pulled"),
        "{run:?}"
    );
}

/// Every bad input gets one line, a hint where one helps, exit 2, and
/// leaves the database as it was.
#[test]
fn bad_inputs_on_sqlite() {
    let (dir, url, _db) = fresh_sqlite();
    let mut catalog = SqliteCatalog(dir.path().join("test.db").display().to_string());
    let mut p = Project::new("bad_inputs", MODELS_V1);

    // No configuration and no URL.
    let run = p.migrate(&["current"]).code(2);
    assert!(
        run.stderr.starts_with("error: no migrate.toml in "),
        "{run:?}"
    );
    assert!(run.stderr.contains("hint: run `migrate init`"), "{run:?}");
    let run = p.bin(&["-c", "nowhere.toml", "history"]).code(2);
    assert!(run.stderr.contains("cannot read nowhere.toml"), "{run:?}");

    p.bin(&["init", "-q"]).ok();
    // No URL anywhere: the initial file names sqlite://app.db; remove it.
    let config = p.read("migrate.toml");
    p.write(
        "migrate.toml",
        &config.replace("url = \"sqlite://app.db\"", ""),
    );
    let run = p.bin(&["current"]).code(2);
    assert!(run.stderr.contains("error: no database URL"), "{run:?}");
    assert!(run.stderr.contains("DATABASE_URL"), "{run:?}");
    p.write(
        "migrate.toml",
        &config.replace("version_table", "versoin_table"),
    );
    let run = p.bin(&["current"]).code(2);
    assert!(
        run.stderr.contains("unknown field `versoin_table`"),
        "{run:?}"
    );
    assert_eq!(run.stderr.lines().count(), 2, "{run:?}");
    p.write("migrate.toml", &config);

    // Bad and unreachable URLs; the password never shows.
    let run = p
        .bin(&["current", "--url", "mysql://u:secret@localhost/db"])
        .code(2);
    assert!(run.stderr.contains("unsupported scheme `mysql`"), "{run:?}");
    assert!(!run.all().contains("secret"), "{run:?}");
    let run = p
        .bin(&["--url", "postgres://u:secret@127.0.0.1:1/db", "upgrade"])
        .code(2);
    assert!(
        run.stderr.contains("cannot connect to postgres://u:"),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("hint: check that the server is running"),
        "{run:?}"
    );
    assert!(!run.all().contains("secret"), "{run:?}");
    let run = p
        .bin(&["current", "--url", "sqlite:///nonexistent-dir/x/app.db"])
        .code(2);
    assert!(run.stderr.contains("cannot connect"), "{run:?}");

    p.env("DATABASE_URL", &url);
    p.migrate(&[
        "revision",
        "--autogenerate",
        "-m",
        "one",
        "--rev-id",
        "abc100000000",
    ])
    .ok();
    p.migrate(&["upgrade"]).ok();

    // Unknown and ambiguous revisions.
    let run = p.bin(&["upgrade", "ffff12345678"]).code(2);
    assert!(
        run.stderr
            .contains("Can't locate revision identified by 'ffff12345678'"),
        "{run:?}"
    );
    p.migrate(&["revision", "-m", "two", "--rev-id", "abc200000000"])
        .ok();
    let run = p.migrate(&["show", "abc"]).code(2);
    assert!(
        run.stderr.contains("Multiple revisions start with 'abc'"),
        "{run:?}"
    );
    let run = p.bin(&["show", "abc2"]).ok();
    assert!(
        run.stdout
            .starts_with("Rev: abc200000000 (head)\nParent: abc100000000\n"),
        "{run:?}"
    );
    let run = p.bin(&["revision", "-m", "x", "--head", "abc1"]).code(2);
    assert!(
        run.stderr
            .contains("is not a head revision; please specify --splice"),
        "{run:?}"
    );
    let run = p
        .bin(&["revision", "-m", "x", "--rev-id", "abc100000000"])
        .code(2);
    assert!(run.stderr.contains("already present"), "{run:?}");
    let run = p.bin(&["downgrade"]).code(2);
    assert!(run.stderr.contains("TARGET"), "{run:?}");

    // autogenerate needs the database at the head.
    let run = p.bin(&["revision", "--autogenerate", "-m", "x"]).code(2);
    assert!(
        run.stderr.contains("Target database is not up to date"),
        "{run:?}"
    );
    let files = p.revision_files().len();

    // A failing revision: named, with its statement; nothing of it stays.
    p.write(
        "migrations/versions/abc300000000_fails.rs",
        r#"use migrate_core::revision::prelude::*;

revision! {
    id: "abc300000000",
    down_revision: "abc200000000",
    branch_labels: [],
    depends_on: [],
    message: "fails",
}

pub fn upgrade(op: &mut Op) -> Result<()> {
    op.execute("CREATE TABLE half (id INTEGER)")?;
    op.execute("INSERT INTO missing_table VALUES (1)")?;
    Ok(())
}

pub fn downgrade(op: &mut Op) -> Result<()> {
    op.drop_table("half")?;
    Ok(())
}
"#,
    );
    let run = p.migrate(&["upgrade"]).code(2);
    assert!(
        run.stderr.contains("revision abc300000000 (fails) failed"),
        "{run:?}"
    );
    assert!(run.stderr.contains("INSERT INTO missing_table"), "{run:?}");
    assert!(!catalog.tables().contains(&"half".to_string()));
    assert_eq!(catalog.versions(), strs(&["abc200000000"]));
    std::fs::remove_file(p.root.join("migrations/versions/abc300000000_fails.rs")).unwrap();
    assert_eq!(p.revision_files().len(), files);

    // A version row naming a revision no file has.
    catalog.execute("UPDATE migrate_version SET version_num = 'deadbeef0000'");
    let run = p.migrate(&["current"]).code(2);
    assert!(run.stderr.contains("'deadbeef0000'"), "{run:?}");
    assert!(run.stderr.contains("hint:"), "{run:?}");
    let run = p.bin(&["upgrade"]).code(2);
    assert!(run.stderr.contains("deadbeef0000"), "{run:?}");
    p.bin(&["stamp", "--purge", "abc200000000"]).ok();
    assert_eq!(catalog.versions(), strs(&["abc200000000"]));

    // Checksums: every step is recorded with its file's checksum; an
    // applied revision whose file changed is a warning, or with
    // strict_checksums an error that runs nothing.
    let first = p
        .revision_files()
        .into_iter()
        .find(|f| f.starts_with("abc1"))
        .map(|f| format!("migrations/versions/{f}"))
        .unwrap();
    let conn = rusqlite::Connection::open(dir.path().join("test.db")).unwrap();
    let recorded: String = conn
        .query_row(
            "SELECT checksum FROM migrate_history WHERE revision = 'abc100000000' AND direction = 'upgrade'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(recorded, migrate_core::runner::checksum(&p.read(&first)));
    let text = p.read(&first);
    p.write(
        &first,
        &text.replace(
            "pub fn downgrade",
            "// edited after it ran
pub fn downgrade",
        ),
    );
    let run = p.migrate(&["upgrade"]).ok();
    assert!(
        run.stderr
            .contains("warning: revision abc100000000 was changed after it was applied"),
        "{run:?}"
    );
    p.write(
        "migrate.toml",
        &format!("{config}\nstrict_checksums = true\n").replace("strict_checksums = false\n", ""),
    );
    let run = p.bin(&["upgrade"]).code(2);
    assert!(
        run.stderr
            .contains("error: revision abc100000000 was changed after it was applied"),
        "{run:?}"
    );
    p.write("migrate.toml", &config);
    p.write(&first, &text);
    p.migrate(&["current"]).ok();

    // Bad command lines: clap's message and exit 2.
    let run = p.bin(&["upgrade", "--nope"]).code(2);
    assert!(run.stderr.contains("--nope"), "{run:?}");
    let run = p.bin(&["frobnicate"]).code(2);
    assert!(run.stderr.contains("frobnicate"), "{run:?}");
    for command in [
        "init",
        "revision",
        "upgrade",
        "downgrade",
        "current",
        "history",
        "heads",
        "branches",
        "show",
        "stamp",
        "merge",
        "check",
    ] {
        let run = p.bin(&[command, "--help"]).ok();
        assert!(run.stdout.contains("Usage: migrate"), "{command}: {run:?}");
    }
    // Global options after the command, too.
    p.bin(&["history", "-q", "-c", "migrate.toml"]).ok();
}

/// With no model linked, autogenerate refuses instead of dropping every
/// table.
#[test]
fn autogenerate_refuses_without_models() {
    let (_dir, url, mut db) = fresh_sqlite();
    db.execute("CREATE TABLE precious (id INTEGER)").unwrap();
    let mut p = Project::new("no_models", "//! No models here.\n");
    p.env("DATABASE_URL", &url);
    p.migrate(&["init", "-q"]).ok();
    let run = p
        .migrate(&["revision", "--autogenerate", "-m", "oops"])
        .code(2);
    assert!(run.stderr.contains("no models are registered"), "{run:?}");
    assert!(
        run.stderr.contains("migrate_cli::main!(<crate>)"),
        "{run:?}"
    );
    assert!(p.revision_files().is_empty());
}

/// A wrong password is one line naming the user, with the password masked.
#[test]
fn wrong_password_on_postgres() {
    let Some((url, mut db)) = fresh_postgres() else {
        return;
    };
    let _ = db.execute("DROP ROLE IF EXISTS migrate_password_user");
    let _ = db.execute("CREATE ROLE migrate_password_user LOGIN PASSWORD 'right-one'");
    let bad = {
        let rest = url.split_once("://").unwrap().1;
        let host = rest.split_once('@').map_or(rest, |(_, h)| h);
        format!("postgres://migrate_password_user:wrong-one@{host}")
    };
    if postgres::Client::connect(&bad, postgres::NoTls).is_ok() {
        let message =
            "the server does not ask migrate_password_user for a password (see scripts/test.sh)";
        assert!(!in_ci(), "{message}");
        skip(message);
        return;
    }
    let p = Project::new("wrong_password", MODELS_V1);
    p.migrate(&["init", "-q"]).ok();
    let run = p.bin(&["current", "--url", &bad]).code(2);
    assert!(
        run.stderr.contains("password authentication failed"),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("hint: check the user name and password"),
        "{run:?}"
    );
    assert!(!run.all().contains("wrong-one"), "{run:?}");
}

/// The example application: its revisions (a branch, its merge, a data
/// migration in Rust) run at start-up on SQLite and PostgreSQL, and its
/// `migrate` binary agrees that models and database match.
#[test]
fn the_shop_example() {
    let root = migrate_tests::project::workspace_root().join("examples/shop");
    let mut shop = Project::existing(root, "shop");
    shop.build();
    let work = tempfile::tempdir().unwrap();

    // SQLite, the default: sqlite://shop.db in the current folder.
    let run = shop.run_in("shop", work.path(), &[]).ok();
    assert!(run.stdout.contains("Applied 5 revision(s)."), "{run:?}");
    assert!(
        run.stdout.contains("Customers: Ada L., Grace H."),
        "{run:?}"
    );
    assert!(
        run.stderr.contains(
            "Running upgrade 596dcfca15ab, 81234a6ec19c -> 45d6864ba1b4, merge price and orders"
        ),
        "{run:?}"
    );
    let run = shop.run_in("shop", work.path(), &[]).ok();
    assert!(
        run.stdout.contains("sqlite://shop.db is up to date."),
        "{run:?}"
    );
    let run = shop.run_in("migrate", work.path(), &["check"]).ok();
    assert!(
        run.stderr.contains("No new upgrade operations detected."),
        "{run:?}"
    );
    let run = shop.run_in("migrate", work.path(), &["history"]).ok();
    assert_eq!(run.stdout.lines().count(), 5, "{run:?}");
    // The data migration needs the connection: no offline SQL for it, but
    // for everything before it.
    let run = shop
        .run_in("migrate", work.path(), &["upgrade", "--sql"])
        .code(2);
    assert!(run.stderr.contains("live connection"), "{run:?}");
    let run = shop
        .run_in(
            "migrate",
            work.path(),
            &["upgrade", "45d6864ba1b4", "--sql"],
        )
        .ok();
    assert!(run.stdout.contains("CREATE TABLE \"order\""), "{run:?}");
    assert!(
        run.stdout.contains("'Ada'"),
        "bulk_insert rows are literals: {run:?}"
    );

    // PostgreSQL, through DATABASE_URL.
    let Some((url, _db)) = fresh_postgres() else {
        return;
    };
    shop.env("DATABASE_URL", &url);
    let run = shop.run_in("shop", work.path(), &[]).ok();
    assert!(
        run.stdout.contains("Customers: Ada L., Grace H."),
        "{run:?}"
    );
    let run = shop.run_in("migrate", work.path(), &["check"]).ok();
    assert!(
        run.stderr.contains("No new upgrade operations detected."),
        "{run:?}"
    );
    let run = shop
        .run_in("migrate", work.path(), &["downgrade", "base"])
        .ok();
    assert_eq!(
        run.stderr.matches("Running downgrade").count(),
        5,
        "{run:?}"
    );
    let mut catalog = pg_catalog(&url);
    assert_eq!(catalog.tables(), strs(&BOOKKEEPING));
}
