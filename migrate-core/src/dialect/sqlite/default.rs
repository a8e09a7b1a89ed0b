//! Server defaults: how they are written into `CREATE TABLE`, and the form
//! in which the model's text and SQLite's are compared.
//!
//! SQLite reports a default (`pragma_table_info.dflt_value`) as it was
//! written, minus the parentheses around an expression. So a literal is
//! written bare and anything else in parentheses, and the text comes back
//! exactly as the model gave it.

use super::lex::{Kind, Token, matching_paren, tokenize};

/// The keywords that SQLite accepts as a bare `DEFAULT`.
const KEYWORD_DEFAULTS: [&str; 6] = [
    "NULL",
    "TRUE",
    "FALSE",
    "CURRENT_TIME",
    "CURRENT_DATE",
    "CURRENT_TIMESTAMP",
];

/// The `DEFAULT` clause text for `expr`: bare when it is a literal or one of
/// the keywords SQLite takes bare, otherwise in parentheses (so that any
/// expression is valid there).
pub(super) fn default_sql(expr: &str) -> String {
    let expr = expr.trim();
    if is_literal(expr) {
        expr.to_string()
    } else {
        format!("({expr})")
    }
}

/// True for a number (optionally signed), a string or blob literal, or a
/// keyword in [`KEYWORD_DEFAULTS`].
pub(super) fn is_literal(expr: &str) -> bool {
    match tokenize(expr).as_slice() {
        [t] => {
            matches!(t.kind, Kind::Number | Kind::Str)
                || KEYWORD_DEFAULTS.iter().any(|k| t.is_kw(k))
        }
        // A signed number, or a blob literal X'..'.
        [a, b] => {
            ((a.is_punct('-') || a.is_punct('+')) && b.kind == Kind::Number)
                || (a.is_kw("x") && b.kind == Kind::Str && !b.space_before)
        }
        _ => false,
    }
}

/// True when `expr` is a default that `ALTER TABLE ADD COLUMN` accepts:
/// a literal, but none of the `CURRENT_*` keywords.
pub(super) fn is_constant(expr: &str) -> bool {
    let current = |t: &Token<'_>| KEYWORD_DEFAULTS[3..].iter().any(|k| t.is_kw(k));
    is_literal(expr) && !matches!(tokenize(expr).as_slice(), [t] if current(t))
}

/// True when `expr` is the literal `NULL`.
pub(super) fn is_null(expr: &str) -> bool {
    matches!(tokenize(expr).as_slice(), [t] if t.is_kw("NULL"))
}

/// Normalized server default: trimmed, redundant outer parentheses dropped,
/// whitespace collapsed (and dropped inside parentheses and before commas),
/// lower case outside quoted strings and identifiers, which stay exact.
pub fn normalize_default(expr: &str) -> String {
    let tokens = tokenize(expr);
    let mut tokens = tokens.as_slice();
    while let [first, .., _] = tokens {
        if first.is_punct('(') && matching_paren(tokens, 0) == Some(tokens.len() - 1) {
            tokens = &tokens[1..tokens.len() - 1];
        } else {
            break;
        }
    }
    let mut out = String::with_capacity(expr.len());
    let mut prev: Option<&Token<'_>> = None;
    for t in tokens {
        let tight = t.is_punct(')') || t.is_punct(',') || prev.is_some_and(|p| p.is_punct('('));
        if t.space_before && prev.is_some() && !tight {
            out.push(' ');
        }
        match t.kind {
            Kind::Str | Kind::Quoted => out.push_str(t.text),
            Kind::Word | Kind::Number | Kind::Punct => out.push_str(&t.text.to_lowercase()),
        }
        prev = Some(t);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_bare_expressions_wrapped() {
        assert_eq!(default_sql("0"), "0");
        assert_eq!(default_sql(" -1 "), "-1");
        assert_eq!(default_sql("'a''b'"), "'a''b'");
        assert_eq!(default_sql("CURRENT_TIMESTAMP"), "CURRENT_TIMESTAMP");
        assert_eq!(default_sql("X'00ff'"), "X'00ff'");
        assert_eq!(default_sql("1 + 2"), "(1 + 2)");
        assert_eq!(default_sql("(1 + 2)"), "((1 + 2))");
        assert_eq!(default_sql("lower('A')"), "(lower('A'))");
    }

    #[test]
    fn constant_defaults() {
        assert!(is_constant("0"));
        assert!(is_constant("'x'"));
        assert!(!is_constant("CURRENT_DATE"));
        assert!(!is_constant("(1)"));
        assert!(is_null(" null "));
    }

    #[test]
    fn normalization() {
        assert_eq!(normalize_default("  (( 1  +  2 ))  "), "1 + 2");
        assert_eq!(normalize_default("(1) + (2)"), "(1) + (2)");
        assert_eq!(normalize_default("Lower( 'AbC  D' )"), "lower('AbC  D')");
        assert_eq!(normalize_default("'it''s'"), "'it''s'");
        assert_eq!(normalize_default("current_timestamp"), "current_timestamp");
        assert_eq!(normalize_default("CURRENT_TIMESTAMP"), "current_timestamp");
        assert_eq!(normalize_default("f(a , b)"), "f(a, b)");
        assert_eq!(normalize_default("\"Col\"  *  2"), "\"Col\" * 2");
    }
}
