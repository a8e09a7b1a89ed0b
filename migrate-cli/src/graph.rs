//! Placeholder until the graph drawing lands.
use migrate_core::revision::{Revision, RevisionMap};

/// Draws the graph.
pub fn draw(_map: &RevisionMap, _revisions: &[&Revision], _current: &[String]) -> String {
    String::new()
}

/// The graph as dot.
pub fn dot(_map: &RevisionMap, _revisions: &[&Revision], _current: &[String]) -> String {
    String::new()
}
