//! `migrate.toml`: where the revisions live, which database, and how new
//! revision files are written.

use crate::error::Failure;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The name of the configuration file.
pub const FILE_NAME: &str = "migrate.toml";

/// The keys of `migrate.toml`. Every key is optional.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The folder with `script.rs.tmpl` and `versions/`, relative to the
    /// configuration file.
    pub script_location: String,
    /// The database URL (overridden by `DATABASE_URL`, then `--url`).
    pub url: Option<String>,
    /// The version table.
    pub version_table: String,
    /// The history table.
    pub history_table: String,
    /// New file names, without `.rs`: `{rev}`, `{slug}`, `{year}`,
    /// `{month}`, `{day}`, `{hour}`, `{minute}`, `{second}`.
    pub file_template: String,
    /// The time zone of dates in new revisions: `UTC`, `local`, or an
    /// offset such as `+02:00`.
    pub timezone: String,
    /// The longest slug (from the message) in a file name.
    pub truncate_slug_length: usize,
    /// A command run on each new revision file, `{file}` standing for its
    /// path; unset: `rustfmt` when it is installed; `""`: none.
    pub post_write_hook: Option<String>,
    /// Run a whole upgrade or downgrade in one transaction instead of one
    /// per revision.
    pub single_transaction: bool,
    /// Fail, instead of warning, when an applied revision's file changed.
    pub strict_checksums: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            script_location: "migrations".into(),
            url: None,
            version_table: "migrate_version".into(),
            history_table: "migrate_history".into(),
            file_template: "{rev}_{slug}".into(),
            timezone: "UTC".into(),
            truncate_slug_length: 40,
            post_write_hook: None,
            single_transaction: false,
            strict_checksums: false,
        }
    }
}

/// A configuration read from its file.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The keys.
    pub config: Config,
    /// The file it was read from.
    pub path: PathBuf,
}

impl Loaded {
    /// Reads `path`, or `./migrate.toml`.
    pub fn read(path: Option<&Path>) -> Result<Loaded, Failure> {
        let explicit = path.is_some();
        let path = path.map_or_else(|| PathBuf::from(FILE_NAME), Path::to_path_buf);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
                let here = std::env::current_dir().unwrap_or_default();
                return Err(Failure::new(format!(
                    "no {FILE_NAME} in {}",
                    here.display()
                ))
                .hint("run `migrate init` to create one, run from the project folder, or pass -c/--config FILE"));
            }
            Err(e) => {
                return Err(Failure::new(format!("cannot read {}: {e}", path.display()))
                    .hint("check the path given with -c/--config"));
            }
        };
        let config = parse(&text).map_err(|e| {
            Failure::new(format!("{}: {e}", path.display()))
                .hint("see the configuration keys in the README")
        })?;
        Ok(Loaded { config, path })
    }

    /// The folder of the configuration file, against which its paths are
    /// resolved.
    pub fn base_dir(&self) -> PathBuf {
        match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    /// `script_location`, resolved.
    pub fn script_dir(&self) -> PathBuf {
        self.base_dir().join(&self.config.script_location)
    }

    /// The folder of revision files.
    pub fn versions_dir(&self) -> PathBuf {
        self.script_dir().join("versions")
    }

    /// The template of new revision files.
    pub fn template_path(&self) -> PathBuf {
        self.script_dir().join("script.rs.tmpl")
    }

    /// The database URL: `--url`, else `DATABASE_URL`, else `url`.
    pub fn url(&self, flag: Option<&str>) -> Result<String, Failure> {
        if let Some(url) = flag {
            return Ok(url.to_string());
        }
        if let Ok(url) = std::env::var("DATABASE_URL")
            && !url.trim().is_empty()
        {
            return Ok(url);
        }
        self.config.url.clone().ok_or_else(|| {
            Failure::new("no database URL").hint(format!(
                "set `url` in {}, set DATABASE_URL, or pass --url",
                self.path.display()
            ))
        })
    }
}

/// Parses and checks the text of a configuration file.
pub fn parse(text: &str) -> Result<Config, String> {
    let config: Config = toml::from_str(text).map_err(|e| {
        // toml's messages span several lines with a source excerpt: keep
        // the first line and the location.
        let message = e.message().trim().to_string();
        match e.span() {
            Some(span) => {
                let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                format!("line {line}: {message}")
            }
            None => message,
        }
    })?;
    if !config.file_template.contains("{rev}") {
        return Err(format!(
            "file_template `{}` must contain {{rev}}, so that every revision file has its own name",
            config.file_template
        ));
    }
    if config.truncate_slug_length == 0 {
        return Err("truncate_slug_length must be at least 1".into());
    }
    crate::project::parse_timezone(&config.timezone)?;
    for (key, name) in [
        ("version_table", &config.version_table),
        ("history_table", &config.history_table),
    ] {
        let ok = !name.is_empty()
            && name.len() <= 63
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !name.starts_with(|c: char| c.is_ascii_digit());
        if !ok {
            return Err(format!(
                "{key} `{name}` must be 1 to 63 characters of [A-Za-z0-9_], not starting with a digit"
            ));
        }
    }
    Ok(config)
}

/// The `migrate.toml` that `init` writes.
pub fn initial_text(script_location: &str) -> String {
    format!(
        r#"# migrate configuration. Every key is optional; the values shown are the
# defaults unless noted.

# The folder with the revision template (script.rs.tmpl) and the revision
# files (versions/), relative to this file.
script_location = "{script_location}"

# The database. DATABASE_URL overrides it, and --url overrides both.
#   sqlite://relative.db  sqlite:///absolute.db  sqlite::memory:
#   postgres://user:password@host:5432/dbname
url = "sqlite://app.db"

# The tables that record the applied revisions and every step run.
version_table = "migrate_version"
history_table = "migrate_history"

# New revision file names (without .rs): {{rev}} {{slug}} {{year}} {{month}}
# {{day}} {{hour}} {{minute}} {{second}}. Must contain {{rev}}.
file_template = "{{rev}}_{{slug}}"

# The time zone of "Create Date" and of the date fields of file_template:
# "UTC", "local" or an offset such as "+02:00".
timezone = "UTC"

# The longest slug taken from the message for file names.
truncate_slug_length = 40

# A command run on each new revision file, {{file}} being its path.
# Unset: rustfmt when it is installed. "" turns it off.
# post_write_hook = "rustfmt --edition 2024 {{file}}"

# One transaction for a whole upgrade or downgrade, instead of one per
# revision.
single_transaction = false

# Fail, instead of warning, when the file of an applied revision changed.
strict_checksums = false
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_initial_file_is_the_defaults_with_a_url() {
        let c = parse(&initial_text("migrations")).unwrap();
        assert_eq!(c.script_location, "migrations");
        assert_eq!(c.url.as_deref(), Some("sqlite://app.db"));
        assert_eq!(c.version_table, "migrate_version");
        assert_eq!(c.file_template, "{rev}_{slug}");
        assert_eq!(c.post_write_hook, None);
        assert!(!c.single_transaction);
    }

    #[test]
    fn mistakes_are_named_with_their_line() {
        let e = parse("script_location = \"m\"\nurll = \"x\"\n").unwrap_err();
        assert!(e.starts_with("line 2: unknown field `urll`"), "{e}");
        let e = parse("truncate_slug_length = \"x\"").unwrap_err();
        assert!(e.contains("line 1"), "{e}");
        let e = parse("file_template = \"{slug}\"").unwrap_err();
        assert!(e.contains("must contain {rev}"), "{e}");
        let e = parse("version_table = \"my table\"").unwrap_err();
        assert!(e.contains("version_table `my table`"), "{e}");
        let e = parse("timezone = \"Mars/Olympus\"").unwrap_err();
        assert!(e.contains("Mars/Olympus"), "{e}");
    }
}
