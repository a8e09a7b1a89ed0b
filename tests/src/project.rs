//! A throwaway user project, built against the workspace crates, and its
//! real `migrate` binary: what the CLI tests drive.
//!
//! Every project shares one Cargo build folder (`build.build-dir`, under
//! Cargo's temporary target folder), so that the dependencies are compiled
//! once per machine; each has its own target folder for its `migrate`
//! binary, and its own package name.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// The build folder shared by all projects: `<target>/tmp/user-projects`,
/// found from the running test binary (`<target>/debug/deps/e2e-...`).
fn shared_build_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let target = exe
        .ancestors()
        .nth(3)
        .map_or_else(|| workspace_root().join("target"), Path::to_path_buf);
    target.join("tmp").join("user-projects")
}

/// A user project: `Cargo.toml`, `src/lib.rs` with the models, and
/// `src/bin/migrate.rs` with `migrate_cli::main!(<name>)`.
pub struct Project {
    /// Keeps the folder alive.
    _dir: tempfile::TempDir,
    /// The package root.
    pub root: PathBuf,
    /// The package (and models crate) name.
    pub name: String,
    target: PathBuf,
    build_dir: PathBuf,
    env: Vec<(String, String)>,
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Panics unless the run exited 0.
    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(self.code, 0, "expected success:\n{self:#?}");
        self
    }

    /// Panics unless the run exited with `code`.
    #[track_caller]
    pub fn code(self, code: i32) -> Run {
        assert_eq!(self.code, code, "expected exit {code}:\n{self:#?}");
        self
    }

    /// Both outputs.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

impl Project {
    /// A new project called `name` (a crate name) with these models.
    pub fn new(name: &str, models: &str) -> Project {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join(name);
        std::fs::create_dir_all(root.join("src/bin")).unwrap();
        let ws = workspace_root();
        let manifest = format!(
            r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
migrate-core = {{ path = "{core}" }}
migrate-cli = {{ path = "{cli}" }}

[workspace]

[profile.dev]
debug = "line-tables-only"

[profile.dev.package."*"]
opt-level = 1
"#,
            core = ws.join("migrate-core").display(),
            cli = ws.join("migrate-cli").display(),
        );
        std::fs::write(root.join("Cargo.toml"), manifest).unwrap();
        // The workspace's lock file: the same dependency versions, and no
        // resolution against the registry.
        std::fs::copy(ws.join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
        std::fs::write(
            root.join("src/bin/migrate.rs"),
            format!("migrate_cli::main!({name});\n"),
        )
        .unwrap();
        let project = Project {
            root,
            name: name.to_string(),
            target: dir.path().join("target"),
            build_dir: shared_build_dir(),
            env: Vec::new(),
            _dir: dir,
        };
        project.write("src/lib.rs", models);
        project
    }

    /// A package that exists already (an example of this workspace), built
    /// into a target folder of its own.
    pub fn existing(root: PathBuf, name: &str) -> Project {
        let dir = tempfile::tempdir().expect("temp dir");
        Project {
            root,
            name: name.to_string(),
            target: dir.path().join("target"),
            build_dir: shared_build_dir(),
            env: Vec::new(),
            _dir: dir,
        }
    }

    /// Builds every binary of the package. Panics when the build fails.
    pub fn build(&self) {
        self.cargo_ok(&["build", "--quiet", "--bins"]);
    }

    /// Runs `cargo <args>`; panics when it fails.
    fn cargo_ok(&self, args: &[&str]) {
        let run = self.cargo(args);
        assert_eq!(run.code, 0, "the project does not build:\n{}", run.stderr);
    }

    /// Runs `cargo <args>` in the project (its target and build folders).
    pub fn cargo(&self, args: &[&str]) -> Run {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        Run::from(self.command(cargo).args(args).output().expect("run cargo"))
    }

    /// The target folder.
    pub fn target_dir(&self) -> &Path {
        &self.target
    }

    /// Runs one of the package's built binaries in `dir`.
    pub fn run_in(&self, binary: &str, dir: &Path, args: &[&str]) -> Run {
        let output = self
            .command(self.target.join("debug").join(binary))
            .current_dir(dir)
            .args(args)
            .output()
            .expect("run a binary of the project");
        Run::from(output)
    }

    /// Sets an environment variable for every later run.
    pub fn env(&mut self, key: &str, value: &str) {
        self.env.push((key.to_string(), value.to_string()));
    }

    /// Writes a file of the project.
    pub fn write(&self, path: &str, text: &str) {
        let path = self.root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Reads a file of the project.
    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.root.join(path)).unwrap()
    }

    /// The revision files, sorted.
    pub fn revision_files(&self) -> Vec<String> {
        let mut files: Vec<String> = std::fs::read_dir(self.root.join("migrations/versions"))
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".rs"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    }

    fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut c = Command::new(program);
        c.current_dir(&self.root)
            .env("CARGO_TARGET_DIR", &self.target)
            .env("CARGO_BUILD_BUILD_DIR", &self.build_dir)
            .env_remove("DATABASE_URL")
            .env_remove("RUSTFLAGS")
            .env("CARGO_TERM_COLOR", "never");
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c
    }

    /// `cargo run --bin migrate -- <args>`: builds first, as a user does.
    /// Panics when the build fails.
    pub fn migrate(&self, args: &[&str]) -> Run {
        self.cargo_ok(&["build", "--quiet", "--bin", "migrate"]);
        self.bin(args)
    }

    /// Runs the binary as built last, without building.
    pub fn bin(&self, args: &[&str]) -> Run {
        let output = self
            .command(self.binary())
            .args(args)
            .output()
            .expect("run the migrate binary");
        Run::from(output)
    }

    /// Runs the binary from another folder.
    pub fn bin_in(&self, dir: &Path, args: &[&str]) -> Run {
        let output = self
            .command(self.binary())
            .current_dir(dir)
            .args(args)
            .output()
            .expect("run the migrate binary");
        Run::from(output)
    }

    /// The path of the built binary.
    pub fn binary(&self) -> PathBuf {
        self.target.join("debug").join("migrate")
    }
}
