//! Planning a run: the ordered steps of an upgrade, a downgrade or a stamp,
//! each with the change it makes to the version table. Pure: no database.
//!
//! The version table holds one row per applied head, exactly as Alembic's
//! `alembic_version` (its `HeadMaintainer`): applying a base inserts a row;
//! applying a revision whose parent is a row updates that row; applying a
//! merge point deletes all but one of its parents' rows and updates the
//! last; applying the second child of a branch point inserts a row.
//! Downgrades reverse this.

use super::error::RevisionError;
use super::graph::RevisionMap;
use super::target::{DowngradeTarget, Pos, TargetRange};
use std::collections::BTreeSet;
use std::fmt;

/// Which way a step goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Applies a revision.
    Upgrade,
    /// Reverts a revision.
    Downgrade,
}

impl Direction {
    /// `upgrade` or `downgrade` (the name of the function a step runs).
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Upgrade => "upgrade",
            Direction::Downgrade => "downgrade",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One statement on the version table.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum VersionChange {
    /// `INSERT` a row.
    Insert(String),
    /// `UPDATE` a row from one revision to another.
    Update {
        /// The row's revision before.
        from: String,
        /// The row's revision after.
        to: String,
    },
    /// `DELETE` a row.
    Delete(String),
}

impl fmt::Display for VersionChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VersionChange::Insert(id) => write!(f, "insert {id}"),
            VersionChange::Update { from, to } => write!(f, "update {from}->{to}"),
            VersionChange::Delete(id) => write!(f, "delete {id}"),
        }
    }
}

/// One revision to apply or revert, with its version-table change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The revision whose `upgrade` or `downgrade` runs.
    pub revision: String,
    /// Which of the two.
    pub direction: Direction,
    /// Where the step comes from: the parents for an upgrade (none for a
    /// base), the revision for a downgrade.
    pub from: Vec<String>,
    /// Where it goes: the revision for an upgrade, its parents for a
    /// downgrade.
    pub to: Vec<String>,
    /// The revision's message.
    pub message: String,
    /// Whether the revision runs in a transaction.
    pub transactional: bool,
    /// The statements on the version table, in order.
    pub version_changes: Vec<VersionChange>,
    /// The rows of the version table before the step, sorted.
    pub heads_before: Vec<String>,
    /// The rows after, sorted.
    pub heads_after: Vec<String>,
}

impl fmt::Display for Step {
    /// `upgrade 91008d822299 -> 2c24ef5e4a4d, add token field for user`,
    /// what follows `Running ` in the log, as Alembic writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} -> {}",
            self.direction,
            self.from.join(", "),
            self.to.join(", ")
        )?;
        if !self.message.is_empty() {
            write!(f, ", {}", self.message)?;
        }
        Ok(())
    }
}

/// One change of `stamp`: the version table moves without running any
/// revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StampStep {
    /// Up or down the graph.
    pub direction: Direction,
    /// The rows it moves from (none for a new branch).
    pub from: Vec<String>,
    /// The rows it moves to (none when stamping a branch back to base).
    pub to: Vec<String>,
    /// The statements on the version table, in order.
    pub version_changes: Vec<VersionChange>,
    /// The rows before, sorted.
    pub heads_before: Vec<String>,
    /// The rows after, sorted.
    pub heads_after: Vec<String>,
}

impl RevisionMap {
    /// The steps that bring a database whose version table holds `current`
    /// to `target`, in order: every revision after its parents and its
    /// dependencies, one branch at a time, a merge point once all its
    /// parents are applied. A target below the current revisions gives no
    /// step (as in Alembic).
    pub fn upgrade_steps(
        &self,
        current: &[&str],
        target: &str,
    ) -> Result<Vec<Step>, RevisionError> {
        let current = self.current_idx(current)?;
        let targets = self.parse_upgrade_target(&current, target, true)?;
        self.check_overlap(&targets)?;
        self.check_overlap(&current)?;
        let required = self.ancestors(targets.iter().copied(), true);
        let applied = self.ancestors(current.iter().copied(), true);
        let needs: BTreeSet<usize> = required.difference(&applied).copied().collect();
        let mut order = self.topological_sort(&needs, &targets);
        order.reverse();
        self.steps(&current, &order, Direction::Upgrade)
    }

    /// The steps that bring a database whose version table holds `current`
    /// down to `target`, in order: children before parents, dependents
    /// before what they depend on, stopping at the target. Reverting one
    /// parent branch of a merge point leaves the other branch applied.
    pub fn downgrade_steps(
        &self,
        current: &[&str],
        target: &str,
    ) -> Result<Vec<Step>, RevisionError> {
        let current = self.current_idx(current)?;
        let (label, pos, mut roots) = match self.parse_downgrade_target(&current, target)? {
            DowngradeTarget::Revert(r) => (None, None, vec![r]),
            DowngradeTarget::To { label, pos } => {
                let roots = match pos {
                    Pos::Base => self.bases_idx().to_vec(),
                    Pos::Rev(t) => self.nodes[t].children.clone(),
                };
                (label, Some(pos), roots)
            }
        };
        if let Some(label) = &label
            && roots.len() > 1
        {
            let on_branch = self.ancestors([self.resolve_branch(label)?], false);
            roots.retain(|r| on_branch.contains(r));
            if roots.is_empty() {
                return Err(self.not_a_downgrade_target(target, &current));
            }
        }
        let above = self.descendants(roots, true);
        let applied = self.ancestors(current.iter().copied(), true);
        let revert: BTreeSet<usize> = above.intersection(&applied).copied().collect();
        if let Some(Pos::Rev(t)) = pos
            && revert.is_empty()
            && !current.contains(&t)
        {
            return Err(self.not_a_downgrade_target(target, &current));
        }
        let order = self.topological_sort(&revert, &current);
        self.steps(&current, &order, Direction::Downgrade)
    }

    fn not_a_downgrade_target(&self, target: &str, current: &[usize]) -> RevisionError {
        RevisionError::NotADowngradeTarget {
            target: target.to_string(),
            current: self.ids(current).into_iter().map(String::from).collect(),
        }
    }

    /// The steps of an offline (`--sql`) upgrade over `start:end`: from
    /// `start` (base when empty) to `end` (`heads` when empty).
    pub fn upgrade_range(&self, range: &str) -> Result<Vec<Step>, RevisionError> {
        let range = TargetRange::parse(range)?;
        let start = match &range.start {
            Some(start) => self.resolve(start)?,
            None => Vec::new(),
        };
        self.upgrade_steps(&start, range.end.as_deref().unwrap_or("heads"))
    }

    /// The steps of an offline (`--sql`) downgrade over `start:end`, both
    /// required (`head:base`).
    pub fn downgrade_range(&self, range: &str) -> Result<Vec<Step>, RevisionError> {
        let parsed = TargetRange::parse(range)?;
        let (Some(start), Some(end)) = (&parsed.start, &parsed.end) else {
            return Err(RevisionError::BadTarget {
                target: range.to_string(),
                reason: "an offline downgrade needs both ends: <fromrev>:<torev>, e.g. head:base"
                    .into(),
            });
        };
        let start = self.resolve(start)?;
        self.downgrade_steps(&start, end)
    }

    /// The revisions of a history range, newest first: `start:end`,
    /// `start:`, `:end`, or everything for `None` (`base:heads`). Both ends
    /// are included; relative ends stop at the edge of the graph.
    pub fn history(&self, range: Option<&str>) -> Result<Vec<&super::Revision>, RevisionError> {
        let range = match range {
            Some(r) => TargetRange::parse(r)?,
            None => TargetRange {
                start: None,
                end: None,
            },
        };
        let start = range.start.as_deref().unwrap_or("base");
        let end = range.end.as_deref().unwrap_or("heads");
        let lower = self.history_lower(start)?;
        let mut targets = self.parse_upgrade_target(&lower, end, false)?;
        if let Some((label, _)) = start.split_once('@') {
            let label = match self.index_of(label) {
                Some(i) => self
                    .node_labels(i)
                    .iter()
                    .next()
                    .cloned()
                    .unwrap_or_default(),
                None => label.to_string(),
            };
            targets.retain(|&t| self.node_labels(t).contains(&label));
        }
        self.check_overlap(&targets)?;
        let required = self.ancestors(targets.iter().copied(), true);
        if lower.iter().any(|l| !required.contains(l)) {
            return Err(RevisionError::RangeNotAncestor {
                start: start.to_string(),
                end: end.to_string(),
            });
        }
        let below = self.ancestors(lower.iter().copied(), true);
        let mut needs: BTreeSet<usize> = required.difference(&below).copied().collect();
        needs.extend(lower.iter().copied());
        if !lower.is_empty() {
            let above = self.descendants(lower.iter().copied(), false);
            needs.retain(|n| above.contains(n));
        }
        let order = self.topological_sort(&needs, &targets);
        Ok(order.into_iter().map(|i| &self.nodes[i].rev).collect())
    }

    /// The lower end of a history range; a relative one (`-3`) counts down
    /// from the heads and stops at base.
    fn history_lower(&self, start: &str) -> Result<Vec<usize>, RevisionError> {
        let Some(rel) = super::target::parse_relative(start) else {
            return self.get_revisions(start);
        };
        let from: Vec<Pos> = match rel.symbol {
            Some(symbol) => {
                let spec = match rel.label {
                    Some(label) => format!("{label}@{symbol}"),
                    None => symbol.to_string(),
                };
                vec![self.get_revision(&spec)?.map_or(Pos::Base, Pos::Rev)]
            }
            None => self
                .real_heads_idx()
                .iter()
                .copied()
                .filter(|&h| rel.label.is_none_or(|l| self.node_labels(h).contains(l)))
                .map(Pos::Rev)
                .collect(),
        };
        let mut out = Vec::new();
        for f in from {
            if let (Pos::Rev(i), _) =
                self.walk(f, rel.delta, rel.label.filter(|_| rel.delta > 0))?
                && !out.contains(&i)
            {
                out.push(i);
            }
        }
        Ok(out)
    }

    /// The version-table changes of `stamp`: moves the rows from `current`
    /// to `targets` without running any revision. `stamp --purge` is the
    /// caller's: delete every row, then call this with no `current`.
    pub fn stamp(
        &self,
        current: &[&str],
        targets: &[&str],
    ) -> Result<Vec<StampStep>, RevisionError> {
        let current_idx = self.current_idx(current)?;
        let targets: Vec<&str> = if targets.is_empty() {
            vec!["base"]
        } else {
            targets.to_vec()
        };

        // The revisions named, and the current rows on their lines (all
        // rows for `base`; the rows of the branch for `<label>@base`).
        let mut filtered: Vec<usize> = Vec::new();
        let mut dests: Vec<Option<usize>> = Vec::new();
        for t in &targets {
            let named = self.resolve_idx(t)?;
            let mut shares = named.clone();
            if let Some((label, _)) = t.split_once('@') {
                shares.push(self.resolve_branch(label)?);
            }
            for &h in &current_idx {
                if self.shares_lineage(h, &shares, true) && !filtered.contains(&h) {
                    filtered.push(h);
                }
            }
            dests.extend(named.into_iter().map(Some));
        }
        if dests.is_empty() {
            dests.push(None);
        }

        let mut heads: BTreeSet<String> = current.iter().map(|s| s.to_string()).collect();
        let mut steps = Vec::new();
        let ids =
            |v: &[usize]| -> Vec<String> { self.ids(v).into_iter().map(String::from).collect() };
        for dest in dests {
            let (direction, from, to, branch_move) = match dest {
                None => {
                    for &h in &filtered {
                        let from = vec![self.id(h).to_string()];
                        steps.push(stamp_step(
                            &mut heads,
                            Direction::Downgrade,
                            from,
                            Vec::new(),
                            true,
                        )?);
                    }
                    continue;
                }
                Some(d) if filtered.contains(&d) => continue,
                Some(d) => {
                    let above = self.descendants([d], true);
                    let below = self.ancestors([d], true);
                    let to = vec![self.id(d).to_string()];
                    if filtered.iter().any(|h| above.contains(h)) {
                        if filtered.iter().any(|h| below.contains(h)) {
                            return Err(RevisionError::BadTarget {
                                target: self.id(d).to_string(),
                                reason: "the current revisions lie both above and below it; stamp with --purge".into(),
                            });
                        }
                        (Direction::Downgrade, ids(&filtered), to, false)
                    } else if filtered.iter().any(|h| below.contains(h)) {
                        (Direction::Upgrade, ids(&filtered), to, false)
                    } else {
                        (Direction::Upgrade, Vec::new(), to, true)
                    }
                }
            };
            steps.push(stamp_step(&mut heads, direction, from, to, branch_move)?);
        }
        Ok(steps)
    }

    /// Runs the steps over a copy of the version table, recording each
    /// change.
    fn steps(
        &self,
        current: &[usize],
        order: &[usize],
        direction: Direction,
    ) -> Result<Vec<Step>, RevisionError> {
        let mut heads: BTreeSet<usize> = current.iter().copied().collect();
        let mut steps = Vec::with_capacity(order.len());
        for &r in order {
            let before: Vec<String> = self.sorted_ids(&heads);
            let changes = self.update_to_step(&mut heads, r, direction)?;
            let node = &self.nodes[r];
            let (from, to) = match direction {
                Direction::Upgrade => (self.ids(&node.parents), vec![self.id(r)]),
                Direction::Downgrade => (vec![self.id(r)], self.ids(&node.parents)),
            };
            steps.push(Step {
                revision: self.id(r).to_string(),
                direction,
                from: from.into_iter().map(String::from).collect(),
                to: to.into_iter().map(String::from).collect(),
                message: node.rev.message.clone(),
                transactional: node.rev.transactional,
                version_changes: changes,
                heads_before: before,
                heads_after: self.sorted_ids(&heads),
            });
        }
        Ok(steps)
    }

    fn sorted_ids(&self, heads: &BTreeSet<usize>) -> Vec<String> {
        let mut v: Vec<String> = heads.iter().map(|&i| self.id(i).to_string()).collect();
        v.sort();
        v
    }

    /// Alembic's `HeadMaintainer.update_to_step` for a revision step.
    fn update_to_step(
        &self,
        heads: &mut BTreeSet<usize>,
        r: usize,
        direction: Direction,
    ) -> Result<Vec<VersionChange>, RevisionError> {
        let down = self.norm_down(r);
        let id = |i: usize| self.id(i).to_string();
        let fail = |heads: &BTreeSet<usize>, reason: &str| RevisionError::VersionTable {
            revision: id(r),
            heads: self.sorted_ids(heads),
            reason: reason.to_string(),
        };
        let upgrade = direction == Direction::Upgrade;
        let in_heads = heads.contains(&r);

        // A branch goes away: a base is reverted, or what is left below is
        // already represented by another row.
        if !upgrade && in_heads && (down.is_empty() || self.unmerge_to(heads, r, &down).is_empty())
        {
            heads.remove(&r);
            return Ok(vec![VersionChange::Delete(id(r))]);
        }
        let present: Vec<usize> = down.iter().copied().filter(|d| heads.contains(d)).collect();
        // A new branch: a base, or no parent is a row.
        if upgrade && present.is_empty() {
            if in_heads {
                return Err(fail(heads, "the revision is already a row"));
            }
            heads.insert(r);
            return Ok(vec![VersionChange::Insert(id(r))]);
        }
        // A merge point whose parents are rows: one row is left.
        if upgrade && down.len() > 1 && present.len() > 1 {
            let others: Vec<usize> = heads
                .iter()
                .copied()
                .filter(|h| !down.contains(h))
                .collect();
            let below_others = self.ancestors(others, true);
            let merged: Vec<usize> = present
                .into_iter()
                .filter(|p| !below_others.contains(p))
                .collect();
            // The first parent's row moves on; the others' rows go.
            let Some((&first, rest)) = merged.split_first() else {
                return Err(fail(heads, "its parents' rows are ancestors of other rows"));
            };
            let mut changes = Vec::new();
            for &d in rest {
                heads.remove(&d);
                changes.push(VersionChange::Delete(id(d)));
            }
            heads.remove(&first);
            heads.insert(r);
            changes.push(VersionChange::Update {
                from: id(first),
                to: id(r),
            });
            return Ok(changes);
        }
        // A merge point reverted: a row per parent branch comes back.
        if !upgrade && in_heads && down.len() > 1 {
            let to = self.unmerge_to(heads, r, &down);
            // The row moves back to the first parent; the others get rows.
            let (&first, rest) = to.split_first().expect("checked above: not empty");
            let mut changes = Vec::new();
            for &t in rest {
                heads.insert(t);
                changes.push(VersionChange::Insert(id(t)));
            }
            heads.remove(&r);
            heads.insert(first);
            changes.push(VersionChange::Update {
                from: id(r),
                to: id(first),
            });
            return Ok(changes);
        }
        // A plain move along one line.
        let parent = match down.as_slice() {
            [one] => *one,
            _ => match present.as_slice() {
                [one] => *one,
                _ => {
                    return Err(fail(
                        heads,
                        "Can't do an UPDATE because downrevision is ambiguous",
                    ));
                }
            },
        };
        let (from, to) = if upgrade { (parent, r) } else { (r, parent) };
        if !heads.contains(&from) || heads.contains(&to) {
            return Err(fail(heads, "its row is not where the graph puts it"));
        }
        heads.remove(&from);
        heads.insert(to);
        Ok(vec![VersionChange::Update {
            from: id(from),
            to: id(to),
        }])
    }

    /// The parents that need a row of their own once `r` is reverted: those
    /// no other row already stands for (Alembic's `_unmerge_to_revisions`).
    fn unmerge_to(&self, heads: &BTreeSet<usize>, r: usize, down: &[usize]) -> Vec<usize> {
        let others: Vec<usize> = heads.iter().copied().filter(|&h| h != r).collect();
        if others.is_empty() && down.len() == 1 {
            // One parent and no other row: nothing else can stand for it.
            return down.to_vec();
        }
        let covered: BTreeSet<usize> = if others.is_empty() {
            down.iter()
                .flat_map(|&d| {
                    self.ancestors([d], true)
                        .into_iter()
                        .filter(move |&a| a != d)
                })
                .collect()
        } else {
            self.ancestors(others, true)
        };
        down.iter()
            .copied()
            .filter(|d| !covered.contains(d))
            .collect()
    }
}

/// Alembic's `HeadMaintainer.update_to_step` for a stamp step.
fn stamp_step(
    heads: &mut BTreeSet<String>,
    direction: Direction,
    from: Vec<String>,
    to: Vec<String>,
    branch_move: bool,
) -> Result<StampStep, RevisionError> {
    let before: Vec<String> = heads.iter().cloned().collect();
    let fail = |reason: &str| RevisionError::VersionTable {
        revision: to.first().or(from.first()).cloned().unwrap_or_default(),
        heads: before.clone(),
        reason: reason.to_string(),
    };
    let mut changes = Vec::new();
    let upgrade = direction == Direction::Upgrade;
    if !upgrade && branch_move {
        let [row] = from.as_slice() else {
            return Err(fail("a branch is removed one row at a time"));
        };
        heads.remove(row);
        changes.push(VersionChange::Delete(row.clone()));
    } else if upgrade
        && (branch_move || from.iter().any(|f| !heads.contains(f)))
        && to.iter().any(|t| !heads.contains(t))
    {
        let [row] = to.as_slice() else {
            return Err(fail("a branch is added one row at a time"));
        };
        heads.insert(row.clone());
        changes.push(VersionChange::Insert(row.clone()));
    } else if from.len() > 1 {
        // As for a merge point: the first row moves on, the others go.
        let (first, rest) = from.split_first().expect("len > 1");
        for f in rest {
            heads.remove(f);
            changes.push(VersionChange::Delete(f.clone()));
        }
        let Some(t) = to.first() else {
            return Err(fail("nothing to merge the rows into"));
        };
        heads.remove(first);
        heads.insert(t.clone());
        changes.push(VersionChange::Update {
            from: first.clone(),
            to: t.clone(),
        });
    } else {
        let (Some(f), Some(t)) = (from.first(), to.first()) else {
            return Err(fail("no row to update"));
        };
        heads.remove(f);
        heads.insert(t.clone());
        changes.push(VersionChange::Update {
            from: f.clone(),
            to: t.clone(),
        });
    }
    Ok(StampStep {
        direction,
        from,
        to,
        version_changes: changes,
        heads_before: before,
        heads_after: heads.iter().cloned().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{diamond, linear, map, order, rev, trace, two_bases, two_heads};
    use super::*;

    fn up(m: &RevisionMap, current: &[&str], target: &str) -> Vec<String> {
        trace(
            &m.upgrade_steps(current, target)
                .unwrap_or_else(|e| panic!("{target}: {e}")),
        )
    }

    fn down(m: &RevisionMap, current: &[&str], target: &str) -> Vec<String> {
        trace(
            &m.downgrade_steps(current, target)
                .unwrap_or_else(|e| panic!("{target}: {e}")),
        )
    }

    fn stamp(m: &RevisionMap, current: &[&str], targets: &[&str]) -> Vec<String> {
        m.stamp(current, targets)
            .unwrap_or_else(|e| panic!("{targets:?}: {e}"))
            .iter()
            .map(|s| {
                let changes: Vec<String> = s
                    .version_changes
                    .iter()
                    .map(VersionChange::to_string)
                    .collect();
                format!(
                    "{}: {} => [{}]",
                    s.direction,
                    changes.join(", "),
                    s.heads_after.join(", ")
                )
            })
            .collect()
    }

    #[test]
    fn linear_upgrade_and_downgrade() {
        let m = linear();
        assert_eq!(
            up(&m, &[], "head"),
            [
                "aaa111: insert aaa111 => [aaa111]",
                "bbb222: update aaa111->bbb222 => [bbb222]",
                "ccc333: update bbb222->ccc333 => [ccc333]",
                "ddd444: update ccc333->ddd444 => [ddd444]",
            ]
        );
        assert_eq!(
            up(&m, &["bbb222"], "ccc"),
            ["ccc333: update bbb222->ccc333 => [ccc333]"]
        );
        assert_eq!(
            down(&m, &["ddd444"], "base"),
            [
                "ddd444: update ddd444->ccc333 => [ccc333]",
                "ccc333: update ccc333->bbb222 => [bbb222]",
                "bbb222: update bbb222->aaa111 => [aaa111]",
                "aaa111: delete aaa111 => []",
            ]
        );
        assert_eq!(down(&m, &["ddd444"], "bbb222").len(), 2);
        // Nothing to do.
        assert!(up(&m, &["ddd444"], "heads").is_empty());
        assert!(up(&m, &["ddd444"], "bbb222").is_empty()); // below: no step, as Alembic
        assert!(down(&m, &["bbb222"], "bbb222").is_empty());
        assert!(down(&m, &[], "base").is_empty());
        // A downgrade target above the current revision.
        let e = m.downgrade_steps(&["bbb222"], "ddd444").unwrap_err();
        assert_eq!(
            e.to_string(),
            "Destination ddd444 is not a valid downgrade target from current head(s): pick an ancestor of bbb222"
        );
    }

    #[test]
    fn a_step_describes_itself() {
        let m = linear();
        let steps = m.upgrade_steps(&[], "bbb222").unwrap();
        assert_eq!(steps[0].to_string(), "upgrade  -> aaa111, msg aaa111");
        assert_eq!(steps[1].to_string(), "upgrade aaa111 -> bbb222, msg bbb222");
        assert_eq!(steps[1].direction, Direction::Upgrade);
        assert_eq!(steps[1].from, ["aaa111"]);
        assert_eq!(steps[1].to, ["bbb222"]);
        assert_eq!(steps[1].heads_before, ["aaa111"]);
        assert_eq!(steps[1].heads_after, ["bbb222"]);
        assert!(steps[1].transactional);
        let steps = m.downgrade_steps(&["bbb222"], "base").unwrap();
        assert_eq!(
            steps[0].to_string(),
            "downgrade bbb222 -> aaa111, msg bbb222"
        );
        assert_eq!(steps[1].to_string(), "downgrade aaa111 -> , msg aaa111");
        let steps = diamond().upgrade_steps(&["a2", "b2"], "merge1").unwrap();
        assert_eq!(steps[0].to_string(), "upgrade a2, b2 -> merge1, msg merge1");
        assert_eq!(
            steps[0].version_changes,
            [
                VersionChange::Delete("b2".into()),
                VersionChange::Update {
                    from: "a2".into(),
                    to: "merge1".into()
                }
            ]
        );
        let mut r = rev("conc1", &[]);
        r.transactional = false;
        let steps = map(vec![r]).upgrade_steps(&[], "head").unwrap();
        assert!(!steps[0].transactional);
    }

    #[test]
    fn branch_point_adds_a_row_and_merge_point_removes_one() {
        let m = diamond();
        assert_eq!(
            up(&m, &[], "head"),
            [
                "base01: insert base01 => [base01]",
                "b1: update base01->b1 => [b1]",
                "b2: update b1->b2 => [b2]",
                // The second child of the branch point: a new row.
                "a1: insert a1 => [a1, b2]",
                "a2: update a1->a2 => [a2, b2]",
                // The merge point: its parents' two rows become one.
                "merge1: delete b2, update a2->merge1 => [merge1]",
                "top1: update merge1->top1 => [top1]",
            ]
        );
        // From one branch, the other is applied before the merge point.
        assert_eq!(
            up(&m, &["a2"], "heads"),
            [
                "b1: insert b1 => [a2, b1]",
                "b2: update b1->b2 => [a2, b2]",
                "merge1: delete b2, update a2->merge1 => [merge1]",
                "top1: update merge1->top1 => [top1]",
            ]
        );
        assert_eq!(
            up(&m, &["a2", "b1"], "merge1"),
            [
                "b2: update b1->b2 => [a2, b2]",
                "merge1: delete b2, update a2->merge1 => [merge1]",
            ]
        );
    }

    #[test]
    fn downgrade_through_a_merge_point() {
        let m = diamond();
        assert_eq!(
            down(&m, &["top1"], "base"),
            [
                "top1: update top1->merge1 => [merge1]",
                // The merge point reverted: a row per parent branch.
                "merge1: insert b2, update merge1->a2 => [a2, b2]",
                "a2: update a2->a1 => [a1, b2]",
                // Back at the branch point, one row is enough.
                "a1: delete a1 => [b2]",
                "b2: update b2->b1 => [b1]",
                "b1: update b1->base01 => [base01]",
                "base01: delete base01 => []",
            ]
        );
        // Down one branch of the merge: the other stays applied.
        assert_eq!(
            down(&m, &["top1"], "a1"),
            [
                "top1: update top1->merge1 => [merge1]",
                "merge1: insert b2, update merge1->a2 => [a2, b2]",
                "a2: update a2->a1 => [a1, b2]",
            ]
        );
        assert_eq!(
            down(&m, &["a2", "b2"], "a2@-1"),
            ["a2: update a2->a1 => [a1, b2]"]
        );
        assert_eq!(
            down(&m, &["a2", "b2"], "b2@-2"),
            ["b2: update b2->b1 => [a2, b1]", "b1: delete b1 => [a2]"]
        );
        assert_eq!(
            down(&m, &["merge1"], "-1"),
            ["merge1: insert b2, update merge1->a2 => [a2, b2]"]
        );
        // A target on a branch that is not applied.
        let e = m.downgrade_steps(&["a2"], "b1").unwrap_err();
        assert!(
            matches!(e, RevisionError::NotADowngradeTarget { .. }),
            "{e}"
        );
    }

    #[test]
    fn two_heads_and_labels() {
        let m = two_heads();
        assert_eq!(
            up(&m, &[], "heads"),
            [
                "root: insert root => [root]",
                "beta1: update root->beta1 => [beta1]",
                "beta2: update beta1->beta2 => [beta2]",
                "beta3: update beta2->beta3 => [beta3]",
                "alpha1: insert alpha1 => [alpha1, beta3]",
                "alpha2: update alpha1->alpha2 => [alpha2, beta3]",
            ]
        );
        assert!(matches!(
            m.upgrade_steps(&[], "head"),
            Err(RevisionError::MultipleHeads { .. })
        ));
        assert_eq!(
            up(&m, &["alpha2"], "beta@head"),
            [
                "beta1: insert beta1 => [alpha2, beta1]",
                "beta2: update beta1->beta2 => [alpha2, beta2]",
                "beta3: update beta2->beta3 => [alpha2, beta3]",
            ]
        );
        assert_eq!(
            order(&m.upgrade_steps(&[], "alpha@head").unwrap()),
            ["root", "alpha1", "alpha2"]
        );
        assert_eq!(
            order(&m.upgrade_steps(&[], "beta").unwrap()),
            ["root", "beta1"]
        );
        assert_eq!(
            down(&m, &["alpha2", "beta3"], "beta@beta1"),
            [
                "beta3: update beta3->beta2 => [alpha2, beta2]",
                "beta2: update beta2->beta1 => [alpha2, beta1]"
            ]
        );
        assert_eq!(
            order(&m.downgrade_steps(&["alpha2", "beta3"], "root").unwrap()),
            ["alpha2", "alpha1", "beta3", "beta2", "beta1"]
        );
        // Both branches start at one base: `beta@base` is that base (as in
        // Alembic), so both go.
        assert_eq!(
            m.downgrade_steps(&["alpha2", "beta3"], "beta@base")
                .unwrap()
                .len(),
            6
        );
    }

    #[test]
    fn several_bases_and_depends_on() {
        let m = two_bases();
        // Upgrading to app2 also upgrades net1, which it depends on.
        assert_eq!(
            up(&m, &[], "app2"),
            [
                "net1: insert net1 => [net1]",
                "app1: insert app1 => [app1, net1]",
                "app2: delete net1, update app1->app2 => [app2]",
            ]
        );
        assert_eq!(
            up(&m, &[], "heads"),
            [
                "net1: insert net1 => [net1]",
                "net2: update net1->net2 => [net2]",
                "app1: insert app1 => [app1, net2]",
                "app2: update app1->app2 => [app2, net2]",
                // app3 depends on net2: one row stands for both.
                "app3: delete net2, update app2->app3 => [app3]",
            ]
        );
        assert_eq!(
            up(&m, &["net2"], "app2"),
            [
                "app1: insert app1 => [app1, net2]",
                "app2: update app1->app2 => [app2, net2]"
            ]
        );
        assert_eq!(
            order(&m.upgrade_steps(&[], "net@head").unwrap()),
            ["net1", "net2"]
        );
        // Reverting the `net` branch reverts what depends on it, not app1.
        assert_eq!(
            down(&m, &["app3"], "net@base"),
            [
                "app3: insert net2, update app3->app2 => [app2, net2]",
                "app2: update app2->app1 => [app1, net2]",
                "net2: update net2->net1 => [app1, net1]",
                "net1: delete net1 => [app1]",
            ]
        );
        assert_eq!(
            down(&m, &["app3"], "app@base"),
            [
                "app3: insert net2, update app3->app2 => [app2, net2]",
                "app2: update app2->app1 => [app1, net2]",
                "app1: delete app1 => [net2]",
            ]
        );
        // net1 stays: app2's row implies it through the dependency.
        assert_eq!(
            down(&m, &["app3"], "net1"),
            [
                "app3: insert net2, update app3->app2 => [app2, net2]",
                "net2: delete net2 => [app2]"
            ]
        );
        assert_eq!(down(&m, &["app3"], "base").len(), 5);
    }

    #[test]
    fn the_current_rows_are_checked() {
        let m = diamond();
        assert_eq!(
            m.upgrade_steps(&["nope"], "head").unwrap_err(),
            RevisionError::UnknownCurrent("nope".into())
        );
        // A row that is the ancestor of another row.
        let e = m.upgrade_steps(&["a1", "a2"], "head").unwrap_err();
        assert_eq!(
            e,
            RevisionError::Overlap {
                revision: "a2".into(),
                others: vec!["a1".into()]
            }
        );
        // Prefixes are not rows.
        assert!(matches!(
            m.downgrade_steps(&["top"], "base"),
            Err(RevisionError::UnknownCurrent(_))
        ));
    }

    #[test]
    fn long_chains_stay_fast() {
        let n = 3000;
        let ids: Vec<String> = (0..n).map(|i| format!("r{i:05}")).collect();
        let revisions = (0..n)
            .map(|i| {
                if i == 0 {
                    rev(&ids[0], &[])
                } else {
                    rev(&ids[i], &[&ids[i - 1]])
                }
            })
            .collect();
        let start = std::time::Instant::now();
        let m = map(revisions);
        assert_eq!(m.upgrade_steps(&[], "head").unwrap().len(), n);
        assert_eq!(m.downgrade_steps(&[&ids[n - 1]], "base").unwrap().len(), n);
        assert_eq!(m.history(None).unwrap().len(), n);
        assert_eq!(m.resolve("head-100").unwrap(), [ids[n - 101].as_str()]);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    fn history() {
        let ids = |m: &RevisionMap, r: Option<&str>| -> Vec<String> {
            m.history(r)
                .unwrap()
                .into_iter()
                .map(|r| r.id.clone())
                .collect()
        };
        let m = diamond();
        assert_eq!(
            ids(&m, None),
            ["top1", "merge1", "a2", "a1", "b2", "b1", "base01"]
        );
        assert_eq!(ids(&m, Some("b1:merge1")), ["merge1", "b2", "b1"]);
        assert_eq!(ids(&m, Some(":a2")), ["a2", "a1", "base01"]);
        assert_eq!(ids(&m, Some("merge1:")), ["top1", "merge1"]);
        assert_eq!(ids(&m, Some("-1:")), ["top1", "merge1"]);
        // Down through a merge point is ambiguous (as in Alembic).
        assert!(matches!(
            m.history(Some("-2:")),
            Err(RevisionError::AmbiguousWalk { .. })
        ));
        let m = two_heads();
        assert_eq!(ids(&m, Some("beta1:")), ["beta3", "beta2", "beta1"]);
        assert_eq!(ids(&m, Some("alpha1:alpha@head")), ["alpha2", "alpha1"]);
        let e = m.history(Some("alpha1:beta3")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Requested range alpha1:beta3 does not refer to ancestor/descendant revisions along the same branch"
        );
        assert!(m.history(Some("alpha1")).is_err());
    }

    #[test]
    fn stamps() {
        let m = diamond();
        assert_eq!(
            stamp(&m, &[], &["heads"]),
            ["upgrade: insert top1 => [top1]"]
        );
        assert_eq!(
            stamp(&m, &["top1"], &["base"]),
            ["downgrade: delete top1 => []"]
        );
        assert_eq!(stamp(&m, &["top1"], &[]), ["downgrade: delete top1 => []"]);
        assert_eq!(
            stamp(&m, &["top1"], &["a1"]),
            ["downgrade: update top1->a1 => [a1]"]
        );
        assert_eq!(
            stamp(&m, &["a1"], &["a2"]),
            ["upgrade: update a1->a2 => [a2]"]
        );
        assert_eq!(
            stamp(&m, &["a2", "b2"], &["merge1"]),
            ["upgrade: delete b2, update a2->merge1 => [merge1]"]
        );
        // A branch that has no row yet.
        assert_eq!(
            stamp(&m, &["a2"], &["b1"]),
            ["upgrade: insert b1 => [a2, b1]"]
        );
        assert_eq!(
            stamp(&m, &["a2"], &["a2", "b2"]),
            ["upgrade: insert b2 => [a2, b2]"]
        );
        // Already there.
        assert!(stamp(&m, &["top1"], &["top1"]).is_empty());
        // --purge: the caller deletes every row, then stamps from none.
        assert_eq!(stamp(&m, &[], &["a2"]), ["upgrade: insert a2 => [a2]"]);
        let steps = m.stamp(&["a1"], &["a2"]).unwrap();
        assert_eq!(steps[0].from, ["a1"]);
        assert_eq!(steps[0].to, ["a2"]);
        assert_eq!(steps[0].heads_before, ["a1"]);
        assert!(matches!(
            m.stamp(&[], &["zzz"]),
            Err(RevisionError::NotFound(_))
        ));
        let m = two_heads();
        assert_eq!(stamp(&m, &["alpha2", "beta3"], &["base"]).len(), 2);
        assert_eq!(
            stamp(&m, &["alpha2", "beta3"], &["beta@head-1"]),
            ["downgrade: update beta3->beta2 => [alpha2, beta2]"]
        );
    }
}
