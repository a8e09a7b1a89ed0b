//! What a revision declares: the [`RevisionEntry`] that the `revision!`
//! macro registers, and [`Revision`], the same data owned, from which the
//! graph is built (tests build it directly).

use super::op::Op;
use crate::error::Result;

/// One revision compiled into the binary, registered by `revision!`.
#[derive(Debug)]
pub struct RevisionEntry {
    /// The revision id (`2c24ef5e4a4d`).
    pub id: &'static str,
    /// The parents: none for a base, several for a merge point.
    pub down_revisions: &'static [&'static str],
    /// Branch labels this revision starts or carries.
    pub branch_labels: &'static [&'static str],
    /// Cross-branch dependencies: revision ids or branch labels.
    pub depends_on: &'static [&'static str],
    /// The message (`add token field for user`).
    pub message: &'static str,
    /// Whether the revision runs in a transaction with its version-table
    /// update (`false` for statements such as `CREATE INDEX CONCURRENTLY`).
    pub transactional: bool,
    /// Applies the revision.
    pub upgrade: fn(&mut Op) -> Result<()>,
    /// Reverts the revision.
    pub downgrade: fn(&mut Op) -> Result<()>,
    /// The source file that declares it.
    pub file: &'static str,
    /// The line of the `revision!` call.
    pub line: u32,
    /// The Rust module that declares it.
    pub module: &'static str,
}

impl RevisionEntry {
    /// `myapp::migrations::versions::r2c24ef5e4a4d (migrations/versions/2c24ef5e4a4d_add_token.rs:9)`
    pub fn location(&self) -> String {
        format!("{} ({}:{})", self.module, self.file, self.line)
    }
}

/// Every revision linked into this binary. Its order is not defined: use
/// [`entries`].
#[linkme::distributed_slice]
pub static MIGRATE_REVISIONS: [RevisionEntry];

/// The registered revisions, sorted by id (then by file, so that two
/// declarations of one id come out in a stable order).
///
/// One file compiled into two crates of the binary (the application's
/// library embeds its revisions, and so does its `migrate` binary) is one
/// revision: entries with the same id, file and line count once.
pub fn entries() -> Vec<&'static RevisionEntry> {
    let mut v: Vec<_> = MIGRATE_REVISIONS.iter().collect();
    v.sort_by_key(|e| (e.id, e.file, e.line, e.module));
    v.dedup_by_key(|e| (e.id, e.file, e.line));
    v
}

/// The registered revision with this exact id, if any.
pub fn find(id: &str) -> Option<&'static RevisionEntry> {
    entries().into_iter().find(|e| e.id == id)
}

/// What the graph needs to know about one revision, owned: built from a
/// [`RevisionEntry`] or directly (tests, tools).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The revision id.
    pub id: String,
    /// The parents, in declared order.
    pub down_revisions: Vec<String>,
    /// The branch labels it declares (not the inherited ones: see
    /// [`RevisionMap::branch_labels`](super::RevisionMap::branch_labels)).
    pub branch_labels: Vec<String>,
    /// Cross-branch dependencies: ids or branch labels.
    pub depends_on: Vec<String>,
    /// The message.
    pub message: String,
    /// Whether it runs in a transaction.
    pub transactional: bool,
    /// Where it is declared, for error messages.
    pub location: String,
}

impl Revision {
    /// A revision with these parents, no labels, no dependencies, an empty
    /// message; declared "in" `revision <id>`.
    pub fn new(id: &str, down_revisions: &[&str]) -> Self {
        Revision {
            id: id.to_string(),
            down_revisions: strings(down_revisions),
            branch_labels: Vec::new(),
            depends_on: Vec::new(),
            message: String::new(),
            transactional: true,
            location: format!("revision {id}"),
        }
    }

    /// With these branch labels.
    pub fn labels(mut self, labels: &[&str]) -> Self {
        self.branch_labels = strings(labels);
        self
    }

    /// With these dependencies.
    pub fn depends_on(mut self, deps: &[&str]) -> Self {
        self.depends_on = strings(deps);
        self
    }

    /// With this message.
    pub fn message(mut self, message: &str) -> Self {
        self.message = message.to_string();
        self
    }

    /// Declared at this place (for error messages).
    pub fn location(mut self, location: &str) -> Self {
        self.location = location.to_string();
        self
    }
}

impl From<&RevisionEntry> for Revision {
    fn from(e: &RevisionEntry) -> Self {
        Revision {
            id: e.id.to_string(),
            down_revisions: strings(e.down_revisions),
            branch_labels: strings(e.branch_labels),
            depends_on: strings(e.depends_on),
            message: e.message.to_string(),
            transactional: e.transactional,
            location: e.location(),
        }
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[cfg(test)]
mod tests {
    // The `revision!` macro itself is tested in `migrate-core/tests/revision_macro.rs`:
    // expanded inside this crate, linkme's `link_section` trips the
    // workspace's `forbid(unsafe_code)` (expanded in another crate, it does not).
    use super::*;
    use crate::revision::RevisionMap;

    fn up(_: &mut Op) -> Result<()> {
        Ok(())
    }

    static BASE: RevisionEntry = RevisionEntry {
        id: "e_base",
        down_revisions: &[],
        branch_labels: &["entry_test"],
        depends_on: &[],
        message: "base",
        transactional: true,
        upgrade: up,
        downgrade: up,
        file: "versions/e_base.rs",
        line: 9,
        module: "app::versions::e_base",
    };
    static NEXT: RevisionEntry = RevisionEntry {
        id: "e_next",
        down_revisions: &["e_base"],
        branch_labels: &[],
        depends_on: &[],
        message: "next",
        transactional: false,
        upgrade: up,
        downgrade: up,
        file: "versions/e_next.rs",
        line: 9,
        module: "app::versions::e_next",
    };
    static NEXT_AGAIN: RevisionEntry = RevisionEntry {
        id: "e_next",
        down_revisions: &["e_base"],
        branch_labels: &[],
        depends_on: &[],
        message: "next, copied",
        transactional: true,
        upgrade: up,
        downgrade: up,
        file: "versions/e_next_copy.rs",
        line: 9,
        module: "app::versions::e_next_copy",
    };

    #[test]
    fn an_entry_converts_to_a_revision() {
        let r = Revision::from(&NEXT);
        assert_eq!(r.id, "e_next");
        assert_eq!(r.down_revisions, ["e_base"]);
        assert!(!r.transactional);
        assert_eq!(r.location, "app::versions::e_next (versions/e_next.rs:9)");
    }

    #[test]
    fn a_graph_from_entries_keeps_them() {
        // Given in any order.
        let map = RevisionMap::from_entries(&[&NEXT, &BASE]).unwrap();
        assert_eq!(map.heads(), ["e_next"]);
        assert_eq!(map.bases(), ["e_base"]);
        assert!(std::ptr::eq(map.entry("e_next").unwrap(), &NEXT));
        assert_eq!(map.branch_labels("e_next"), ["entry_test"]);
        assert!(!map.get("e_next").unwrap().transactional);
    }

    #[test]
    fn two_entries_with_one_id_name_both_files() {
        let err = RevisionMap::from_entries(&[&NEXT_AGAIN, &BASE, &NEXT]).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("'e_next' is declared twice"), "{text}");
        assert!(text.contains("versions/e_next.rs:9"), "{text}");
        assert!(text.contains("versions/e_next_copy.rs:9"), "{text}");
        assert!(text.contains("app::versions::e_next_copy"), "{text}");
    }

    #[test]
    fn entries_are_sorted_by_id() {
        let ids: Vec<&str> = entries().iter().map(|e| e.id).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
    }

    #[test]
    fn revision_id_check() {
        crate::__private::assert_revision_id("2c24ef5e4a4d");
        crate::__private::assert_revision_id("a_B_9");
        for bad in ["", "has-dash", "a@b", &"x".repeat(33)] {
            let bad = bad.to_string();
            let caught = std::panic::catch_unwind(|| crate::__private::assert_revision_id(&bad));
            assert!(caught.is_err(), "{bad:?} accepted");
        }
    }
}
