//! The source text of compiled-in revision files, for checksums.
//!
//! Whatever compiles revision files into a binary (the CLI's build support)
//! also registers each file's text here, keyed by the same path that
//! `file!()` gives inside it.

use super::checksum;
use crate::revision::RevisionEntry;

/// The text of one compiled-in revision file.
#[derive(Debug)]
pub struct RevisionSource {
    /// The path, as `file!()` reports it inside the file.
    pub file: &'static str,
    /// The file's text.
    pub source: &'static str,
}

/// The registered revision sources.
#[linkme::distributed_slice]
pub static MIGRATE_REVISION_SOURCES: [RevisionSource];

/// The checksum of the file that declares `entry`, when its text was
/// compiled in.
pub fn source_checksum(entry: &RevisionEntry) -> Option<String> {
    MIGRATE_REVISION_SOURCES
        .iter()
        .find(|s| s.file == entry.file)
        .map(|s| checksum(s.source))
}
