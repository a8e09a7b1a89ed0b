//! The project on disk: revision files, their names, the check that the
//! binary was built from the files that are there, and the post-write hook.

use crate::config::Loaded;
use crate::error::Failure;
use chrono::{DateTime, FixedOffset, Local, Utc};
use migrate_core::runner::MIGRATE_REVISION_SOURCES;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A configured time zone.
#[derive(Debug, Clone, Copy)]
pub enum Zone {
    /// UTC.
    Utc,
    /// The machine's local time.
    Local,
    /// A fixed offset.
    Fixed(FixedOffset),
}

/// Parses `timezone`: `UTC`, `local`, or `+HH:MM` / `-HH:MM`.
pub fn parse_timezone(text: &str) -> Result<Zone, String> {
    match text.to_ascii_lowercase().as_str() {
        "utc" | "z" | "" => return Ok(Zone::Utc),
        "local" => return Ok(Zone::Local),
        _ => {}
    }
    let bad =
        || format!("timezone `{text}`: use \"UTC\", \"local\" or an offset such as \"+02:00\"");
    let (sign, rest) = match text.as_bytes().first() {
        Some(b'+') => (1, &text[1..]),
        Some(b'-') => (-1, &text[1..]),
        _ => return Err(bad()),
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let h: i32 = h.parse().map_err(|_| bad())?;
    let m: i32 = m.parse().map_err(|_| bad())?;
    if h > 23 || m > 59 {
        return Err(bad());
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
        .map(Zone::Fixed)
        .ok_or_else(bad)
}

/// The current time in `zone`, as a date with an offset.
pub fn now(zone: Zone) -> DateTime<FixedOffset> {
    match zone {
        Zone::Utc => Utc::now().fixed_offset(),
        Zone::Local => Local::now().fixed_offset(),
        Zone::Fixed(offset) => Utc::now().with_timezone(&offset),
    }
}

/// The file name of a new revision: `file_template` filled in, `.rs`.
pub fn file_name(config: &Loaded, id: &str, message: &str, date: DateTime<FixedOffset>) -> String {
    let c = &config.config;
    let default = migrate_core::revision::template::file_name(id, message, c.truncate_slug_length);
    // `<id>_<slug>.rs` or `<id>.rs`: the slug is what follows the id.
    let slug = default
        .trim_end_matches(".rs")
        .strip_prefix(id)
        .unwrap_or_default()
        .trim_start_matches('_')
        .to_string();
    let name = c
        .file_template
        .replace("{rev}", id)
        .replace("{slug}", &slug)
        .replace("{year}", &date.format("%Y").to_string())
        .replace("{month}", &date.format("%m").to_string())
        .replace("{day}", &date.format("%d").to_string())
        .replace("{hour}", &date.format("%H").to_string())
        .replace("{minute}", &date.format("%M").to_string())
        .replace("{second}", &date.format("%S").to_string());
    let name = name.trim_end_matches('_').to_string();
    format!("{name}.rs")
}

/// The `*.rs` files of the versions folder by name, with their text.
pub fn revision_files(dir: &Path) -> Result<BTreeMap<String, String>, Failure> {
    let mut files = BTreeMap::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(files),
        Err(e) => return Err(Failure::new(format!("cannot read {}: {e}", dir.display()))),
    };
    for entry in entries {
        let entry =
            entry.map_err(|e| Failure::new(format!("cannot read {}: {e}", dir.display())))?;
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") || !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Failure::new(format!("cannot read {}: {e}", path.display())))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        files.insert(name, text);
    }
    Ok(files)
}

/// The revision files compiled into this binary, by file name.
fn compiled_files() -> BTreeMap<String, &'static str> {
    MIGRATE_REVISION_SOURCES
        .iter()
        .map(|s| {
            let name = Path::new(s.file)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, s.source)
        })
        .collect()
}

/// Fails when the revision files on disk are not the ones this binary was
/// built from: acting on a stale set would apply or generate the wrong
/// revisions.
pub fn check_not_stale(config: &Loaded, build: &crate::Build) -> Result<(), Failure> {
    let dir = config.versions_dir();
    let on_disk = revision_files(&dir)?;
    let compiled = compiled_files();
    let mut added = Vec::new();
    let mut changed = Vec::new();
    for (name, text) in &on_disk {
        match compiled.get(name) {
            None => added.push(name.as_str()),
            Some(source) if *source != text.as_str() => changed.push(name.as_str()),
            Some(_) => {}
        }
    }
    let removed: Vec<&str> = compiled
        .keys()
        .filter(|name| !on_disk.contains_key(*name))
        .map(String::as_str)
        .collect();
    if added.is_empty() && changed.is_empty() && removed.is_empty() {
        return Ok(());
    }
    let mut parts = Vec::new();
    for (what, names) in [
        ("not compiled in", &added),
        ("changed since the build", &changed),
        ("compiled in but gone", &removed),
    ] {
        if !names.is_empty() {
            parts.push(format!("{what}: {}", names.join(", ")));
        }
    }
    let mut hint =
        "rebuild the binary (`cargo run --bin migrate -- ...` rebuilds it first)".to_string();
    let compiled_dir = Path::new(build.versions_dir);
    if !same_dir(compiled_dir, &dir) {
        hint = format!(
            "this binary embeds {}, but {} names {}: make `script_location` agree, then rebuild",
            compiled_dir.display(),
            config.path.display(),
            dir.display()
        );
    } else if !Path::new(build.manifest_dir).join("build.rs").exists() {
        hint.push_str(&format!(
            "; add a build.rs to {} that prints `cargo:rerun-if-changed={}/versions` so that Cargo rebuilds when revision files change",
            build.manifest_dir, config.config.script_location
        ));
    }
    Err(Failure::new(format!(
        "the revision files in {} differ from the ones compiled into this binary ({})",
        dir.display(),
        parts.join("; ")
    ))
    .hint(hint))
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        // A folder that does not exist (yet): compare as written.
        _ => a == b || !a.exists(),
    }
}

/// Runs the post-write hook on a new file: the configured command, or
/// `rustfmt` when it is installed. A failing hook is a warning: the file is
/// written either way.
pub fn post_write(config: &Loaded, file: &Path, quiet: bool) {
    let command = match &config.config.post_write_hook {
        Some(c) if c.trim().is_empty() => return,
        Some(c) => c.clone(),
        None => {
            if !rustfmt_available() {
                return;
            }
            "rustfmt --edition 2024 {file}".to_string()
        }
    };
    let words: Vec<String> = command
        .split_whitespace()
        .map(|w| w.replace("{file}", &file.to_string_lossy()))
        .collect();
    let Some((program, args)) = words.split_first() else {
        return;
    };
    let output = std::process::Command::new(program).args(args).output();
    match output {
        Ok(o) if o.status.success() => {
            if !quiet {
                eprintln!("  Running post write hook {program} ... done");
            }
        }
        Ok(o) => eprintln!(
            "warning: post write hook `{command}` failed ({}): {}",
            o.status,
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .next()
                .unwrap_or_default()
        ),
        Err(e) => eprintln!("warning: post write hook `{command}` could not run: {e}"),
    }
}

fn rustfmt_available() -> bool {
    std::process::Command::new("rustfmt")
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A path as the user should read it: relative to the current directory
/// when below it.
pub fn display(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let path: PathBuf = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    path.strip_prefix(&cwd)
        .unwrap_or(&path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timezones() {
        assert!(matches!(parse_timezone("UTC"), Ok(Zone::Utc)));
        assert!(matches!(parse_timezone("local"), Ok(Zone::Local)));
        let Ok(Zone::Fixed(o)) = parse_timezone("+02:00") else {
            panic!()
        };
        assert_eq!(o.local_minus_utc(), 7200);
        let Ok(Zone::Fixed(o)) = parse_timezone("-05:30") else {
            panic!()
        };
        assert_eq!(o.local_minus_utc(), -(5 * 3600 + 1800));
        assert!(parse_timezone("Europe/Paris").is_err());
        assert!(parse_timezone("+25:00").is_err());
    }

    #[test]
    fn file_names_follow_the_template() {
        let date = DateTime::parse_from_rfc3339("2026-11-21T10:40:26+00:00").unwrap();
        let mut loaded = Loaded {
            config: crate::config::Config::default(),
            path: "migrate.toml".into(),
        };
        assert_eq!(
            file_name(&loaded, "2c24ef5e4a4d", "Add token field", date),
            "2c24ef5e4a4d_add_token_field.rs"
        );
        assert_eq!(
            file_name(&loaded, "2c24ef5e4a4d", "", date),
            "2c24ef5e4a4d.rs"
        );
        loaded.config.file_template =
            "{year}_{month}_{day}_{hour}{minute}{second}_{rev}_{slug}".into();
        assert_eq!(
            file_name(&loaded, "ab", "x y", date),
            "2026_11_21_104026_ab_x_y.rs"
        );
    }
}
