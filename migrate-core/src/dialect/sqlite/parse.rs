//! Reading `CREATE TABLE` text for what SQLite's pragmas do not report:
//! constraint names and CHECK expressions.

use super::lex::{Token, matching_paren, split_commas, tokenize};
use crate::schema::TableOptions;

/// What the text of one `CREATE TABLE` says beyond the pragmas.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct TableSql {
    /// The primary key's name, when written (`CONSTRAINT x PRIMARY KEY`).
    pub primary_key_name: Option<String>,
    /// Unique constraints, table- and column-level, in order.
    pub uniques: Vec<NamedColumns>,
    /// Foreign keys, table- and column-level, in order.
    pub foreign_keys: Vec<NamedColumns>,
    /// CHECK constraints, table- and column-level, in order.
    pub checks: Vec<ParsedCheck>,
    /// `STRICT` and `WITHOUT ROWID`, after the definitions.
    pub options: TableOptions,
}

/// A constraint over columns, with its name when one is written.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct NamedColumns {
    /// `CONSTRAINT <name>`, if written.
    pub name: Option<String>,
    /// The constrained columns, in order.
    pub columns: Vec<String>,
}

/// A CHECK constraint.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct ParsedCheck {
    /// `CONSTRAINT <name>`, if written.
    pub name: Option<String>,
    /// The expression exactly as written inside the outer parentheses.
    pub expr: String,
}

/// Reads a `CREATE TABLE` statement. Tolerant: what it cannot read it leaves out.
pub(super) fn parse_create_table(sql: &str) -> TableSql {
    let tokens = tokenize(sql);
    let mut out = TableSql::default();
    let Some(open) = tokens.iter().position(|t| t.is_punct('(')) else {
        return out;
    };
    let close = matching_paren(&tokens, open).unwrap_or(tokens.len());
    let after = tokens.get(close + 1..).unwrap_or_default();
    out.options = TableOptions {
        strict: after.iter().any(|t| t.is_kw("STRICT")),
        without_rowid: after.iter().any(|t| t.is_kw("ROWID")),
    };
    for def in split_commas(&tokens[open + 1..close]) {
        let Some(first) = def.first() else { continue };
        let starts_constraint = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"]
            .iter()
            .any(|kw| first.is_kw(kw));
        if starts_constraint {
            read_constraints(sql, def, None, &mut out);
        } else if let Some(column) = first.ident() {
            read_constraints(sql, &def[1..], Some(&column), &mut out);
        }
    }
    out
}

/// Reads the constraints in one definition: a table constraint
/// (`column == None`) or what follows a column's name.
fn read_constraints(sql: &str, def: &[Token<'_>], column: Option<&str>, out: &mut TableSql) {
    let column_list = || column.map(|c| vec![c.to_string()]).unwrap_or_default();
    let mut name: Option<String> = None;
    let mut i = 0;
    while i < def.len() {
        let t = &def[i];
        if t.is_punct('(') {
            i = matching_paren(def, i).map_or(def.len(), |c| c + 1);
            continue;
        }
        if t.is_kw("CONSTRAINT") {
            name = def.get(i + 1).and_then(Token::ident);
            i += 2;
            continue;
        }
        if !t.is_kw("PRIMARY")
            && !t.is_kw("UNIQUE")
            && !t.is_kw("CHECK")
            && !t.is_kw("FOREIGN")
            && !t.is_kw("REFERENCES")
        {
            // Any other word starts a constraint that is not read here
            // (NOT NULL, DEFAULT, COLLATE, ...) and takes the name.
            if t.kind == super::lex::Kind::Word {
                name = None;
            }
            i += 1;
            continue;
        }
        let taken = name.take();
        let group = next_group(def, i + 1);
        if t.is_kw("PRIMARY") {
            if taken.is_some() {
                out.primary_key_name = taken;
            }
        } else if t.is_kw("UNIQUE") {
            let columns = match (column, group) {
                (None, Some((open, close))) => list_columns(&def[open + 1..close]),
                _ => column_list(),
            };
            out.uniques.push(NamedColumns {
                name: taken,
                columns,
            });
        } else if t.is_kw("CHECK") {
            if let Some((open, close)) = group {
                out.checks.push(ParsedCheck {
                    name: taken,
                    expr: sql[def[open].end..def[close].start].trim().to_string(),
                });
                i = close + 1;
                continue;
            }
        } else if t.is_kw("FOREIGN") {
            if let Some((open, close)) = group {
                out.foreign_keys.push(NamedColumns {
                    name: taken,
                    columns: list_columns(&def[open + 1..close]),
                });
                // Skip to past REFERENCES so that it is not read again.
                i = def[close..]
                    .iter()
                    .position(|t| t.is_kw("REFERENCES"))
                    .map_or(def.len(), |p| close + p + 1);
                continue;
            }
        } else if column.is_some() {
            // Column-level REFERENCES.
            out.foreign_keys.push(NamedColumns {
                name: taken,
                columns: column_list(),
            });
        }
        i += 1;
    }
}

/// The parenthesized group opening at `at` (or after a `KEY` there), as the
/// indexes of its parentheses.
fn next_group(def: &[Token<'_>], mut at: usize) -> Option<(usize, usize)> {
    if def.get(at).is_some_and(|t| t.is_kw("KEY")) {
        at += 1;
    }
    if !def.get(at)?.is_punct('(') {
        return None;
    }
    Some((at, matching_paren(def, at)?))
}

/// The column names of a list like `"a", b COLLATE nocase, c DESC`.
fn list_columns(tokens: &[Token<'_>]) -> Vec<String> {
    split_commas(tokens)
        .into_iter()
        .filter_map(|part| part.first().and_then(Token::ident))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: Option<&str>, columns: &[&str]) -> NamedColumns {
        NamedColumns {
            name: name.map(str::to_string),
            columns: columns.iter().map(|c| c.to_string()).collect(),
        }
    }

    #[test]
    fn table_level_constraints() {
        let t = parse_create_table(
            "CREATE TABLE \"t\" (\n  \"a b\" INT NOT NULL, [c] TEXT, -- comment, with comma\n  \
             CONSTRAINT \"t_pk\" PRIMARY KEY (\"a b\", c),\n  \
             CONSTRAINT u1 UNIQUE (c COLLATE nocase),\n  UNIQUE (\"a b\"),\n  \
             CONSTRAINT `ck` CHECK ( c <> ')' AND (length(c) > 0) ),\n  \
             CONSTRAINT fk FOREIGN KEY (c) REFERENCES p (id) ON DELETE CASCADE\n) STRICT",
        );
        assert_eq!(t.primary_key_name.as_deref(), Some("t_pk"));
        assert_eq!(
            t.uniques,
            [named(Some("u1"), &["c"]), named(None, &["a b"])]
        );
        assert_eq!(t.foreign_keys, [named(Some("fk"), &["c"])]);
        assert_eq!(t.checks.len(), 1);
        assert_eq!(t.checks[0].name.as_deref(), Some("ck"));
        assert_eq!(t.checks[0].expr, "c <> ')' AND (length(c) > 0)");
        assert_eq!(
            t.options,
            TableOptions {
                strict: true,
                without_rowid: false
            }
        );
        let options =
            parse_create_table("CREATE TABLE t (a INT PRIMARY KEY) WITHOUT ROWID").options;
        assert!(options.without_rowid && !options.strict);
    }

    #[test]
    fn column_level_constraints() {
        let t = parse_create_table(
            "create table x(id integer constraint pk primary key, \
             e varchar(10) constraint nn not null unique, \
             p int constraint f references parent, \
             q int check (q > 0) constraint \"q pos\" check(q < 10))",
        );
        assert_eq!(t.primary_key_name.as_deref(), Some("pk"));
        assert_eq!(t.uniques, [named(None, &["e"])]);
        assert_eq!(t.foreign_keys, [named(Some("f"), &["p"])]);
        let checks: Vec<_> = t
            .checks
            .iter()
            .map(|c| (c.name.as_deref(), c.expr.as_str()))
            .collect();
        assert_eq!(checks, [(None, "q > 0"), (Some("q pos"), "q < 10")]);
    }
}
