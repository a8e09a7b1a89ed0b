//! Graphs shared by the unit tests of the revision modules.

use super::{Revision, RevisionMap, Step, VersionChange};

/// A revision with a message of its own.
pub(super) fn rev(id: &str, down: &[&str]) -> Revision {
    Revision::new(id, down).message(&format!("msg {id}"))
}

/// The graph of these revisions; panics when it is invalid.
pub(super) fn map(revisions: Vec<Revision>) -> RevisionMap {
    RevisionMap::new(revisions).unwrap_or_else(|e| panic!("invalid test graph: {e}"))
}

/// `aaa111 <- bbb222 <- ccc333 <- ddd444`
pub(super) fn linear() -> RevisionMap {
    map(vec![
        rev("ccc333", &["bbb222"]),
        rev("aaa111", &[]),
        rev("ddd444", &["ccc333"]),
        rev("bbb222", &["aaa111"]),
    ])
}

/// A branch point and a merge point:
///
/// ```text
/// base01 - a1 - a2 -.
///       \            merge1 - top1
///        - b1 - b2 -'
/// ```
pub(super) fn diamond() -> RevisionMap {
    map(vec![
        rev("top1", &["merge1"]),
        rev("merge1", &["a2", "b2"]),
        rev("b2", &["b1"]),
        rev("b1", &["base01"]),
        rev("a2", &["a1"]),
        rev("a1", &["base01"]),
        rev("base01", &[]),
    ])
}

/// Two labelled branches, two heads:
///
/// ```text
/// root - alpha1 (alpha) - alpha2
///     \
///      - beta1 (beta) - beta2 - beta3
/// ```
pub(super) fn two_heads() -> RevisionMap {
    map(vec![
        rev("root", &[]),
        rev("alpha1", &["root"]).labels(&["alpha"]),
        rev("alpha2", &["alpha1"]),
        rev("beta1", &["root"]).labels(&["beta"]),
        rev("beta2", &["beta1"]),
        rev("beta3", &["beta2"]),
    ])
}

/// Two bases, the second branch depending on the first (as Alembic's
/// "networking" example):
///
/// ```text
/// net1 (net) - net2
/// app1 (app) - app2 [depends on net] - app3 [depends on net2]
/// ```
pub(super) fn two_bases() -> RevisionMap {
    map(vec![
        rev("net1", &[]).labels(&["net"]),
        rev("net2", &["net1"]),
        rev("app1", &[]).labels(&["app"]),
        rev("app2", &["app1"]).depends_on(&["net"]),
        rev("app3", &["app2"]).depends_on(&["net2"]),
    ])
}

/// `revision` of each step.
pub(super) fn order(steps: &[Step]) -> Vec<&str> {
    steps.iter().map(|s| s.revision.as_str()).collect()
}

/// Each step as `revision: changes => rows after`.
pub(super) fn trace(steps: &[Step]) -> Vec<String> {
    steps
        .iter()
        .map(|s| {
            let changes: Vec<String> = s
                .version_changes
                .iter()
                .map(VersionChange::to_string)
                .collect();
            format!(
                "{}: {} => [{}]",
                s.revision,
                changes.join(", "),
                s.heads_after.join(", ")
            )
        })
        .collect()
}
