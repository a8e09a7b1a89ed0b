//! The revision graph drawn for people: `migrate history --graph` (lanes in
//! the terminal, like `git log --graph --oneline`) and `migrate history
//! --dot` (Graphviz).
//!
//! Both take the revisions to show as [`RevisionMap::history`] returns
//! them, newest first. Revisions left out of that list (a range was given)
//! are not drawn: an edge to a parent that is not shown just ends.
//!
//! Each terminal line ends with Alembic's short history line
//! (`Script.cmd_format` with branches, doc and parents, as `alembic
//! history` prints it):
//!
//! ```text
//! <parents> [(<depends_on>)] -> <id> [(<labels>)] [(head)] [(effective head)] [(current)] [(branchpoint)] [(mergepoint)], <message>
//! ```
//!
//! where `<parents>` is `<base>` for a base and the parent ids joined by
//! `, ` otherwise (`ae1027a6acf, 27c6a30d7c24 -> 53fffde5ad5 (head)
//! (mergepoint), merge ae1 and 27c`).

use migrate_core::revision::{Revision, RevisionMap};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// Draws `revisions` (newest first, as [`RevisionMap::history`] returns
/// them) as lanes, one line per revision, like `git log --graph --oneline`:
///
/// ```text
/// * c, d -> m (head) (mergepoint), merge
/// |\
/// * | b -> c, add c
/// | * b -> d, add d
/// |/
/// * a -> b (branchpoint), add b
/// * <base> -> a, add a
/// ```
///
/// `*` marks the revision on its lane; `|`, `/` and `\` carry the lanes
/// between lines. A head (a revision whose children are not shown) opens a
/// lane on the right; a merge point opens one lane per further parent; the
/// lanes of a branch point's children join before it; a base's lane ends.
///
/// `current` holds the revisions the version table names: they get
/// Alembic's `(current)` marker. Every line ends with `\n`; no revisions
/// give an empty string. Plain ASCII, no colour, no trailing spaces (except
/// that an empty message leaves Alembic's `, ` at the end).
pub fn draw(map: &RevisionMap, revisions: &[&Revision], current: &[String]) -> String {
    let order: HashMap<&str, usize> = revisions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    // Each lane waits for the revision it leads to; several lanes may wait
    // for one revision (the children of a branch point).
    let mut lanes: Vec<&str> = Vec::new();
    let mut out = String::new();
    for (i, rev) in revisions.iter().enumerate() {
        let id = rev.id.as_str();
        let mut cols: Vec<usize> = (0..lanes.len()).filter(|&c| lanes[c] == id).collect();
        if cols.is_empty() {
            lanes.push(id);
            cols.push(lanes.len() - 1);
        }
        let col = cols[0];
        if cols.len() > 1 {
            // Join every lane that waits for this revision into the leftmost.
            let mut edges = Vec::with_capacity(lanes.len());
            let mut kept = 0;
            for c in 0..lanes.len() {
                if cols[1..].contains(&c) {
                    edges.push((c, col));
                } else {
                    edges.push((c, kept));
                    kept += 1;
                }
            }
            transition(&mut out, edges);
            lanes = (0..lanes.len())
                .filter(|c| !cols[1..].contains(c))
                .map(|c| lanes[c])
                .collect();
        }

        let mut row = String::new();
        for c in 0..lanes.len() {
            if c > 0 {
                row.push(' ');
            }
            row.push(if c == col { '*' } else { '|' });
        }
        out.push_str(&row);
        out.push(' ');
        out.push_str(&line(map, rev, current));
        out.push('\n');

        // The lane goes on to the parents shown below (those shown above,
        // in a list that is not newest first, are not drawn).
        let parents: Vec<&str> = map
            .parents(id)
            .into_iter()
            .filter(|p| order.get(p).is_some_and(|&o| o > i))
            .collect();
        let n = parents.len();
        let mut edges = Vec::with_capacity(lanes.len() + n);
        for c in 0..lanes.len() {
            match c.cmp(&col) {
                std::cmp::Ordering::Less => edges.push((c, c)),
                std::cmp::Ordering::Equal => edges.extend((0..n).map(|k| (c, c + k))),
                // A base's lane ends: those on its right move left.
                std::cmp::Ordering::Greater if n == 0 => edges.push((c, c - 1)),
                std::cmp::Ordering::Greater => edges.push((c, c + n - 1)),
            }
        }
        transition(&mut out, edges);
        lanes.splice(col..=col, parents);
    }
    out
}

/// Writes the rows that carry lanes from the columns they are at to the
/// columns they go to, one column per row: `|` stays, `/` moves left, `\`
/// moves right.
fn transition(out: &mut String, mut edges: Vec<(usize, usize)>) {
    while edges.iter().any(|&(at, to)| at != to) {
        let width = edges.iter().map(|&(at, to)| 2 * at.max(to) + 1).max();
        let mut row = vec![' '; width.unwrap_or(0)];
        for (at, to) in edges.iter_mut() {
            if *at < *to {
                row[2 * *at + 1] = '\\';
                *at += 1;
            } else if *at > *to {
                row[2 * *at - 1] = '/';
                *at -= 1;
            } else {
                row[2 * *at] = '|';
            }
        }
        let row: String = row.into_iter().collect();
        out.push_str(row.trim_end());
        out.push('\n');
    }
}

/// Alembic's short history line for a revision (`Script._head_only` with
/// `include_branches`, `include_doc`, `include_parents`).
fn line(map: &RevisionMap, rev: &Revision, current: &[String]) -> String {
    let all = crate::output::Line {
        branches: true,
        doc: true,
        parents: true,
        tree: true,
    };
    crate::output::short(map, rev, all, current)
}

/// Writes `revisions` (as [`RevisionMap::history`] returns them) as a
/// Graphviz digraph, for `dot -Tsvg`:
///
/// ```text
/// digraph revisions {
///   node [shape=box];
///   "b" [label="b\nadd b", peripheries=2];
///   "a" [label="a\nadd a", style="filled,bold", fillcolor=lightgrey];
///   "a" -> "b";
/// }
/// ```
///
/// One node per revision, in the order given, labelled with its id and the
/// first paragraph of its message (quotes and backslashes escaped); heads
/// get `peripheries=2`, `current` revisions are bold and filled. Then, in
/// the same order, one edge per parent shown (`parent -> child`, declared
/// order) and one dashed edge per dependency shown (`dependency ->
/// dependent`). Edges to revisions not shown are left out.
pub fn dot(map: &RevisionMap, revisions: &[&Revision], current: &[String]) -> String {
    let shown: HashSet<&str> = revisions.iter().map(|r| r.id.as_str()).collect();
    let mut out = String::from("digraph revisions {\n  node [shape=box];\n");
    for rev in revisions {
        let id = rev.id.as_str();
        let mut attrs = format!(
            "label=\"{}\\n{}\"",
            escape(id),
            escape(&crate::output::doc(&rev.message))
        );
        if map.is_head(id) {
            attrs.push_str(", peripheries=2");
        }
        if current.iter().any(|c| c == id) {
            attrs.push_str(", style=\"filled,bold\", fillcolor=lightgrey");
        }
        let _ = writeln!(out, "  \"{}\" [{attrs}];", escape(id));
    }
    for rev in revisions {
        let id = rev.id.as_str();
        for p in map.parents(id).into_iter().filter(|p| shown.contains(p)) {
            let _ = writeln!(out, "  \"{}\" -> \"{}\";", escape(p), escape(id));
        }
        for d in map
            .dependencies(id)
            .into_iter()
            .filter(|d| shown.contains(d))
        {
            let _ = writeln!(
                out,
                "  \"{}\" -> \"{}\" [style=dashed];",
                escape(d),
                escape(id)
            );
        }
    }
    out.push_str("}\n");
    out
}

/// A Graphviz double-quoted string's content.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(revisions: Vec<Revision>) -> RevisionMap {
        RevisionMap::new(revisions).unwrap()
    }

    fn rev(id: &str, parents: &[&str], message: &str) -> Revision {
        Revision::new(id, parents).message(message)
    }

    fn graph(map: &RevisionMap, range: Option<&str>, current: &[&str]) -> String {
        let revisions = map.history(range).unwrap();
        let current: Vec<String> = current.iter().map(|c| c.to_string()).collect();
        draw(map, &revisions, &current)
    }

    fn ordered<'m>(m: &'m RevisionMap, ids: &[&str]) -> Vec<&'m Revision> {
        ids.iter().map(|id| m.get(id).unwrap()).collect()
    }

    fn branch_and_merge() -> RevisionMap {
        map(vec![
            rev("a", &[], "add a"),
            rev("b", &["a"], "add b"),
            rev("c", &["b"], "add c"),
            rev("d", &["b"], "add d"),
            rev("m", &["c", "d"], "merge c and d"),
        ])
    }

    /// A branch point, two long branches, their merge, one more revision.
    fn long_branches() -> RevisionMap {
        map(vec![
            rev("base", &[], "base"),
            rev("bp", &["base"], "split"),
            rev("a1", &["bp"], "a1"),
            rev("a2", &["a1"], "a2"),
            rev("a3", &["a2"], "a3"),
            rev("b1", &["bp"], "b1"),
            rev("b2", &["b1"], "b2"),
            rev("b3", &["b2"], "b3"),
            rev("m", &["a3", "b3"], "merge"),
            rev("top", &["m"], "top"),
        ])
    }

    #[test]
    fn linear_chain() {
        let m = map(vec![
            rev("1975ea83b712", &[], "create account table"),
            rev("ae1027a6acf", &["1975ea83b712"], "add a column"),
            rev("27c6a30d7c24", &["ae1027a6acf"], "add shopping cart table"),
        ]);
        assert_eq!(
            graph(&m, None, &[]),
            "\
* ae1027a6acf -> 27c6a30d7c24 (head), add shopping cart table
* 1975ea83b712 -> ae1027a6acf, add a column
* <base> -> 1975ea83b712, create account table
"
        );
    }

    #[test]
    fn a_branch_point_with_two_heads() {
        let m = map(vec![
            rev("a", &[], "add a"),
            rev("b", &["a"], "add b"),
            rev("c", &["b"], "add c"),
            rev("d", &["b"], "add d"),
        ]);
        assert_eq!(
            graph(&m, None, &[]),
            "\
* b -> c (head), add c
| * b -> d (head), add d
|/
* a -> b (branchpoint), add b
* <base> -> a, add a
"
        );
    }

    #[test]
    fn a_branch_and_its_merge() {
        assert_eq!(
            graph(&branch_and_merge(), None, &[]),
            "\
* c, d -> m (head) (mergepoint), merge c and d
|\\
* | b -> c, add c
| * b -> d, add d
|/
* a -> b (branchpoint), add b
* <base> -> a, add a
"
        );
    }

    #[test]
    fn long_branches_in_history_order() {
        assert_eq!(
            graph(&long_branches(), None, &[]),
            "\
* m -> top (head), top
* a3, b3 -> m (mergepoint), merge
|\\
* | a2 -> a3, a3
* | a1 -> a2, a2
* | bp -> a1, a1
| * b2 -> b3, b3
| * b1 -> b2, b2
| * bp -> b1, b1
|/
* base -> bp (branchpoint), split
* <base> -> base, base
"
        );
    }

    #[test]
    fn long_branches_interleaved() {
        let m = long_branches();
        let order = ["top", "m", "b3", "a3", "b2", "a2", "b1", "a1", "bp", "base"];
        assert_eq!(
            draw(&m, &ordered(&m, &order), &[]),
            "\
* m -> top (head), top
* a3, b3 -> m (mergepoint), merge
|\\
| * b2 -> b3, b3
* | a2 -> a3, a3
| * b1 -> b2, b2
* | a1 -> a2, a2
| * bp -> b1, b1
* | bp -> a1, a1
|/
* base -> bp (branchpoint), split
* <base> -> base, base
"
        );
    }

    #[test]
    fn two_bases_merged() {
        let m = map(vec![
            rev("a1", &[], "a1"),
            rev("a2", &["a1"], "a2"),
            rev("b1", &[], "b1"),
            rev("b2", &["b1"], "b2"),
            rev("m", &["a2", "b2"], "merge"),
        ]);
        assert_eq!(
            graph(&m, None, &[]),
            "\
* a2, b2 -> m (head) (mergepoint), merge
|\\
* | a1 -> a2, a2
* | <base> -> a1, a1
 /
* b1 -> b2, b2
* <base> -> b1, b1
"
        );
    }

    #[test]
    fn two_bases_two_heads() {
        let m = map(vec![
            rev("a1", &[], "a1"),
            rev("a2", &["a1"], "a2"),
            rev("b1", &[], "b1"),
            rev("b2", &["b1"], "b2"),
        ]);
        assert_eq!(
            graph(&m, None, &[]),
            "\
* a1 -> a2 (head), a2
* <base> -> a1, a1
* b1 -> b2 (head), b2
* <base> -> b1, b1
"
        );
        // Shown side by side, each keeps its lane until its base.
        assert_eq!(
            draw(&m, &ordered(&m, &["a2", "b2", "a1", "b1"]), &[]),
            "\
* a1 -> a2 (head), a2
| * b1 -> b2 (head), b2
* | <base> -> a1, a1
 /
* <base> -> b1, b1
"
        );
    }

    #[test]
    fn a_range_leaves_out_what_it_does_not_show() {
        let m = long_branches();
        // `m`'s other parent, `b3`, is not shown: its edge just ends; so
        // does `a2`'s edge to `a1`.
        assert_eq!(
            graph(&m, Some("a2:m"), &[]),
            "\
* a3, b3 -> m (mergepoint), merge
* a2 -> a3, a3
* a1 -> a2, a2
"
        );
        assert_eq!(
            graph(&m, Some("b2:"), &[]),
            "\
* m -> top (head), top
* a3, b3 -> m (mergepoint), merge
* b2 -> b3, b3
* b1 -> b2, b2
"
        );
    }

    #[test]
    fn current_markers() {
        let m = map(vec![
            rev("a", &[], "add a"),
            rev("b", &["a"], "add b"),
            rev("c", &["b"], "add c"),
            rev("d", &["b"], "add d"),
        ]);
        assert_eq!(
            graph(&m, None, &["c", "b"]),
            "\
* b -> c (head) (current), add c
| * b -> d (head), add d
|/
* a -> b (current) (branchpoint), add b
* <base> -> a, add a
"
        );
    }

    #[test]
    fn labels_dependencies_and_effective_heads() {
        // `z` depends on `y`: `y` is no longer a real head. Alembic's order: parents (dependencies) -> id (labels) (head)
        // (effective head) (current) (branchpoint) (mergepoint), message.
        let m = map(vec![
            rev("a", &[], "a").labels(&["main"]),
            rev("b", &["a"], "b"),
            rev("x", &[], "x").labels(&["other"]),
            rev("y", &["x"], "y"),
            rev("z", &["b"], "z").depends_on(&["y"]),
        ]);
        assert_eq!(
            draw(&m, &ordered(&m, &["z", "b", "a", "y", "x"]), &["y".into()]),
            "\
* b (y) -> z (main) (head), z
* a -> b (main), b
* <base> -> a (main), a
* x -> y (other) (effective head) (current), y
* <base> -> x (other), x
"
        );
    }

    #[test]
    fn three_lanes_join_at_a_branch_point() {
        let m = map(vec![
            rev("a", &[], "a"),
            rev("x", &[], "x"),
            rev("b", &["a"], "b"),
            rev("c", &["a"], "c"),
            rev("y", &["x"], "y"),
            rev("z", &["a"], "z"),
        ]);
        // A lane that is not `a`'s (`y` to `x`) lies between lanes that
        // join at `a`: they cross it.
        assert_eq!(
            draw(&m, &ordered(&m, &["b", "y", "c", "z", "a", "x"]), &[]),
            "\
* a -> b (head), b
| * x -> y (head), y
| | * a -> c (head), c
| | | * a -> z (head), z
| |/ /
|/|/
|/|
* | <base> -> a (branchpoint), a
 /
* <base> -> x, x
"
        );
    }

    #[test]
    fn an_octopus_merge_beside_another_lane() {
        let m = map(vec![
            rev("a", &[], "a"),
            rev("p", &["a"], "p"),
            rev("q", &["a"], "q"),
            rev("r", &["a"], "r"),
            rev("o", &["p", "q", "r"], "octopus"),
            rev("s", &["a"], "side"),
        ]);
        assert_eq!(
            draw(&m, &ordered(&m, &["s", "o", "p", "q", "r", "a"]), &[]),
            "\
* a -> s (head), side
| * p, q, r -> o (head) (mergepoint), octopus
| |\\
| | |\\
| * | | a -> p, p
| | * | a -> q, q
| | | * a -> r, r
|/ / /
|/ /
|/
* <base> -> a (branchpoint), a
"
        );
    }

    #[test]
    fn a_merge_opens_lanes_right_of_others() {
        let m = map(vec![
            rev("a", &[], "a"),
            rev("b", &["a"], "b"),
            rev("c", &["a"], "c"),
            rev("m", &["b", "c"], "merge"),
            rev("s", &["a"], "side"),
        ]);
        assert_eq!(
            draw(&m, &ordered(&m, &["s", "m", "b", "c", "a"]), &[]),
            "\
* a -> s (head), side
| * b, c -> m (head) (mergepoint), merge
| |\\
| * | a -> b, b
| | * a -> c, c
|/ /
|/
* <base> -> a (branchpoint), a
"
        );
        assert_eq!(
            draw(&m, &ordered(&m, &["m", "s", "b", "c", "a"]), &[]),
            "\
* b, c -> m (head) (mergepoint), merge
|\\
| | * a -> s (head), side
* | | a -> b, b
| * | a -> c, c
|/ /
|/
* <base> -> a (branchpoint), a
"
        );
    }

    #[test]
    fn messages_keep_to_one_line() {
        let m = map(vec![rev(
            "a",
            &[],
            "  first line\n  goes on\n\nmore detail",
        )]);
        assert_eq!(
            graph(&m, None, &[]),
            "* <base> -> a (head), first line goes on\n"
        );
    }

    #[test]
    fn nothing_to_draw() {
        let m = map(vec![]);
        assert_eq!(draw(&m, &[], &[]), "");
        assert_eq!(
            dot(&m, &[], &[]),
            "digraph revisions {\n  node [shape=box];\n}\n"
        );
    }

    #[test]
    fn dot_for_a_branch_and_its_merge() {
        let m = branch_and_merge();
        let revisions = m.history(None).unwrap();
        assert_eq!(
            dot(&m, &revisions, &["m".to_string()]),
            r#"digraph revisions {
  node [shape=box];
  "m" [label="m\nmerge c and d", peripheries=2, style="filled,bold", fillcolor=lightgrey];
  "c" [label="c\nadd c"];
  "d" [label="d\nadd d"];
  "b" [label="b\nadd b"];
  "a" [label="a\nadd a"];
  "c" -> "m";
  "d" -> "m";
  "b" -> "c";
  "b" -> "d";
  "a" -> "b";
}
"#
        );
    }

    #[test]
    fn dot_escapes_and_draws_dependencies_dashed() {
        let m = map(vec![
            rev("a", &[], r#"say "hi" \ bye"#),
            rev("x", &[], "x").labels(&["other"]),
            rev("b", &["a"], "b").depends_on(&["other"]),
        ]);
        let revisions = m.history(Some("a:")).unwrap();
        assert_eq!(
            dot(&m, &revisions, &[]),
            r#"digraph revisions {
  node [shape=box];
  "b" [label="b\nb", peripheries=2];
  "a" [label="a\nsay \"hi\" \\ bye"];
  "a" -> "b";
}
"#
        );
        let revisions = m.history(None).unwrap();
        let ids: Vec<&str> = revisions.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["b", "a", "x"]);
        assert_eq!(
            dot(&m, &revisions, &[]),
            r#"digraph revisions {
  node [shape=box];
  "b" [label="b\nb", peripheries=2];
  "a" [label="a\nsay \"hi\" \\ bye"];
  "x" [label="x\nx", peripheries=2];
  "a" -> "b";
  "x" -> "b" [style=dashed];
}
"#
        );
    }
}
