//! The revision graph: parents and children, heads and bases, branch labels
//! and cross-branch dependencies, checked when it is built.
//!
//! It follows Alembic's `RevisionMap`: `down_revision` makes the versioned
//! tree (what heads, bases, branch points and merge points are counted on);
//! `depends_on` adds edges that upgrades and downgrades follow but that do
//! not make a revision stop being a head.

use super::entry::{Revision, RevisionEntry, entries};
use super::error::RevisionError;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The longest revision id accepted.
pub const MAX_ID_LEN: usize = 32;
/// The longest branch label accepted.
pub const MAX_LABEL_LEN: usize = 64;

/// The revision graph, checked: no cycle, no missing parent, no duplicate id
/// or label, every dependency known.
#[derive(Debug, Clone)]
pub struct RevisionMap {
    /// Sorted by id: index order is id order, which is every tie break.
    pub(super) nodes: Vec<Node>,
    index: HashMap<String, usize>,
    /// Declared label -> the revision that declares it.
    labels: BTreeMap<String, usize>,
    heads: Vec<usize>,
    real_heads: Vec<usize>,
    bases: Vec<usize>,
}

#[derive(Debug, Clone)]
pub(super) struct Node {
    pub(super) rev: Revision,
    entry: Option<&'static RevisionEntry>,
    /// `down_revision`, in declared order.
    pub(super) parents: Vec<usize>,
    /// `depends_on`, resolved to revisions, declared order, deduplicated.
    deps: Vec<usize>,
    /// `deps` without those an ancestor already depends on.
    norm_deps: Vec<usize>,
    /// Revisions whose `down_revision` names this one, sorted.
    pub(super) children: Vec<usize>,
    /// Children and dependents, sorted.
    all_children: Vec<usize>,
    /// Declared and inherited labels.
    labels: BTreeSet<String>,
}

impl RevisionMap {
    /// Builds and checks the graph of the revisions compiled into this
    /// binary.
    pub fn load() -> Result<Self, RevisionError> {
        Self::from_entries(&entries())
    }

    /// Builds and checks the graph of these registered revisions.
    pub fn from_entries(entries: &[&'static RevisionEntry]) -> Result<Self, RevisionError> {
        let mut sorted = entries.to_vec();
        sorted.sort_by_key(|e| (e.id, e.file, e.line, e.module));
        let revisions = sorted.iter().map(|e| Revision::from(*e)).collect();
        Self::build(revisions, sorted.into_iter().map(Some).collect())
    }

    /// Builds and checks the graph of these revisions (any order). On error,
    /// returns the first problem; [`validate`] lists them all.
    pub fn new(revisions: Vec<Revision>) -> Result<Self, RevisionError> {
        let mut revisions = revisions;
        revisions.sort_by(|a, b| (&a.id, &a.location).cmp(&(&b.id, &b.location)));
        let n = revisions.len();
        Self::build(revisions, vec![None; n])
    }

    fn build(
        revisions: Vec<Revision>,
        entries: Vec<Option<&'static RevisionEntry>>,
    ) -> Result<Self, RevisionError> {
        if let Some(first) = validate(&revisions).into_iter().next() {
            return Err(first);
        }
        let index: HashMap<String, usize> = revisions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        let mut labels = BTreeMap::new();
        for (i, r) in revisions.iter().enumerate() {
            for label in &r.branch_labels {
                labels.insert(label.clone(), i);
            }
        }
        let lookup = |name: &str| index.get(name).or_else(|| labels.get(name)).copied();
        let mut nodes: Vec<Node> = revisions
            .into_iter()
            .zip(entries)
            .map(|(rev, entry)| {
                let parents = dedup(
                    rev.down_revisions
                        .iter()
                        .filter_map(|p| index.get(p).copied()),
                );
                let deps = dedup(rev.depends_on.iter().filter_map(|d| lookup(d)));
                let labels = rev.branch_labels.iter().cloned().collect();
                Node {
                    rev,
                    entry,
                    parents,
                    deps,
                    norm_deps: Vec::new(),
                    children: Vec::new(),
                    all_children: Vec::new(),
                    labels,
                }
            })
            .collect();
        for i in 0..nodes.len() {
            for p in nodes[i].parents.clone() {
                nodes[p].children.push(i);
                nodes[p].all_children.push(i);
            }
            for d in nodes[i].deps.clone() {
                nodes[d].all_children.push(i);
            }
        }
        for node in &mut nodes {
            node.children.sort_unstable();
            node.children.dedup();
            node.all_children.sort_unstable();
            node.all_children.dedup();
        }
        let mut map = RevisionMap {
            nodes,
            index,
            labels,
            heads: Vec::new(),
            real_heads: Vec::new(),
            bases: Vec::new(),
        };
        map.heads = (0..map.nodes.len())
            .filter(|&i| map.nodes[i].children.is_empty())
            .collect();
        map.real_heads = (0..map.nodes.len())
            .filter(|&i| map.nodes[i].all_children.is_empty())
            .collect();
        map.bases = (0..map.nodes.len())
            .filter(|&i| map.nodes[i].parents.is_empty())
            .collect();
        map.normalize_dependencies();
        map.inherit_labels();
        Ok(map)
    }

    /// Drops the dependencies that an ancestor already declares (Alembic's
    /// `_normalize_depends_on`).
    fn normalize_dependencies(&mut self) {
        for i in 0..self.nodes.len() {
            if self.nodes[i].deps.is_empty() {
                continue;
            }
            let inherited: BTreeSet<usize> = self
                .ancestors([i], false)
                .into_iter()
                .filter(|&a| a != i)
                .flat_map(|a| self.nodes[a].deps.clone())
                .collect();
            let norm = self.nodes[i]
                .deps
                .iter()
                .copied()
                .filter(|d| !inherited.contains(d))
                .collect();
            self.nodes[i].norm_deps = norm;
        }
    }

    /// A label applies to its revision and its descendants along
    /// `down_revision`; when those form a plain line, also to the ancestors
    /// down to the nearest branch point or merge point (as Alembic's
    /// `_add_branches` does).
    fn inherit_labels(&mut self) {
        let labelled: Vec<usize> = (0..self.nodes.len())
            .filter(|&i| !self.nodes[i].rev.branch_labels.is_empty())
            .collect();
        for r in labelled {
            let own = self.nodes[r].rev.branch_labels.clone();
            let descendants = self.descendants([r], false);
            let plain_line = descendants.iter().all(|&d| {
                self.nodes[d].all_children.len() <= 1
                    && (d == r || self.nodes[d].parents.len() <= 1)
            });
            for &d in &descendants {
                self.nodes[d].labels.extend(own.iter().cloned());
            }
            if !plain_line {
                continue;
            }
            let mut p = r;
            loop {
                let node = &self.nodes[p];
                if node.all_children.len() > 1 || node.parents.len() > 1 {
                    break;
                }
                let parent = node.parents.first().copied();
                self.nodes[p].labels.extend(own.iter().cloned());
                match parent {
                    Some(parent) => p = parent,
                    None => break,
                }
            }
        }
    }

    // ---- queries -------------------------------------------------------

    /// The number of revisions.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether there is no revision at all.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The revision with this exact id.
    pub fn get(&self, id: &str) -> Option<&Revision> {
        self.index.get(id).map(|&i| &self.nodes[i].rev)
    }

    /// The registered entry (with its `upgrade` and `downgrade`) of this
    /// revision; `None` for an unknown id or a graph built from plain data.
    pub fn entry(&self, id: &str) -> Option<&'static RevisionEntry> {
        self.index.get(id).and_then(|&i| self.nodes[i].entry)
    }

    /// Every revision, sorted by id.
    pub fn revisions(&self) -> impl Iterator<Item = &Revision> {
        self.nodes.iter().map(|n| &n.rev)
    }

    /// The heads: revisions that no `down_revision` names, sorted. A head
    /// that another branch only depends on is still a head (Alembic's
    /// `get_heads()`).
    pub fn heads(&self) -> Vec<&str> {
        self.ids(&self.heads)
    }

    /// The heads that nothing names, neither as parent nor as dependency:
    /// what the version table holds after `upgrade heads` (the target
    /// `heads`).
    pub fn real_heads(&self) -> Vec<&str> {
        self.ids(&self.real_heads)
    }

    /// The bases: revisions without a parent, sorted.
    pub fn bases(&self) -> Vec<&str> {
        self.ids(&self.bases)
    }

    /// The parents (`down_revision`) of a revision, in declared order.
    pub fn parents(&self, id: &str) -> Vec<&str> {
        self.with(id, |n| &n.parents)
    }

    /// The children of a revision: those whose `down_revision` names it.
    pub fn children(&self, id: &str) -> Vec<&str> {
        self.with(id, |n| &n.children)
    }

    /// The revisions this one depends on (`depends_on`, labels resolved).
    pub fn dependencies(&self, id: &str) -> Vec<&str> {
        self.with(id, |n| &n.deps)
    }

    /// The revisions that depend on this one.
    pub fn dependents(&self, id: &str) -> Vec<&str> {
        let Some(&i) = self.index.get(id) else {
            return Vec::new();
        };
        self.nodes[i]
            .all_children
            .iter()
            .filter(|&&c| self.nodes[c].deps.contains(&i))
            .map(|&c| self.id(c))
            .collect()
    }

    /// The branch labels of a revision: its own and the inherited ones,
    /// sorted.
    pub fn branch_labels(&self, id: &str) -> Vec<&str> {
        match self.index.get(id) {
            Some(&i) => self.nodes[i].labels.iter().map(String::as_str).collect(),
            None => Vec::new(),
        }
    }

    /// Every declared label with the revision that declares it.
    pub fn labels(&self) -> impl Iterator<Item = (&str, &str)> {
        self.labels.iter().map(|(l, &i)| (l.as_str(), self.id(i)))
    }

    /// Whether no `down_revision` names this revision.
    pub fn is_head(&self, id: &str) -> bool {
        self.index
            .get(id)
            .is_some_and(|&i| self.nodes[i].children.is_empty())
    }

    /// Whether this revision has no parent.
    pub fn is_base(&self, id: &str) -> bool {
        self.index
            .get(id)
            .is_some_and(|&i| self.nodes[i].parents.is_empty())
    }

    /// Whether several revisions name this one as parent.
    pub fn is_branch_point(&self, id: &str) -> bool {
        self.index
            .get(id)
            .is_some_and(|&i| self.nodes[i].children.len() > 1)
    }

    /// Whether this revision has several parents.
    pub fn is_merge_point(&self, id: &str) -> bool {
        self.index
            .get(id)
            .is_some_and(|&i| self.nodes[i].parents.len() > 1)
    }

    fn with<'a>(&'a self, id: &str, f: impl Fn(&'a Node) -> &'a Vec<usize>) -> Vec<&'a str> {
        match self.index.get(id) {
            Some(&i) => self.ids(f(&self.nodes[i])),
            None => Vec::new(),
        }
    }

    // ---- crate-internal traversal ---------------------------------------

    pub(super) fn id(&self, i: usize) -> &str {
        &self.nodes[i].rev.id
    }

    pub(super) fn ids<'v>(&self, v: impl IntoIterator<Item = &'v usize>) -> Vec<&str> {
        v.into_iter().map(|&i| self.id(i)).collect()
    }

    pub(super) fn index_of(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The revision that declares `label`.
    pub(super) fn label_node(&self, label: &str) -> Option<usize> {
        self.labels.get(label).copied()
    }

    pub(super) fn node_labels(&self, i: usize) -> &BTreeSet<String> {
        &self.nodes[i].labels
    }

    pub(super) fn heads_idx(&self) -> &[usize] {
        &self.heads
    }

    pub(super) fn real_heads_idx(&self) -> &[usize] {
        &self.real_heads
    }

    pub(super) fn bases_idx(&self) -> &[usize] {
        &self.bases
    }

    /// Parents, then the dependencies no ancestor declares (Alembic's
    /// `_normalized_down_revisions`).
    pub(super) fn norm_down(&self, i: usize) -> Vec<usize> {
        let n = &self.nodes[i];
        dedup(n.parents.iter().chain(&n.norm_deps).copied())
    }

    /// `start` and everything below it, along parents (and dependencies when
    /// `deps`).
    pub(super) fn ancestors(
        &self,
        start: impl IntoIterator<Item = usize>,
        deps: bool,
    ) -> BTreeSet<usize> {
        self.reach(start, |i| {
            if deps {
                self.norm_down(i)
            } else {
                self.nodes[i].parents.clone()
            }
        })
    }

    /// `start` and everything above it, along children (and dependents when
    /// `deps`).
    pub(super) fn descendants(
        &self,
        start: impl IntoIterator<Item = usize>,
        deps: bool,
    ) -> BTreeSet<usize> {
        self.reach(start, |i| {
            if deps {
                self.nodes[i].all_children.clone()
            } else {
                self.nodes[i].children.clone()
            }
        })
    }

    fn reach(
        &self,
        start: impl IntoIterator<Item = usize>,
        next: impl Fn(usize) -> Vec<usize>,
    ) -> BTreeSet<usize> {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<usize> = start.into_iter().collect();
        while let Some(i) = todo.pop() {
            if seen.insert(i) {
                todo.extend(next(i));
            }
        }
        seen
    }

    /// Fails when one of `targets` is an ancestor of another (Alembic's
    /// `check=True`).
    pub(super) fn check_overlap(&self, targets: &[usize]) -> Result<(), RevisionError> {
        for &t in targets {
            let below = self.ancestors([t], true);
            let others: Vec<&str> = targets
                .iter()
                .filter(|&&o| o != t && below.contains(&o))
                .map(|&o| self.id(o))
                .collect();
            if !others.is_empty() {
                return Err(RevisionError::Overlap {
                    revision: self.id(t).to_string(),
                    others: others.into_iter().map(String::from).collect(),
                });
            }
        }
        Ok(())
    }

    /// Whether `target` is an ancestor or descendant of (or is) one of
    /// `against`; true when `against` is empty.
    pub(super) fn shares_lineage(&self, target: usize, against: &[usize], deps: bool) -> bool {
        if against.is_empty() {
            return true;
        }
        let line = self.descendants([target], deps);
        let below = self.ancestors([target], deps);
        against
            .iter()
            .any(|a| line.contains(a) || below.contains(a))
    }

    /// Orders `todo` from the top down: a revision comes before its parents
    /// and dependencies. Starting from `heads`, it follows one branch down
    /// as far as no other pending branch still needs the next revision, so
    /// branches come out in one piece (Alembic's `_topological_sort`); ties
    /// go to the smaller id.
    pub(super) fn topological_sort(&self, todo: &BTreeSet<usize>, heads: &[usize]) -> Vec<usize> {
        let mut todo = todo.clone();
        let mut current: Vec<usize> = heads
            .iter()
            .copied()
            .filter(|h| todo.contains(h))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut ancestors: Vec<BTreeSet<usize>> =
            current.iter().map(|&h| self.ancestors([h], true)).collect();
        let mut output = Vec::with_capacity(todo.len());
        let mut idx = 0;
        while !current.is_empty() {
            let candidate = current[idx];
            if let Some(j) =
                (0..current.len()).find(|&j| j != idx && ancestors[j].contains(&candidate))
            {
                // Another pending branch still needs `candidate`: go down
                // that one first.
                idx = j;
                continue;
            }
            if todo.remove(&candidate) {
                output.push(candidate);
            }
            let down: Vec<usize> = self
                .norm_down(candidate)
                .into_iter()
                .filter(|r| todo.contains(r) && !current.contains(r))
                .collect();
            if down.is_empty() {
                current.remove(idx);
                ancestors.remove(idx);
                idx = idx.saturating_sub(1);
            } else if self.nodes[candidate].norm_deps.is_empty()
                && self.nodes[candidate].parents.len() == 1
            {
                current[idx] = down[0];
                ancestors[idx].remove(&candidate);
            } else {
                current[idx] = down[0];
                ancestors[idx] = self.ancestors([down[0]], true);
                for &d in &down[1..] {
                    current.push(d);
                    ancestors.push(self.ancestors([d], true));
                }
            }
        }
        // Unreachable from `heads` (not expected): keep them, parents first
        // reversed, so nothing is silently dropped.
        if !todo.is_empty() {
            let rest: Vec<usize> = todo.into_iter().collect();
            let rest_heads: Vec<usize> = rest
                .iter()
                .copied()
                .filter(|&r| {
                    !rest
                        .iter()
                        .any(|&o| o != r && self.ancestors([o], true).contains(&r))
                })
                .collect();
            output.extend(self.topological_sort(&rest.into_iter().collect(), &rest_heads));
        }
        output
    }
}

fn dedup(items: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let mut out = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

/// Whether `id` is 1 to [`MAX_ID_LEN`] characters of `[0-9a-zA-Z_]`.
pub fn is_valid_id(id: &str) -> bool {
    (1..=MAX_ID_LEN).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Whether `label` is 1 to [`MAX_LABEL_LEN`] characters of `[0-9a-zA-Z_]`
/// and not one of the words of the target grammar.
pub fn is_valid_label(label: &str) -> bool {
    (1..=MAX_LABEL_LEN).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !matches!(label, "head" | "heads" | "base")
}

/// Every problem of a set of revisions, in a stable order: invalid ids and
/// labels, duplicate ids and labels, missing parents, unknown dependencies;
/// then, when there is none of those, cycles.
pub fn validate(revisions: &[Revision]) -> Vec<RevisionError> {
    let mut sorted: Vec<&Revision> = revisions.iter().collect();
    sorted.sort_by(|a, b| (&a.id, &a.location).cmp(&(&b.id, &b.location)));
    let mut errors = Vec::new();

    let mut by_id: BTreeMap<&str, &Revision> = BTreeMap::new();
    for r in &sorted {
        if !is_valid_id(&r.id) {
            errors.push(RevisionError::InvalidId {
                id: r.id.clone(),
                location: r.location.clone(),
            });
        }
        match by_id.get(r.id.as_str()) {
            Some(first) => errors.push(RevisionError::DuplicateId {
                id: r.id.clone(),
                first: first.location.clone(),
                second: r.location.clone(),
            }),
            None => {
                by_id.insert(&r.id, r);
            }
        }
    }

    let mut labels: BTreeMap<&str, &str> = BTreeMap::new();
    for r in &sorted {
        for label in &r.branch_labels {
            if !is_valid_label(label) {
                errors.push(RevisionError::InvalidLabel {
                    label: label.clone(),
                    revision: r.id.clone(),
                });
            } else if let Some(owner) = by_id.get(label.as_str()) {
                errors.push(RevisionError::DuplicateLabel {
                    label: label.clone(),
                    first: owner.id.clone(),
                    second: r.id.clone(),
                });
            } else if let Some(first) = labels.get(label.as_str()) {
                errors.push(RevisionError::DuplicateLabel {
                    label: label.clone(),
                    first: first.to_string(),
                    second: r.id.clone(),
                });
            } else {
                labels.insert(label, &r.id);
            }
        }
    }

    for r in by_id.values() {
        for parent in &r.down_revisions {
            if !by_id.contains_key(parent.as_str()) {
                errors.push(RevisionError::MissingParent {
                    revision: r.id.clone(),
                    parent: parent.clone(),
                });
            }
        }
        for dep in &r.depends_on {
            if !by_id.contains_key(dep.as_str()) && !labels.contains_key(dep.as_str()) {
                errors.push(RevisionError::UnknownDependency {
                    revision: r.id.clone(),
                    dependency: dep.clone(),
                });
            }
        }
    }
    if !errors.is_empty() {
        return errors;
    }

    // Cycles: first along `down_revision` alone, then with `depends_on`.
    let ids: Vec<&str> = by_id.keys().copied().collect();
    let pos = |name: &str| -> Option<usize> {
        ids.binary_search(&name)
            .ok()
            .or_else(|| labels.get(name).and_then(|id| ids.binary_search(id).ok()))
    };
    let parents: Vec<Vec<usize>> = by_id
        .values()
        .map(|r| r.down_revisions.iter().filter_map(|p| pos(p)).collect())
        .collect();
    if let Some(cycle) = first_cycle(&parents) {
        errors.push(RevisionError::Cycle {
            revisions: cycle.iter().map(|&i| ids[i].to_string()).collect(),
        });
        return errors;
    }
    let all: Vec<Vec<usize>> = by_id
        .values()
        .zip(&parents)
        .map(|(r, p)| {
            let mut v = p.clone();
            v.extend(r.depends_on.iter().filter_map(|d| pos(d)));
            v
        })
        .collect();
    if let Some(cycle) = first_cycle(&all) {
        errors.push(RevisionError::DependencyCycle {
            revisions: cycle.iter().map(|&i| ids[i].to_string()).collect(),
        });
    }
    errors
}

/// The members (sorted) of the strongly connected component with a cycle
/// that holds the smallest node, if any (iterative Tarjan).
fn first_cycle(edges: &[Vec<usize>]) -> Option<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut cycles: Vec<Vec<usize>> = Vec::new();
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(top) = call.last_mut() {
            let v = top.0;
            if let Some(&w) = edges[v].get(top.1) {
                top.1 += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            call.pop();
            if let Some(&(parent, _)) = call.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 || edges[v].contains(&v) {
                    component.sort_unstable();
                    cycles.push(component);
                }
            }
        }
    }
    cycles.into_iter().min()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{diamond, linear, map, rev, two_bases, two_heads};
    use super::*;

    fn err(revisions: Vec<Revision>) -> RevisionError {
        RevisionMap::new(revisions).unwrap_err()
    }

    #[test]
    fn linear_chain() {
        let m = linear();
        assert_eq!(m.len(), 4);
        assert_eq!(m.heads(), ["ddd444"]);
        assert_eq!(m.real_heads(), ["ddd444"]);
        assert_eq!(m.bases(), ["aaa111"]);
        assert_eq!(m.parents("ccc333"), ["bbb222"]);
        assert_eq!(m.children("bbb222"), ["ccc333"]);
        assert!(m.is_head("ddd444") && !m.is_head("ccc333"));
        assert!(m.is_base("aaa111") && !m.is_base("bbb222"));
        assert!(!m.is_branch_point("bbb222") && !m.is_merge_point("bbb222"));
        let ids: Vec<&str> = m.revisions().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["aaa111", "bbb222", "ccc333", "ddd444"]);
        assert_eq!(m.get("ccc333").unwrap().message, "msg ccc333");
        assert!(m.get("ccc").is_none());
    }

    #[test]
    fn branch_point_and_merge_point() {
        let m = diamond();
        assert_eq!(m.heads(), ["top1"]);
        assert_eq!(m.bases(), ["base01"]);
        assert!(m.is_branch_point("base01"));
        assert_eq!(m.children("base01"), ["a1", "b1"]);
        assert!(m.is_merge_point("merge1"));
        assert_eq!(m.parents("merge1"), ["a2", "b2"]);
        assert_eq!(m.children("a2"), ["merge1"]);
    }

    #[test]
    fn two_heads_and_several_bases() {
        let m = two_heads();
        assert_eq!(m.heads(), ["alpha2", "beta3"]);
        assert_eq!(m.bases(), ["root"]);
        let m = two_bases();
        assert_eq!(m.bases(), ["app1", "net1"]);
        let m = map(vec![rev("x1", &[]), rev("y1", &[]), rev("z1", &[])]);
        assert_eq!(m.bases(), ["x1", "y1", "z1"]);
        assert_eq!(m.heads(), ["x1", "y1", "z1"]);
        let empty = map(Vec::new());
        assert!(empty.is_empty());
        assert!(empty.heads().is_empty());
    }

    #[test]
    fn labels_are_inherited_by_descendants_only_past_a_branch_point() {
        let m = two_heads();
        assert_eq!(m.branch_labels("alpha1"), ["alpha"]);
        assert_eq!(m.branch_labels("alpha2"), ["alpha"]);
        assert_eq!(m.branch_labels("beta3"), ["beta"]);
        // `root` is a branch point: labels do not flow down into it.
        assert!(m.branch_labels("root").is_empty());
        let labels: Vec<(&str, &str)> = m.labels().collect();
        assert_eq!(labels, [("alpha", "alpha1"), ("beta", "beta1")]);
        // On a plain line a label covers the whole line (as in Alembic).
        let m = map(vec![
            rev("l1", &[]),
            rev("l2", &["l1"]).labels(&["line"]),
            rev("l3", &["l2"]),
        ]);
        for id in ["l1", "l2", "l3"] {
            assert_eq!(m.branch_labels(id), ["line"], "{id}");
        }
        // A merge point carries the labels of both branches.
        let m = map(vec![
            rev("r", &[]),
            rev("x", &["r"]).labels(&["lx"]),
            rev("y", &["r"]).labels(&["ly"]),
            rev("m", &["x", "y"]),
        ]);
        assert_eq!(m.branch_labels("m"), ["lx", "ly"]);
        assert!(m.branch_labels("r").is_empty());
    }

    #[test]
    fn depends_on_is_not_a_parent() {
        let m = two_bases();
        assert_eq!(m.dependencies("app2"), ["net1"]); // the label resolved
        assert_eq!(m.dependencies("app3"), ["net2"]);
        assert_eq!(m.dependents("net2"), ["app3"]);
        assert!(m.parents("app2") == ["app1"]);
        // net2 is still a head for `heads()`; not a "real" head.
        assert_eq!(m.heads(), ["app3", "net2"]);
        assert_eq!(m.real_heads(), ["app3"]);
        assert!(m.is_head("net2"));
        assert!(!m.is_branch_point("net1"));
    }

    #[test]
    fn a_cycle_names_its_revisions() {
        let e = err(vec![
            rev("z", &[]),
            rev("a", &["c"]),
            rev("b", &["a"]),
            rev("c", &["b"]),
            rev("d", &["c"]),
        ]);
        assert_eq!(
            e,
            RevisionError::Cycle {
                revisions: vec!["a".into(), "b".into(), "c".into()]
            }
        );
        assert!(
            e.to_string()
                .starts_with("Cycle is detected in revisions (a, b, c)")
        );
        let e = err(vec![rev("a", &["a"])]);
        assert_eq!(
            e,
            RevisionError::Cycle {
                revisions: vec!["a".into()]
            }
        );
    }

    #[test]
    fn a_dependency_cycle_names_its_revisions() {
        let e = err(vec![
            rev("a", &[]),
            rev("b", &["a"]).depends_on(&["c"]),
            rev("c", &["b"]),
        ]);
        assert_eq!(
            e,
            RevisionError::DependencyCycle {
                revisions: vec!["b".into(), "c".into()]
            }
        );
        let e = err(vec![rev("a", &[]).depends_on(&["a"])]);
        assert!(matches!(e, RevisionError::DependencyCycle { .. }));
        // Through a label.
        let e = err(vec![
            rev("a", &[]).labels(&["la"]).depends_on(&["lb"]),
            rev("b", &[]).labels(&["lb"]).depends_on(&["la"]),
        ]);
        assert!(e.to_string().contains("(a, b)"), "{e}");
    }

    #[test]
    fn a_missing_parent_names_both() {
        let e = err(vec![rev("a", &[]), rev("b", &["a", "nope42"])]);
        assert_eq!(
            e,
            RevisionError::MissingParent {
                revision: "b".into(),
                parent: "nope42".into()
            }
        );
        assert_eq!(
            e.to_string(),
            "revision b revises 'nope42', which no revision has: add the missing revision file or fix its down_revision"
        );
    }

    #[test]
    fn a_duplicate_id_names_both_places() {
        let e = err(vec![
            rev("a", &[]).location("app::v::a_one (versions/a_one.rs:9)"),
            rev("a", &[]).location("app::v::a_two (versions/a_two.rs:9)"),
        ]);
        assert_eq!(
            e.to_string(),
            "revision id 'a' is declared twice, in app::v::a_one (versions/a_one.rs:9) and in app::v::a_two (versions/a_two.rs:9): give one of them a new id"
        );
    }

    #[test]
    fn an_unknown_dependency() {
        let e = err(vec![rev("a", &[]).depends_on(&["ghost"])]);
        assert_eq!(
            e,
            RevisionError::UnknownDependency {
                revision: "a".into(),
                dependency: "ghost".into()
            }
        );
    }

    #[test]
    fn a_label_used_twice() {
        let e = err(vec![
            rev("a", &[]).labels(&["x"]),
            rev("b", &["a"]).labels(&["x"]),
        ]);
        assert_eq!(
            e,
            RevisionError::DuplicateLabel {
                label: "x".into(),
                first: "a".into(),
                second: "b".into()
            }
        );
        assert!(
            e.to_string()
                .starts_with("Branch name 'x' in revision b already used by revision a")
        );
        // A label that is some revision's id.
        let e = err(vec![rev("a", &[]), rev("b", &["a"]).labels(&["a"])]);
        assert!(matches!(e, RevisionError::DuplicateLabel { .. }), "{e}");
    }

    #[test]
    fn invalid_ids_and_labels() {
        for bad in ["", "has-dash", "a@b", "a:b", "héllo", &"x".repeat(33)] {
            let e = err(vec![rev(bad, &[])]);
            assert!(
                matches!(&e, RevisionError::InvalidId { id, .. } if id == bad),
                "{bad}: {e}"
            );
        }
        assert!(RevisionMap::new(vec![rev(&"x".repeat(32), &[])]).is_ok());
        let e = err(vec![rev("a", &[]).location("versions/a.rs")]
            .into_iter()
            .map(|mut r| {
                r.id = "a-1".into();
                r
            })
            .collect());
        assert!(e.to_string().contains("declared in versions/a.rs"), "{e}");
        for bad in ["head", "heads", "base", "my-branch", "a@b", ""] {
            let e = err(vec![rev("a", &[]).labels(&[bad])]);
            assert!(
                matches!(&e, RevisionError::InvalidLabel { label, .. } if label == bad),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn validate_lists_every_problem() {
        let errors = validate(&[
            rev("a", &["gone"]),
            rev("b-b", &[]),
            rev("c", &[]).depends_on(&["nothing"]),
        ]);
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(matches!(errors[0], RevisionError::InvalidId { .. }));
        assert!(matches!(errors[1], RevisionError::MissingParent { .. }));
        assert!(matches!(errors[2], RevisionError::UnknownDependency { .. }));
        assert!(validate(&[rev("a", &[])]).is_empty());
    }
}
