//! Checksums of revision sources that ignore what editors change without
//! meaning to: line endings and trailing whitespace.

use sha2::{Digest, Sha256};

/// The hex SHA-256 of `source` after normalizing line endings to `\n`,
/// removing trailing whitespace from every line and trailing blank lines.
pub fn checksum(source: &str) -> String {
    let mut hasher = Sha256::new();
    let normalized = normalize(source);
    hasher.update(normalized.as_bytes());
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn normalize(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for line in source.split('\n') {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let trimmed = out.trim_end_matches('\n').len();
    out.truncate(trimmed);
    out
}

#[cfg(test)]
mod tests {
    use super::checksum;

    #[test]
    fn line_endings_and_trailing_whitespace_do_not_count() {
        let a = checksum("fn upgrade() {\n    x();\n}\n");
        assert_eq!(a, checksum("fn upgrade() {\r\n    x();   \r\n}\r\n\r\n"));
        assert_eq!(a, checksum("fn upgrade() {\n    x();\t\n}"));
        assert_ne!(a, checksum("fn upgrade() {\n    y();\n}\n"));
        assert_ne!(
            a,
            checksum("fn upgrade() {\n  x();\n}\n"),
            "indentation counts"
        );
        assert_eq!(a.len(), 64);
    }
}
