//! `migrate init`: `migrate.toml`, the migrations folder with its template
//! and `versions/`, and the `build.rs` that makes Cargo rebuild the binary
//! when revision files change.

use crate::Build;
use crate::cli::{Global, InitArgs};
use crate::config::{FILE_NAME, initial_text};
use crate::error::Failure;
use crate::project::display;
use migrate_core::revision::template::DEFAULT_TEMPLATE;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The line `build.rs` must print for a script location.
fn rerun_line(script_location: &str) -> String {
    format!("cargo:rerun-if-changed={script_location}/versions")
}

fn build_rs(script_location: &str) -> String {
    format!(
        r#"// Written by `migrate init`. Revision files are compiled into the binary
// (`migrate_cli::main!`, `migrate_core::embed_revisions!`); this makes Cargo
// rebuild it when a file is added to, changed in or removed from the folder.
fn main() {{
    println!("{}");
}}
"#,
        rerun_line(script_location)
    )
}

/// Runs `init`. Everything is written next to the binary package's
/// `Cargo.toml`, where the build looks for it.
pub fn run(build: &Build, global: &Global, args: &InitArgs) -> Result<ExitCode, Failure> {
    let root = PathBuf::from(build.manifest_dir);
    let root = if root.is_dir() {
        root
    } else {
        std::env::current_dir().unwrap_or_default()
    };
    let location = args.directory.to_string_lossy().replace('\\', "/");
    if args.directory.is_absolute() || location.split('/').any(|p| p == "..") {
        return Err(Failure::new(format!(
            "`{location}`: the migrations folder must be inside the project"
        ))
        .hint("give a relative path such as `migrations` or `db/migrations`"));
    }
    let config = global
        .config
        .clone()
        .unwrap_or_else(|| root.join(FILE_NAME));
    let script_dir = root.join(&args.directory);
    if config.exists() {
        return Err(Failure::new(format!(
            "{} already exists; nothing was written",
            display(&config)
        ))
        .hint("this project is set up already; remove the file to start over"));
    }
    if script_dir.exists() && !is_empty_dir(&script_dir) {
        return Err(Failure::new(format!(
            "{} already exists and is not empty; nothing was written",
            display(&script_dir)
        ))
        .hint("pick another folder: `migrate init <directory>`"));
    }

    let say = |what: &str, path: &Path| {
        if !global.quiet {
            eprintln!("  {what} {} ...  done", display(path));
        }
    };
    let write = |path: &Path, text: &str| -> Result<(), Failure> {
        std::fs::write(path, text)
            .map_err(|e| Failure::new(format!("cannot write {}: {e}", display(path))))
    };
    let versions = script_dir.join("versions");
    std::fs::create_dir_all(&versions)
        .map_err(|e| Failure::new(format!("cannot create {}: {e}", display(&versions))))?;
    say("Creating directory", &script_dir);
    say("Creating directory", &versions);
    let template = script_dir.join("script.rs.tmpl");
    write(&template, DEFAULT_TEMPLATE)?;
    say("Generating", &template);
    write(&config, &initial_text(&location))?;
    say("Generating", &config);

    let build_file = root.join("build.rs");
    let line = rerun_line(&location);
    match std::fs::read_to_string(&build_file) {
        Err(_) => {
            write(&build_file, &build_rs(&location))?;
            say("Generating", &build_file);
        }
        Ok(text) if text.contains(&line) => {}
        Ok(_) => eprintln!(
            "warning: {} exists; add `println!(\"{line}\");` to its main so that Cargo rebuilds the binary when revision files change",
            display(&build_file)
        ),
    }
    if !global.quiet {
        eprintln!(
            "Please edit the url in {} (or set DATABASE_URL) before proceeding.",
            display(&config)
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}
