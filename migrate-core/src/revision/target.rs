//! The target grammar of Alembic, resolved against the graph and the
//! current heads (the rows of the version table).
//!
//! | target | means |
//! |---|---|
//! | `head` | the one head (an error when there are several) |
//! | `heads` | every head |
//! | `base` | before the first revision |
//! | `2c24ef5e4a4d`, `2c24` | an id, or a prefix that matches one id only |
//! | `auth` | the revision that declares the branch label `auth` |
//! | `auth@head`, `auth@heads`, `auth@base` | the same, on branch `auth` |
//! | `auth@2c24` | a revision, checked to be on branch `auth` |
//! | `+2`, `-1` | relative to the current revision |
//! | `auth@+2`, `auth@-1` | relative to the current revision of branch `auth` |
//! | `2c24+2`, `2c24-1`, `head-1`, `auth@head-1` | relative to a revision |
//! | `start:end` | a range, for offline (`--sql`) runs and `history` |

use super::error::RevisionError;
use super::graph::RevisionMap;
use std::collections::BTreeSet;

/// A `start:end` range. Either end may be empty (`:end`, `start:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetRange {
    /// The lower end (`None` when empty).
    pub start: Option<String>,
    /// The upper end (`None` when empty).
    pub end: Option<String>,
}

impl TargetRange {
    /// Parses `start:end`, `start:` or `:end`.
    pub fn parse(s: &str) -> Result<Self, RevisionError> {
        let s = s.trim();
        let mut parts = s.split(':');
        let (Some(start), Some(end), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(RevisionError::BadTarget {
                target: s.to_string(),
                reason: "a range is written [start]:[end], [start]:, or :[end]".into(),
            });
        };
        let part = |p: &str| (!p.trim().is_empty()).then(|| p.trim().to_string());
        Ok(TargetRange {
            start: part(start),
            end: part(end),
        })
    }
}

/// `[<label>@][<symbol>]{+|-}N`, Alembic's `_relative_destination`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Relative<'a> {
    pub(super) label: Option<&'a str>,
    pub(super) symbol: Option<&'a str>,
    pub(super) delta: i64,
    /// The `+N` / `-N` part as written.
    pub(super) text: &'a str,
}

pub(super) fn parse_relative(s: &str) -> Option<Relative<'_>> {
    let (label, rest) = match s.rfind('@') {
        Some(0) => return None,
        Some(at) => (Some(&s[..at]), &s[at + 1..]),
        None => (None, s),
    };
    let sign = rest.rfind(['+', '-'])?;
    let (symbol, text) = rest.split_at(sign);
    let digits = &text[1..];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !symbol
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return None;
    }
    let delta: i64 = text.parse().ok()?;
    Some(Relative {
        label,
        symbol: (!symbol.is_empty()).then_some(symbol),
        delta,
        text,
    })
}

/// A place in the graph: before every revision, or at one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pos {
    Base,
    Rev(usize),
}

/// Where a downgrade goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum DowngradeTarget {
    /// Down to this place; on the branch `label` when given.
    To { label: Option<String>, pos: Pos },
    /// Revert this revision and everything above it that is applied (a
    /// relative `-N`: the revision N - 1 below the current one).
    Revert(usize),
}

/// What `head`, `heads`, `base` resolve to, or an identifier left to look
/// up (Alembic's `_resolve_revision_number`).
enum Resolved<'a> {
    Ids(Vec<usize>),
    Ident(&'a str),
}

fn split_label(spec: &str) -> (Option<&str>, &str) {
    match spec.split_once('@') {
        Some((label, rest)) => (Some(label), rest),
        None => (None, spec),
    }
}

impl RevisionMap {
    /// Resolves a target that needs no current state (`head`, `heads`,
    /// `base`, an id or prefix, a label, `<label>@head`, `<id>+N`,
    /// `head-N`, `<label>@-N` counted from the branch heads, ...) to
    /// revision ids; `base` resolves to none.
    pub fn resolve(&self, target: &str) -> Result<Vec<&str>, RevisionError> {
        Ok(self.ids(&self.resolve_idx(target)?))
    }

    pub(super) fn resolve_idx(&self, target: &str) -> Result<Vec<usize>, RevisionError> {
        match parse_relative(target) {
            Some(rel) if rel.symbol.is_none() && rel.delta < 0 => self.get_revisions(target),
            Some(_) => self.parse_upgrade_target(&[], target, true),
            None => self.get_revisions(target),
        }
    }

    /// Resolves the rows of the version table: exact ids only.
    pub(super) fn current_idx(&self, current: &[&str]) -> Result<Vec<usize>, RevisionError> {
        let mut out = Vec::new();
        for id in current {
            let i = self
                .index_of(id)
                .ok_or_else(|| RevisionError::UnknownCurrent(id.to_string()))?;
            if !out.contains(&i) {
                out.push(i);
            }
        }
        Ok(out)
    }

    fn resolve_number<'a>(
        &self,
        spec: &'a str,
    ) -> Result<(Resolved<'a>, Option<&'a str>), RevisionError> {
        let (label, id) = split_label(spec);
        let resolved = match id {
            "heads" => Resolved::Ids(match label {
                Some(label) => self.filter_for_lineage(self.heads_idx(), label, false)?,
                None => self.real_heads_idx().to_vec(),
            }),
            "head" => Resolved::Ids(self.current_head(label)?.into_iter().collect()),
            "base" | "" => Resolved::Ids(Vec::new()),
            other => Resolved::Ident(other),
        };
        Ok((resolved, label))
    }

    /// The one head (of `label`'s branch); several are an error.
    fn current_head(&self, label: Option<&str>) -> Result<Option<usize>, RevisionError> {
        let heads = match label {
            Some(label) => self.filter_for_lineage(self.heads_idx(), label, false)?,
            None => self.heads_idx().to_vec(),
        };
        if heads.len() > 1 {
            return Err(RevisionError::MultipleHeads {
                argument: match label {
                    Some(label) => format!("{label}@head"),
                    None => "head".into(),
                },
                heads: self.ids(&heads).into_iter().map(String::from).collect(),
            });
        }
        Ok(heads.first().copied())
    }

    /// The members of `targets` on the line of descent of `check_against`.
    pub(super) fn filter_for_lineage(
        &self,
        targets: &[usize],
        check_against: &str,
        deps: bool,
    ) -> Result<Vec<usize>, RevisionError> {
        let (resolved, label) = self.resolve_number(check_against)?;
        let mut shares = Vec::new();
        if let Some(label) = label {
            shares.push(self.revision_for_ident(label, None)?);
        }
        match resolved {
            Resolved::Ids(ids) => shares.extend(ids),
            Resolved::Ident(ident) => shares.push(self.revision_for_ident(ident, None)?),
        }
        Ok(targets
            .iter()
            .copied()
            .filter(|&t| self.shares_lineage(t, &shares, deps))
            .collect())
    }

    /// A branch label, or failing that a revision, used as a branch.
    pub(super) fn resolve_branch(&self, label: &str) -> Result<usize, RevisionError> {
        if let Some(i) = self.label_node(label) {
            return Ok(i);
        }
        self.revision_for_ident(label, None)
            .map_err(|_| RevisionError::NotFound(label.to_string()))
    }

    /// An id, a label or a unique id prefix; checked to be on `branch`.
    fn revision_for_ident(
        &self,
        ident: &str,
        branch: Option<&str>,
    ) -> Result<usize, RevisionError> {
        let branch_rev = branch.map(|b| self.resolve_branch(b)).transpose()?;
        let found = match self.index_of(ident).or_else(|| self.label_node(ident)) {
            Some(i) => i,
            None => {
                let mut candidates: Vec<usize> = (0..self.len())
                    .filter(|&i| self.id(i).starts_with(ident))
                    .collect();
                if let Some(b) = branch_rev {
                    candidates.retain(|&c| self.shares_lineage(c, &[b], false));
                }
                match candidates.as_slice() {
                    [] => return Err(RevisionError::NotFound(ident.to_string())),
                    [one] => *one,
                    _ => {
                        return Err(RevisionError::AmbiguousPrefix {
                            prefix: ident.to_string(),
                            candidates: self
                                .ids(&candidates)
                                .into_iter()
                                .map(String::from)
                                .collect(),
                        });
                    }
                }
            }
        };
        if let (Some(b), Some(label)) = (branch_rev, branch)
            && !self.shares_lineage(found, &[b], false)
        {
            return Err(RevisionError::NotOnBranch {
                revision: self.id(found).to_string(),
                label: label.to_string(),
            });
        }
        Ok(found)
    }

    /// Every revision `spec` names (Alembic's `get_revisions`).
    pub(super) fn get_revisions(&self, spec: &str) -> Result<Vec<usize>, RevisionError> {
        let (resolved, label) = self.resolve_number(spec)?;
        match resolved {
            Resolved::Ids(ids) => Ok(ids),
            Resolved::Ident(ident) => match ident.parse::<i64>() {
                // `<label>@-N`: N down from the heads (of that branch).
                Ok(n) if n < 0 => {
                    let mut out = Vec::new();
                    for &head in self.real_heads_idx() {
                        if label.is_some_and(|l| !self.node_labels(head).contains(l)) {
                            continue;
                        }
                        let (pos, made) = self.walk(Pos::Rev(head), n, None)?;
                        if made < n.unsigned_abs() {
                            return Err(RevisionError::WalkedTooFar {
                                target: spec.to_string(),
                                reason: "below base".into(),
                            });
                        }
                        if let Pos::Rev(i) = pos
                            && !out.contains(&i)
                        {
                            out.push(i);
                        }
                    }
                    Ok(out)
                }
                _ => Ok(vec![self.revision_for_ident(ident, label)?]),
            },
        }
    }

    /// The one revision `spec` names (`None` for base).
    pub(super) fn get_revision(&self, spec: &str) -> Result<Option<usize>, RevisionError> {
        let (resolved, label) = self.resolve_number(spec)?;
        match resolved {
            Resolved::Ids(ids) if ids.len() > 1 => Err(RevisionError::MultipleHeads {
                argument: spec.to_string(),
                heads: self.ids(&ids).into_iter().map(String::from).collect(),
            }),
            Resolved::Ids(ids) => Ok(ids.first().copied()),
            Resolved::Ident(ident) => Ok(Some(self.revision_for_ident(ident, label)?)),
        }
    }

    fn pos_of(&self, spec: &str) -> Result<Pos, RevisionError> {
        Ok(self.get_revision(spec)?.map_or(Pos::Base, Pos::Rev))
    }

    fn pos_name(&self, pos: Pos) -> String {
        match pos {
            Pos::Base => "base".into(),
            Pos::Rev(i) => self.id(i).to_string(),
        }
    }

    /// Walks `steps` up (positive) or down (negative), up only along the
    /// branch `label` when given. Stops at the edge of the graph: returns
    /// where it stopped and how many steps it made.
    pub(super) fn walk(
        &self,
        start: Pos,
        steps: i64,
        label: Option<&str>,
    ) -> Result<(Pos, u64), RevisionError> {
        let mut at = start;
        let mut made = 0;
        for _ in 0..steps.unsigned_abs() {
            let next: Vec<Pos> = if steps > 0 {
                let up = match at {
                    Pos::Base => self.bases_idx().to_vec(),
                    Pos::Rev(i) => self.nodes[i].children.clone(),
                };
                let up = match label {
                    Some(label) => self.filter_for_lineage(&up, label, false)?,
                    None => up,
                };
                up.into_iter().map(Pos::Rev).collect()
            } else {
                match at {
                    Pos::Base => Vec::new(),
                    Pos::Rev(i) if self.nodes[i].parents.is_empty() => vec![Pos::Base],
                    Pos::Rev(i) => self.nodes[i].parents.iter().map(|&p| Pos::Rev(p)).collect(),
                }
            };
            match next.as_slice() {
                [] => break,
                [one] => {
                    at = *one;
                    made += 1;
                }
                _ => {
                    return Err(RevisionError::AmbiguousWalk {
                        from: self.pos_name(at),
                        direction: if steps > 0 { "children" } else { "parents" },
                        candidates: next.iter().map(|&p| self.pos_name(p)).collect(),
                    });
                }
            }
        }
        Ok((at, made))
    }

    /// What an upgrade to `target` aims at (Alembic's
    /// `_parse_upgrade_target`); empty for base. With `strict`, walking past
    /// the edge of the graph is an error, else the walk stops there.
    pub(super) fn parse_upgrade_target(
        &self,
        current: &[usize],
        target: &str,
        strict: bool,
    ) -> Result<Vec<usize>, RevisionError> {
        let Some(rel) = parse_relative(target) else {
            return self.get_revisions(target);
        };
        let count = rel.delta.unsigned_abs();
        let pos = if rel.delta > 0 {
            match rel.symbol {
                None => {
                    let start = self.upgrade_start(current, rel)?;
                    let (pos, made) = self.walk(start, rel.delta, rel.label)?;
                    if made < count && strict {
                        return Err(RevisionError::RelativeTooFar {
                            relative: rel.text.to_string(),
                            count,
                            reason: format!(
                                "it goes past the head ({made} revision{} above {})",
                                if made == 1 { " lies" } else { "s lie" },
                                match start {
                                    Pos::Base => "base".to_string(),
                                    Pos::Rev(i) => format!("the current revision {}", self.id(i)),
                                }
                            ),
                        });
                    }
                    pos
                }
                Some(symbol) => {
                    let (pos, made) = self.walk(self.pos_of(symbol)?, rel.delta, rel.label)?;
                    if made < count && strict {
                        return Err(RevisionError::WalkedTooFar {
                            target: target.to_string(),
                            reason: "past the head".into(),
                        });
                    }
                    pos
                }
            }
        } else {
            let Some(symbol) = rel.symbol else {
                return Err(RevisionError::RelativeTooFar {
                    relative: rel.text.to_string(),
                    count,
                    reason: format!("an upgrade only goes up; use `downgrade {}`", rel.text),
                });
            };
            let start = match rel.label {
                Some(label) => self.pos_of(&format!("{label}@{symbol}"))?,
                None => self.pos_of(symbol)?,
            };
            let (pos, made) = self.walk(start, rel.delta, None)?;
            if made < count && strict {
                return Err(RevisionError::WalkedTooFar {
                    target: target.to_string(),
                    reason: "below base".into(),
                });
            }
            pos
        };
        Ok(match pos {
            Pos::Base => Vec::new(),
            Pos::Rev(i) => vec![i],
        })
    }

    /// Where `+N` / `<label>@+N` counts from.
    fn upgrade_start(&self, current: &[usize], rel: Relative<'_>) -> Result<Pos, RevisionError> {
        let mut start: Vec<Pos> = current.iter().map(|&c| Pos::Rev(c)).collect();
        if let Some(label) = rel.label {
            let on_branch = self.filter_for_lineage(current, label, false)?;
            start = on_branch.iter().map(|&c| Pos::Rev(c)).collect();
            if start.is_empty() {
                // The branch has no current head: start from the newest
                // applied revisions on it, or from base.
                let applied: Vec<usize> = self
                    .ancestors(current.iter().copied(), true)
                    .into_iter()
                    .collect();
                let active = self.filter_for_lineage(&applied, label, false)?;
                let below: BTreeSet<usize> =
                    active.iter().flat_map(|&a| self.norm_down(a)).collect();
                start = active
                    .into_iter()
                    .filter(|a| !below.contains(a))
                    .map(Pos::Rev)
                    .collect();
            }
        }
        match start.as_slice() {
            [] => Ok(Pos::Base),
            [one] => Ok(*one),
            _ => Err(RevisionError::AmbiguousRelative {
                direction: "upgrade",
                relative: rel.text.to_string(),
                heads: start.iter().map(|&p| self.pos_name(p)).collect(),
            }),
        }
    }

    /// What a downgrade to `target` aims at, and the branch it is narrowed
    /// to (Alembic's `_parse_downgrade_target`).
    pub(super) fn parse_downgrade_target(
        &self,
        current: &[usize],
        target: &str,
    ) -> Result<DowngradeTarget, RevisionError> {
        let Some(rel) = parse_relative(target) else {
            let label = target.rsplit_once('@').map(|(label, _)| label.to_string());
            return Ok(DowngradeTarget::To {
                label,
                pos: self.pos_of(target)?,
            });
        };
        let count = rel.delta.unsigned_abs();
        let label = rel.label.map(String::from);
        if rel.delta >= 0 {
            let Some(symbol) = rel.symbol else {
                return Err(RevisionError::RelativeTooFar {
                    relative: rel.text.to_string(),
                    count,
                    reason: format!("a downgrade only goes down; use `upgrade {}`", rel.text),
                });
            };
            let (pos, made) = self.walk(self.pos_of(symbol)?, rel.delta, rel.label)?;
            if made < count {
                return Err(RevisionError::WalkedTooFar {
                    target: target.to_string(),
                    reason: "past the head".into(),
                });
            }
            return Ok(DowngradeTarget::To { label, pos });
        }
        let Some(symbol) = rel.symbol else {
            // `-N` / `<label>@-N`: from the current revision (of the branch).
            let from = match rel.label {
                Some(label) => {
                    let mut on_branch = self.filter_for_lineage(current, label, false)?;
                    if on_branch.is_empty() {
                        let all = self.all_current(current);
                        on_branch = self.filter_for_lineage(&all, label, false)?;
                    }
                    match on_branch.as_slice() {
                        [one] => *one,
                        [] => {
                            return Err(RevisionError::RelativeTooFar {
                                relative: rel.text.to_string(),
                                count,
                                reason: format!("no applied revision is on branch '{label}'"),
                            });
                        }
                        _ => {
                            return Err(RevisionError::AmbiguousRelative {
                                direction: "downgrade",
                                relative: rel.text.to_string(),
                                heads: self.ids(&on_branch).into_iter().map(String::from).collect(),
                            });
                        }
                    }
                }
                None => match current {
                    [one] => *one,
                    [] => {
                        return Err(RevisionError::RelativeTooFar {
                            relative: rel.text.to_string(),
                            count,
                            reason: "the database is at base (no revision is applied)".into(),
                        });
                    }
                    _ => {
                        return Err(RevisionError::AmbiguousRelative {
                            direction: "downgrade",
                            relative: rel.text.to_string(),
                            heads: self.ids(current).into_iter().map(String::from).collect(),
                        });
                    }
                },
            };
            // N - 1 steps down, then revert from there: the last step may
            // leave a merge point, which Alembic calls an ambiguous walk
            // although what to revert is clear.
            let (pos, made) = self.walk(Pos::Rev(from), rel.delta + 1, None)?;
            return match pos {
                Pos::Rev(last) if made + 1 == count => Ok(DowngradeTarget::Revert(last)),
                _ => Err(RevisionError::RelativeTooFar {
                    relative: rel.text.to_string(),
                    count,
                    reason: format!(
                        "it goes below base ({made} revision{} at or below {})",
                        if made == 1 { " is" } else { "s are" },
                        self.id(from)
                    ),
                }),
            };
        };
        let start = match rel.label {
            Some(label) => self.pos_of(&format!("{label}@{symbol}"))?,
            None => self.pos_of(symbol)?,
        };
        let (pos, made) = self.walk(start, rel.delta, None)?;
        if made < count {
            return Err(RevisionError::WalkedTooFar {
                target: target.to_string(),
                reason: "below base".into(),
            });
        }
        Ok(DowngradeTarget::To { label, pos })
    }

    /// The tips of everything applied (Alembic's `_get_all_current`).
    fn all_current(&self, current: &[usize]) -> Vec<usize> {
        let all = self.ancestors(current.iter().copied(), true);
        all.iter()
            .copied()
            .filter(|&r| {
                self.descendants([r], false)
                    .iter()
                    .all(|d| *d == r || !all.contains(d))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{diamond, linear, map, order, rev, two_bases, two_heads};
    use super::*;

    fn resolve(m: &RevisionMap, target: &str) -> Vec<String> {
        match m.resolve(target) {
            Ok(ids) => ids.into_iter().map(String::from).collect(),
            Err(e) => panic!("{target}: {e}"),
        }
    }

    fn fail(m: &RevisionMap, target: &str) -> RevisionError {
        m.resolve(target).expect_err(target)
    }

    #[test]
    fn head_heads_base() {
        let m = linear();
        assert_eq!(resolve(&m, "head"), ["ddd444"]);
        assert_eq!(resolve(&m, "heads"), ["ddd444"]);
        assert!(resolve(&m, "base").is_empty());
        let m = two_heads();
        assert_eq!(resolve(&m, "heads"), ["alpha2", "beta3"]);
        let e = fail(&m, "head");
        assert_eq!(
            e.to_string(),
            "Multiple head revisions are present for given argument 'head'; please specify a specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads"
        );
        assert!(
            matches!(e, RevisionError::MultipleHeads { heads, .. } if heads == ["alpha2", "beta3"])
        );
        // `heads` leaves out heads that another branch depends on.
        assert_eq!(resolve(&two_bases(), "heads"), ["app3"]);
        assert!(map(Vec::new()).resolve("head").unwrap().is_empty());
    }

    #[test]
    fn ids_and_prefixes() {
        let m = linear();
        assert_eq!(resolve(&m, "ccc333"), ["ccc333"]);
        assert_eq!(resolve(&m, "cc"), ["ccc333"]);
        assert_eq!(resolve(&m, "b"), ["bbb222"]);
        let e = fail(&m, "deadbeef");
        assert_eq!(
            e.to_string(),
            "Can't locate revision identified by 'deadbeef'"
        );
        let m = map(vec![
            rev("ae1027a6acf", &[]),
            rev("ae10f2b1c3d4", &["ae1027a6acf"]),
            rev("ae20", &["ae10f2b1c3d4"]),
        ]);
        let e = fail(&m, "ae1");
        assert_eq!(
            e,
            RevisionError::AmbiguousPrefix {
                prefix: "ae1".into(),
                candidates: vec!["ae1027a6acf".into(), "ae10f2b1c3d4".into()]
            }
        );
        assert!(
            e.to_string()
                .starts_with("Multiple revisions start with 'ae1': 'ae1027a6acf', 'ae10f2b1c3d4'")
        );
        assert_eq!(resolve(&m, "ae10f"), ["ae10f2b1c3d4"]);
        // An exact id wins over a longer id it prefixes.
        let m = map(vec![rev("ab", &[]), rev("abc", &["ab"])]);
        assert_eq!(resolve(&m, "ab"), ["ab"]);
    }

    #[test]
    fn labels() {
        let m = two_heads();
        assert_eq!(resolve(&m, "beta"), ["beta1"]);
        assert_eq!(resolve(&m, "beta@head"), ["beta3"]);
        assert_eq!(resolve(&m, "alpha@head"), ["alpha2"]);
        assert_eq!(resolve(&m, "beta@heads"), ["beta3"]);
        assert!(resolve(&m, "beta@base").is_empty());
        assert_eq!(resolve(&m, "beta@beta2"), ["beta2"]);
        assert_eq!(resolve(&m, "beta@root"), ["root"]);
        assert_eq!(
            fail(&m, "beta@alpha2"),
            RevisionError::NotOnBranch {
                revision: "alpha2".into(),
                label: "beta".into()
            }
        );
        assert_eq!(
            fail(&m, "gamma@head").to_string(),
            "Can't locate revision identified by 'gamma'"
        );
        // A prefix is looked up on the branch only.
        let m = map(vec![
            rev("r", &[]),
            rev("x1", &["r"]).labels(&["lx"]),
            rev("x2", &["r"]).labels(&["ly"]),
        ]);
        assert_eq!(resolve(&m, "ly@x"), ["x2"]);
        // Several heads on one branch.
        let m = map(vec![
            rev("r", &[]).labels(&["main"]),
            rev("x", &["r"]),
            rev("y", &["r"]),
        ]);
        let e = fail(&m, "main@head");
        assert!(
            e.to_string().contains("given argument 'main@head' (x, y)"),
            "{e}"
        );
        assert!(e.to_string().contains("'main@heads'"), "{e}");
    }

    #[test]
    fn relative_to_a_revision() {
        let m = linear();
        assert_eq!(resolve(&m, "aaa111+2"), ["ccc333"]);
        assert_eq!(resolve(&m, "aa+1"), ["bbb222"]);
        assert_eq!(resolve(&m, "ccc333-1"), ["bbb222"]);
        assert_eq!(resolve(&m, "head-1"), ["ccc333"]);
        assert_eq!(resolve(&m, "head-3"), ["aaa111"]);
        assert!(resolve(&m, "head-4").is_empty()); // base
        assert!(matches!(
            fail(&m, "head-5"),
            RevisionError::WalkedTooFar { .. }
        ));
        let e = fail(&m, "ccc333+2");
        assert_eq!(
            e.to_string(),
            "Walked too far: 'ccc333+2' goes past the head; use a smaller step"
        );
        assert_eq!(resolve(&m, "+1"), ["aaa111"]); // from base
        assert_eq!(resolve(&m, "-1"), ["ccc333"]); // from the heads
        let m = two_heads();
        assert_eq!(resolve(&m, "beta@head-1"), ["beta2"]);
        assert_eq!(resolve(&m, "beta@-2"), ["beta1"]);
        assert_eq!(resolve(&m, "alpha1+1"), ["alpha2"]);
        assert!(matches!(
            fail(&m, "head-1"),
            RevisionError::MultipleHeads { .. }
        ));
        let e = fail(&m, "root+1");
        assert_eq!(
            e,
            RevisionError::AmbiguousWalk {
                from: "root".into(),
                direction: "children",
                candidates: vec!["alpha1".into(), "beta1".into()]
            }
        );
        // A label narrows the walk up.
        assert_eq!(resolve(&m, "beta@root+1"), ["beta1"]);
        let e = fail(&diamond(), "merge1-1");
        assert!(
            e.to_string()
                .starts_with("Ambiguous walk: revision merge1 has several parents (a2, b2)"),
            "{e}"
        );
    }

    #[test]
    fn relative_to_the_current_revision() {
        let m = linear();
        let up = |cur: &[&str], t: &str| order(&m.upgrade_steps(cur, t).unwrap()).join(" ");
        assert_eq!(up(&["aaa111"], "+2"), "bbb222 ccc333");
        assert_eq!(up(&[], "+1"), "aaa111");
        let down = |cur: &[&str], t: &str| order(&m.downgrade_steps(cur, t).unwrap()).join(" ");
        assert_eq!(down(&["ccc333"], "-1"), "ccc333");
        assert_eq!(down(&["ccc333"], "-3"), "ccc333 bbb222 aaa111");

        let e = m.upgrade_steps(&["bbb222"], "+5").unwrap_err();
        assert_eq!(
            e.to_string(),
            "Relative revision +5 didn't produce 5 migrations: it goes past the head (2 revisions lie above the current revision bbb222)"
        );
        let e = m.upgrade_steps(&["ddd444"], "+1").unwrap_err();
        assert!(
            e.to_string()
                .contains("(0 revisions lie above the current revision ddd444)"),
            "{e}"
        );
        let e = m.downgrade_steps(&[], "-1").unwrap_err();
        assert_eq!(
            e.to_string(),
            "Relative revision -1 didn't produce 1 migrations: the database is at base (no revision is applied)"
        );
        let e = m.downgrade_steps(&["bbb222"], "-3").unwrap_err();
        assert!(
            e.to_string()
                .contains("it goes below base (2 revisions are at or below bbb222)"),
            "{e}"
        );
        assert!(matches!(
            m.upgrade_steps(&["bbb222"], "-1"),
            Err(RevisionError::RelativeTooFar { .. })
        ));
        assert!(matches!(
            m.downgrade_steps(&["bbb222"], "+1"),
            Err(RevisionError::RelativeTooFar { .. })
        ));
        assert!(matches!(
            m.downgrade_steps(&["bbb222"], "ddd444+1"),
            Err(RevisionError::WalkedTooFar { .. })
        ));
        assert!(matches!(
            m.downgrade_steps(&["bbb222"], "aaa111-2"),
            Err(RevisionError::WalkedTooFar { .. })
        ));

        // Several current heads: a bare +N / -N is ambiguous.
        let m = two_heads();
        let e = m.downgrade_steps(&["alpha2", "beta3"], "-1").unwrap_err();
        assert_eq!(
            e.to_string(),
            "Ambiguous downgrade from multiple current revisions (alpha2, beta3): use '<branchname>@-1' or '<revision>-1'"
        );
        let e = m.upgrade_steps(&["alpha1", "beta1"], "+1").unwrap_err();
        assert!(
            matches!(
                e,
                RevisionError::AmbiguousRelative {
                    direction: "upgrade",
                    ..
                }
            ),
            "{e}"
        );
        // ... and a label picks the branch.
        let steps = m.downgrade_steps(&["alpha2", "beta3"], "beta@-1").unwrap();
        assert_eq!(order(&steps), ["beta3"]);
        let steps = m.upgrade_steps(&["alpha1", "beta1"], "beta@+2").unwrap();
        assert_eq!(order(&steps), ["beta2", "beta3"]);
        // A branch with no current revision starts at its branch point.
        let steps = m.upgrade_steps(&["alpha2"], "beta@+1").unwrap();
        assert_eq!(order(&steps), ["beta1"]);
        // ... or at base.
        let steps = m.upgrade_steps(&[], "beta@+2").unwrap();
        assert_eq!(order(&steps), ["root", "beta1"]);
        let e = m.upgrade_steps(&["alpha2"], "alpha@+1").unwrap_err();
        assert!(matches!(e, RevisionError::RelativeTooFar { .. }), "{e}");
        // `-1` from a merge point reverts it; `-2` is ambiguous.
        assert_eq!(
            order(&diamond().downgrade_steps(&["merge1"], "-1").unwrap()),
            ["merge1"]
        );
        let e = diamond().downgrade_steps(&["merge1"], "-2").unwrap_err();
        assert!(matches!(e, RevisionError::AmbiguousWalk { .. }), "{e}");
    }

    #[test]
    fn ranges() {
        let m = linear();
        let steps = m.upgrade_range("bbb222:head").unwrap();
        assert_eq!(order(&steps), ["ccc333", "ddd444"]);
        let steps = m.upgrade_range(":ccc333").unwrap();
        assert_eq!(order(&steps), ["aaa111", "bbb222", "ccc333"]);
        let steps = m.upgrade_range("base:").unwrap();
        assert_eq!(steps.len(), 4);
        let steps = m.downgrade_range("head:bbb222").unwrap();
        assert_eq!(order(&steps), ["ddd444", "ccc333"]);
        let steps = m.downgrade_range("ccc333:base").unwrap();
        assert_eq!(order(&steps), ["ccc333", "bbb222", "aaa111"]);
        let e = m.downgrade_range("head:").unwrap_err();
        assert!(e.to_string().contains("<fromrev>:<torev>"), "{e}");
        assert!(m.upgrade_range("head").is_err());
    }

    #[test]
    fn relative_grammar() {
        let r = |s| parse_relative(s).map(|r| (r.label, r.symbol, r.delta, r.text));
        assert_eq!(r("+2"), Some((None, None, 2, "+2")));
        assert_eq!(r("-1"), Some((None, None, -1, "-1")));
        assert_eq!(r("head-1"), Some((None, Some("head"), -1, "-1")));
        assert_eq!(r("ae10+3"), Some((None, Some("ae10"), 3, "+3")));
        assert_eq!(r("auth@+1"), Some((Some("auth"), None, 1, "+1")));
        assert_eq!(
            r("auth@head-2"),
            Some((Some("auth"), Some("head"), -2, "-2"))
        );
        assert_eq!(r("head"), None);
        assert_eq!(r("ae10"), None);
        assert_eq!(r("auth@head"), None);
        assert_eq!(r("+"), None);
        assert_eq!(r("@-1"), None);
        assert_eq!(r("a-b-1"), None);
        assert_eq!(r("a+1x"), None);
    }

    #[test]
    fn range_grammar() {
        let r = TargetRange::parse("ae10:head").unwrap();
        assert_eq!(r.start.as_deref(), Some("ae10"));
        assert_eq!(r.end.as_deref(), Some("head"));
        let r = TargetRange::parse(":head").unwrap();
        assert_eq!((r.start, r.end.as_deref()), (None, Some("head")));
        let r = TargetRange::parse("base:").unwrap();
        assert_eq!((r.start.as_deref(), r.end), (Some("base"), None));
        assert!(matches!(
            TargetRange::parse("head"),
            Err(RevisionError::BadTarget { .. })
        ));
        assert!(matches!(
            TargetRange::parse("a:b:c"),
            Err(RevisionError::BadTarget { .. })
        ));
    }
}
