//! How revisions are printed, in Alembic's words (`Script.cmd_format` and
//! `Script.log_entry`): people grep these lines in deploy logs.

use migrate_core::revision::{Revision, RevisionMap};
use migrate_core::runner::MIGRATE_REVISION_SOURCES;

/// What to put in a short revision line.
#[derive(Debug, Clone, Copy, Default)]
pub struct Line {
    /// `(label)` after the id.
    pub branches: bool,
    /// `, message` at the end.
    pub doc: bool,
    /// `parent -> ` before the id.
    pub parents: bool,
    /// `(branchpoint)` and `(mergepoint)`.
    pub tree: bool,
}

/// `<base>`, `a`, or `a, b`: the parents as Alembic writes them.
pub fn down_revisions(rev: &Revision) -> String {
    if rev.down_revisions.is_empty() {
        "<base>".to_string()
    } else {
        rev.down_revisions.join(", ")
    }
}

/// One revision on one line:
/// `ae1027a6acf -> 1975ea83b712 (branch) (head) (current), message`.
pub fn short(map: &RevisionMap, rev: &Revision, line: Line, current: &[String]) -> String {
    let mut text = rev.id.clone();
    if line.parents {
        text = if rev.depends_on.is_empty() {
            format!("{} -> {text}", down_revisions(rev))
        } else {
            format!(
                "{} ({}) -> {text}",
                down_revisions(rev),
                rev.depends_on.join(", ")
            )
        };
    }
    let labels = map.branch_labels(&rev.id);
    if line.branches && !labels.is_empty() {
        text.push_str(&format!(" ({})", labels.join(", ")));
    }
    if map.real_heads().contains(&rev.id.as_str()) {
        text.push_str(" (head)");
    } else if map.is_head(&rev.id) {
        text.push_str(" (effective head)");
    }
    if current.contains(&rev.id) {
        text.push_str(" (current)");
    }
    if line.tree {
        if map.is_branch_point(&rev.id) {
            text.push_str(" (branchpoint)");
        }
        if map.is_merge_point(&rev.id) {
            text.push_str(" (mergepoint)");
        }
    }
    if line.doc {
        text.push_str(", ");
        text.push_str(&doc(&rev.message));
    }
    text
}

/// The message's first paragraph on one line (Alembic shows the first
/// paragraph of the docstring; a line break would cut graph lanes).
pub fn doc(message: &str) -> String {
    let first = message.trim().split("\n\n").next().unwrap_or("");
    first
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The verbose entry of `history -v`, `show` and `current -v`.
pub fn long(map: &RevisionMap, rev: &Revision, current: &[String]) -> String {
    let mut entry = format!("Rev: {}", rev.id);
    if map.is_head(&rev.id) {
        entry.push_str(" (head)");
    }
    if map.is_branch_point(&rev.id) {
        entry.push_str(" (branchpoint)");
    }
    if map.is_merge_point(&rev.id) {
        entry.push_str(" (mergepoint)");
    }
    if current.contains(&rev.id) {
        entry.push_str(" (current)");
    }
    entry.push('\n');
    if map.is_merge_point(&rev.id) {
        entry.push_str(&format!("Merges: {}\n", down_revisions(rev)));
    } else {
        entry.push_str(&format!("Parent: {}\n", down_revisions(rev)));
    }
    if !rev.depends_on.is_empty() {
        entry.push_str(&format!("Also depends on: {}\n", rev.depends_on.join(", ")));
    }
    if map.is_branch_point(&rev.id) {
        entry.push_str(&format!(
            "Branches into: {}\n",
            map.children(&rev.id).join(", ")
        ));
    }
    if !rev.branch_labels.is_empty() {
        entry.push_str(&format!("Branch names: {}\n", rev.branch_labels.join(", ")));
    }
    let file = map.entry(&rev.id).map(|e| e.file);
    if let Some(file) = file {
        entry.push_str(&format!("Path: {file}\n"));
    }
    entry.push('\n');
    let doc = file
        .and_then(module_doc)
        .unwrap_or_else(|| rev.message.clone());
    for line in doc.lines() {
        if line.is_empty() {
            entry.push('\n');
        } else {
            entry.push_str(&format!("    {line}\n"));
        }
    }
    entry
}

/// The `//!` lines at the top of a compiled-in revision file.
fn module_doc(file: &str) -> Option<String> {
    let source = MIGRATE_REVISION_SOURCES.iter().find(|s| s.file == file)?;
    let lines: Vec<&str> = source
        .source
        .lines()
        .take_while(|l| l.trim_start().starts_with("//!"))
        .map(|l| {
            let rest = l.trim_start().trim_start_matches("//!");
            rest.strip_prefix(' ').unwrap_or(rest)
        })
        .collect();
    if lines.is_empty() {
        None
    } else {
        Some(lines.join("\n"))
    }
}
