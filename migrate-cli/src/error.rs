//! [`Failure`]: what the CLI prints when a command cannot be carried out:
//! one line, and a hint where one helps.

use migrate_core::Error;
use migrate_core::revision::RevisionError;
use std::fmt;

/// An error as the user sees it: `error: <message>` and `hint: <hint>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What went wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Failure {
    /// A failure with this message and no hint.
    pub fn new(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            hint: None,
        }
    }

    /// With a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\nhint: {hint}")?;
        }
        Ok(())
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        let hint = match &e {
            Error::Connect { url, reason } => Some(connect_hint(url, reason)),
            Error::BadUrl { .. } => {
                Some("fix `url` in migrate.toml, DATABASE_URL or --url".to_string())
            }
            Error::Registry(_) => Some("fix the models named above and rebuild".to_string()),
            Error::Revision(RevisionError::MultipleHeads { .. }) => Some(
                "see them with `migrate heads`; join them with `migrate merge heads -m \"merge\"`"
                    .to_string(),
            ),
            Error::Revision(RevisionError::NotFound(_)) => {
                Some("list the revisions with `migrate history`".to_string())
            }
            Error::Revision(RevisionError::UnknownCurrent(_)) => Some(
                "if the revision file was deleted on purpose, `migrate stamp --purge <rev>` resets the version table"
                    .to_string(),
            ),
            Error::Corrupt(_) => Some(
                "inspect the table; `migrate stamp --purge <rev>` rewrites it".to_string(),
            ),
            Error::RevisionFailed { .. } => Some(
                "fix the revision and run the command again; the revisions before it stay applied"
                    .to_string(),
            ),
            _ => None,
        };
        Failure {
            message: e.to_string(),
            hint,
        }
    }
}

impl From<RevisionError> for Failure {
    fn from(e: RevisionError) -> Self {
        Error::from(e).into()
    }
}

fn connect_hint(url: &str, reason: &str) -> String {
    let reason = reason.to_lowercase();
    if reason.contains("password") || reason.contains("authentication") {
        "check the user name and password in the URL".to_string()
    } else if reason.contains("does not exist") {
        "create the database first (createdb), or fix its name in the URL".to_string()
    } else if url.starts_with("sqlite") {
        "check that the folder of the SQLite file exists and is writable".to_string()
    } else {
        "check that the server is running and that host and port in the URL are right".to_string()
    }
}
