//! Database URLs: `sqlite://relative.db`, `sqlite:///absolute.db`,
//! `sqlite::memory:`, `postgres://user:pass@host:port/db` (or `postgresql://`).

use crate::dialect::Dialect;
use crate::error::{Error, Result};
use std::fmt;
use std::path::PathBuf;

/// A parsed database URL.
#[derive(Clone, PartialEq, Eq)]
pub enum DbUrl {
    /// A SQLite file.
    SqliteFile(PathBuf),
    /// A private in-memory SQLite database.
    SqliteMemory,
    /// A PostgreSQL server; the text is the original URL.
    Postgres(String),
}

impl DbUrl {
    /// Parses a URL. The error message masks the password.
    pub fn parse(url: &str) -> Result<DbUrl> {
        let bad = |reason: &str| Error::BadUrl {
            url: mask_password(url),
            reason: reason.to_string(),
        };
        let url = url.trim();
        if url == "sqlite::memory:" || url == "sqlite://:memory:" {
            return Ok(DbUrl::SqliteMemory);
        }
        if let Some(rest) = url.strip_prefix("sqlite://") {
            let path = rest.split('?').next().unwrap_or_default();
            if path.is_empty() {
                return Err(bad(
                    "no file path; use sqlite://relative.db, sqlite:///absolute.db or sqlite::memory:",
                ));
            }
            return Ok(DbUrl::SqliteFile(PathBuf::from(path)));
        }
        if let Some(rest) = url.strip_prefix("sqlite:") {
            if !rest.is_empty() && !rest.starts_with('/') {
                return Ok(DbUrl::SqliteFile(PathBuf::from(rest)));
            }
            return Err(bad(
                "use sqlite://relative.db, sqlite:///absolute.db or sqlite::memory:",
            ));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            url.parse::<postgres::Config>().map_err(|e| {
                bad(&format!(
                    "{e}; expected postgres://user:password@host:port/dbname"
                ))
            })?;
            return Ok(DbUrl::Postgres(url.to_string()));
        }
        let scheme = url.split(':').next().unwrap_or_default();
        Err(bad(&format!(
            "unsupported scheme `{scheme}`; use sqlite://file.db, sqlite::memory: or postgres://user:password@host:port/dbname"
        )))
    }

    /// The dialect this URL speaks.
    pub fn dialect(&self) -> Dialect {
        match self {
            DbUrl::SqliteFile(_) | DbUrl::SqliteMemory => Dialect::Sqlite,
            DbUrl::Postgres(_) => Dialect::Postgres,
        }
    }
}

impl fmt::Display for DbUrl {
    /// The URL with its password masked.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbUrl::SqliteFile(p) => write!(f, "sqlite://{}", p.display()),
            DbUrl::SqliteMemory => f.write_str("sqlite::memory:"),
            DbUrl::Postgres(u) => f.write_str(&mask_password(u)),
        }
    }
}

impl fmt::Debug for DbUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DbUrl({self})")
    }
}

/// Replaces the password of a URL (`scheme://user:password@host`) and any
/// `password=` query parameter with `***`.
pub fn mask_password(url: &str) -> String {
    let mut out = url.to_string();
    if let Some(scheme_end) = out.find("://") {
        let rest_start = scheme_end + 3;
        let authority_end = out[rest_start..]
            .find(['/', '?'])
            .map_or(out.len(), |i| rest_start + i);
        if let Some(at) = out[rest_start..authority_end].rfind('@') {
            let userinfo = &out[rest_start..rest_start + at];
            if let Some(colon) = userinfo.find(':') {
                let start = rest_start + colon + 1;
                out.replace_range(start..rest_start + at, "***");
            }
        }
    }
    if let Some(q) = out.find("password=") {
        let start = q + "password=".len();
        let end = out[start..].find('&').map_or(out.len(), |i| start + i);
        out.replace_range(start..end, "***");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_forms() {
        assert_eq!(
            DbUrl::parse("sqlite://app.db").unwrap(),
            DbUrl::SqliteFile("app.db".into())
        );
        assert_eq!(
            DbUrl::parse("sqlite:///tmp/app.db").unwrap(),
            DbUrl::SqliteFile("/tmp/app.db".into())
        );
        assert_eq!(
            DbUrl::parse("sqlite::memory:").unwrap(),
            DbUrl::SqliteMemory
        );
        let pg = DbUrl::parse("postgresql://u:secret@127.0.0.1:5432/db").unwrap();
        assert_eq!(pg.dialect(), Dialect::Postgres);
        assert_eq!(pg.to_string(), "postgresql://u:***@127.0.0.1:5432/db");
    }

    #[test]
    fn bad_urls_say_what_to_use_and_hide_the_password() {
        let e = DbUrl::parse("mysql://root:hunter2@localhost/db")
            .unwrap_err()
            .to_string();
        assert!(e.contains("unsupported scheme `mysql`"), "{e}");
        assert!(!e.contains("hunter2"), "{e}");
        let e = DbUrl::parse("sqlite://").unwrap_err().to_string();
        assert!(e.contains("sqlite::memory:"), "{e}");
        assert_eq!(
            mask_password("postgres://a:b@h/d?password=c&x=1"),
            "postgres://a:***@h/d?password=***&x=1"
        );
        assert_eq!(mask_password("postgres://a@h/d"), "postgres://a@h/d");
    }
}
