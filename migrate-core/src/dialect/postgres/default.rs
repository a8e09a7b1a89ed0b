//! Server-default normalization: the model's spelling of a default and the
//! one `pg_get_expr(adbin, adrelid)` reports become one string.
//!
//! PostgreSQL stores a default as a parsed expression and prints it back in
//! its own way: literals get casts (`'abc'::text`, `'{}'::jsonb`, `'-1'::integer`),
//! operators get parentheses (`(1 + 2)`), keywords are upper case
//! (`CURRENT_TIMESTAMP`) and functions lower case. The normalized form:
//!
//! - casts of literals are removed (`'abc'::text` -> `'abc'`,
//!   `('now'::text)::date` -> `'now'`); other casts are kept, with the type
//!   spelled canonically (`now()::DATE` -> `now()::date`);
//! - quoted numbers lose their quotes (`'-1'::integer` -> `-1`, `'0'` -> `0`);
//! - `'t'::boolean` / `'false'::boolean` ... become `true` / `false`, and
//!   so do the literals `'t'`, `'f'`, `'true'`, `'false'` anywhere (the
//!   default `'t'` of a boolean column reads back as `true`);
//! - parentheses around a single operand or around the whole expression go;
//! - everything outside string literals and quoted identifiers is lower case;
//! - `now()` and `transaction_timestamp()` become `current_timestamp`;
//! - `CAST(literal AS type)` and `DATE '2020-01-01'` (a type name before a
//!   literal) become the literal;
//! - `NULL` stays `null` (PostgreSQL stores no default for `DEFAULT NULL`,
//!   so a caller should treat the two alike);
//! - tokens are separated by single spaces (none inside calls and casts).
//!
//! The result is only for comparison; it is not meant to be executed.

use super::types::{parse_type, type_sql};
use crate::schema::ColumnType;

/// Normalizes a server default (see the module documentation).
pub fn normalize_default(expr: &str) -> String {
    let tokens = tokenize(expr.trim());
    let mut nodes = build_tree(&mut tokens.into_iter());
    normalize_seq(&mut nodes);
    while nodes.len() == 1 {
        match &nodes[0] {
            Node::Group(inner) => nodes = inner.clone(),
            _ => break,
        }
    }
    let mut out = String::new();
    render(&nodes, &mut out);
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// A string literal, quotes included (`'it''s'`, `E'\n'`).
    Str(String),
    /// A number (`1`, `-1.5`, `1e3`).
    Num(String),
    /// An unquoted word, lower-cased.
    Word(String),
    /// A double-quoted identifier, quotes included.
    Quoted(String),
    /// An operator or punctuation other than parentheses.
    Op(String),
    /// `(`
    Open,
    /// `)`
    Close,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Tok(Tok),
    Group(Vec<Node>),
}

fn tokenize(s: &str) -> Vec<Tok> {
    let chars: Vec<char> = s.chars().collect();
    let mut out: Vec<Tok> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        // String literals, with an optional E/B/X/N prefix.
        let prefixed = matches!(c, 'e' | 'E' | 'b' | 'B' | 'x' | 'X' | 'n' | 'N')
            && chars.get(i + 1) == Some(&'\'')
            && !prev_is_word_char(&chars, i);
        if c == '\'' || prefixed {
            let start = i;
            let escapes = prefixed && matches!(c, 'e' | 'E');
            i += if prefixed { 2 } else { 1 };
            while i < chars.len() {
                if escapes && chars[i] == '\\' {
                    i += 2;
                    continue;
                }
                if chars[i] == '\'' {
                    if chars.get(i + 1) == Some(&'\'') {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
            let mut lit: String = chars[start..i.min(chars.len())].iter().collect();
            if prefixed {
                // Only the prefix letter is case-insensitive.
                let first = lit[..1].to_ascii_uppercase();
                lit.replace_range(..1, &first);
            }
            out.push(Tok::Str(lit));
            continue;
        }
        if c == '"' {
            let start = i;
            i += 1;
            while i < chars.len() {
                if chars[i] == '"' {
                    if chars.get(i + 1) == Some(&'"') {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
            out.push(Tok::Quoted(
                chars[start..i.min(chars.len())].iter().collect(),
            ));
            continue;
        }
        let starts_number = c.is_ascii_digit()
            || (c == '.' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()));
        // A sign right before a number, where an operand is expected.
        let signed = matches!(c, '-' | '+')
            && chars
                .get(i + 1)
                .is_some_and(|d| d.is_ascii_digit() || *d == '.')
            && !matches!(
                out.last(),
                Some(Tok::Str(_) | Tok::Num(_) | Tok::Word(_) | Tok::Quoted(_) | Tok::Close)
            );
        if starts_number || signed {
            let start = i;
            i += 1;
            while i < chars.len() {
                let d = chars[i];
                let exp_sign = matches!(d, '-' | '+') && matches!(chars[i - 1], 'e' | 'E');
                if d.is_ascii_digit() || d == '.' || d == 'e' || d == 'E' || exp_sign {
                    i += 1;
                } else {
                    break;
                }
            }
            let text: String = chars[start..i].iter().collect();
            out.push(Tok::Num(
                text.strip_prefix('+').unwrap_or(&text).to_string(),
            ));
            continue;
        }
        if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && is_word_char(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            out.push(Tok::Word(word.to_lowercase()));
            continue;
        }
        match c {
            '(' => out.push(Tok::Open),
            ')' => out.push(Tok::Close),
            ',' | '[' | ']' | '.' | ';' => out.push(Tok::Op(c.to_string())),
            _ => {
                let start = i;
                while i < chars.len() && is_op_char(chars[i]) {
                    i += 1;
                }
                if i == start {
                    i += 1;
                }
                out.push(Tok::Op(chars[start..i].iter().collect()));
                continue;
            }
        }
        i += 1;
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

fn prev_is_word_char(chars: &[char], i: usize) -> bool {
    i > 0 && is_word_char(chars[i - 1])
}

fn is_op_char(c: char) -> bool {
    "+-*/<>=~!@#%^&|`?:".contains(c)
}

fn build_tree(tokens: &mut impl Iterator<Item = Tok>) -> Vec<Node> {
    let mut out = Vec::new();
    while let Some(t) = tokens.next() {
        match t {
            Tok::Open => out.push(Node::Group(build_tree(tokens))),
            Tok::Close => return out,
            other => out.push(Node::Tok(other)),
        }
    }
    out
}

fn is_literal(node: &Node) -> bool {
    match node {
        Node::Tok(Tok::Str(_) | Tok::Num(_)) => true,
        Node::Tok(Tok::Word(w)) => matches!(w.as_str(), "true" | "false" | "null"),
        Node::Group(inner) => inner.len() == 1 && is_literal(&inner[0]),
        _ => false,
    }
}

/// The innermost node of a literal wrapped in parentheses.
fn unwrap_literal(node: Node) -> Node {
    match node {
        Node::Group(mut inner) if inner.len() == 1 => unwrap_literal(inner.remove(0)),
        other => other,
    }
}

/// Words that continue a type name after `::` (`character varying`,
/// `double precision`, `timestamp with time zone`).
fn is_type_continuation(prev: &str, word: &str) -> bool {
    matches!(
        (prev, word),
        ("character" | "bit" | "char", "varying")
            | ("double", "precision")
            | ("time" | "timestamp", "with" | "without")
            | ("with" | "without", "time")
            | ("time", "zone")
    )
}

/// The extent of the type name starting at `nodes[start]` (after `::` or
/// `AS`): returns the index one past its end and its text.
fn read_type(nodes: &[Node], start: usize) -> Option<(usize, String)> {
    let mut i = start;
    let mut text = String::new();
    let mut last_word = String::new();
    // The name, possibly schema-qualified.
    loop {
        match nodes.get(i)? {
            Node::Tok(Tok::Word(w)) => {
                text.push_str(w);
                last_word = w.clone();
            }
            Node::Tok(Tok::Quoted(q)) => text.push_str(q),
            _ => return None,
        }
        i += 1;
        if matches!(nodes.get(i), Some(Node::Tok(Tok::Op(o))) if o == ".") {
            text.push('.');
            i += 1;
            continue;
        }
        break;
    }
    loop {
        match nodes.get(i) {
            Some(Node::Tok(Tok::Word(w))) if is_type_continuation(&last_word, w) => {
                text.push(' ');
                text.push_str(w);
                last_word = w.clone();
                i += 1;
            }
            // Modifiers: `(64)`, `(10,2)`; they may sit before `with time zone`.
            Some(Node::Group(inner))
                if inner
                    .iter()
                    .all(|n| matches!(n, Node::Tok(Tok::Num(_))) || is_comma(n)) =>
            {
                text.push('(');
                for n in inner {
                    if let Node::Tok(Tok::Num(x) | Tok::Op(x)) = n {
                        text.push_str(x);
                    }
                }
                text.push(')');
                i += 1;
            }
            _ => break,
        }
    }
    while matches!(nodes.get(i), Some(Node::Tok(Tok::Op(o))) if o == "[")
        && matches!(nodes.get(i + 1), Some(Node::Tok(Tok::Op(o))) if o == "]")
    {
        text.push_str("[]");
        i += 2;
    }
    Some((i, text))
}

fn is_comma(n: &Node) -> bool {
    matches!(n, Node::Tok(Tok::Op(o)) if o == ",")
}

fn looks_numeric(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let digits_ok = {
        let mut parts = mantissa.splitn(2, '.');
        let int = parts.next().unwrap_or("");
        let frac = parts.next();
        let all_digits = |p: &str| p.chars().all(|c| c.is_ascii_digit());
        all_digits(int)
            && frac.is_none_or(all_digits)
            && (!int.is_empty() || frac.is_some_and(|f| !f.is_empty()))
    };
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.chars().all(|c| c.is_ascii_digit())
    });
    digits_ok && exp_ok
}

/// The content of a plain `'...'` literal (quotes removed, `''` undoubled).
fn plain_string_content(lit: &str) -> Option<String> {
    let inner = lit.strip_prefix('\'')?.strip_suffix('\'')?;
    Some(inner.replace("''", "'"))
}

/// A literal after its cast to `ty` was removed.
fn literal_after_cast(lit: Node, ty: Option<&ColumnType>) -> Node {
    let lit = unwrap_literal(lit);
    if let (Node::Tok(Tok::Str(s)), Some(ColumnType::Boolean)) = (&lit, ty)
        && let Some(content) = plain_string_content(s)
    {
        match content.trim().to_ascii_lowercase().as_str() {
            "t" | "true" | "y" | "yes" | "on" | "1" => return word("true"),
            "f" | "false" | "n" | "no" | "off" | "0" => return word("false"),
            _ => {}
        }
    }
    lit
}

fn word(w: &str) -> Node {
    Node::Tok(Tok::Word(w.to_string()))
}

/// Normalizes a sequence (and, first, every group inside it) in place.
fn normalize_seq(nodes: &mut Vec<Node>) {
    for n in nodes.iter_mut() {
        if let Node::Group(inner) = n {
            normalize_seq(inner);
        }
    }
    loop {
        let before = nodes.clone();
        strip_casts(nodes);
        rewrite_calls(nodes);
        unwrap_groups(nodes);
        unquote_numbers(nodes);
        if *nodes == before {
            break;
        }
    }
}

fn strip_casts(nodes: &mut Vec<Node>) {
    let mut i = 1;
    while i < nodes.len() {
        let is_cast = matches!(&nodes[i], Node::Tok(Tok::Op(o)) if o == "::");
        if !is_cast {
            i += 1;
            continue;
        }
        let Some((end, ty_text)) = read_type(nodes, i + 1) else {
            i += 1;
            continue;
        };
        let ty = parse_type(&ty_text);
        if is_literal(&nodes[i - 1]) {
            let lit = nodes[i - 1].clone();
            nodes[i - 1] = literal_after_cast(lit, Some(&ty));
            nodes.drain(i..end);
            // A chain of casts: look at the next one from the same place.
            continue;
        }
        // Keep the cast, with the type in one canonical spelling.
        nodes.splice(i + 1..end, [Node::Tok(Tok::Word(type_sql(&ty)))]);
        i += 2;
    }
}

/// `now()` -> `current_timestamp`; `CAST(literal AS type)` -> literal;
/// `DATE '2020-01-01'`, `INTERVAL '1 day'` (a type name before a literal) ->
/// the literal.
fn rewrite_calls(nodes: &mut Vec<Node>) {
    let mut i = 0;
    while i < nodes.len() {
        let qualified =
            i > 0 && matches!(&nodes[i - 1], Node::Tok(Tok::Op(o)) if o == "." || o == "::");
        if let Some((len, replacement)) = rewrite_at(nodes, i, qualified) {
            nodes.splice(i..i + len, [replacement]);
        }
        i += 1;
    }
}

/// The rewrite of `nodes[i..i + len]`, if one applies there.
fn rewrite_at(nodes: &[Node], i: usize, qualified: bool) -> Option<(usize, Node)> {
    let Node::Tok(Tok::Word(w)) = &nodes[i] else {
        return None;
    };
    if qualified {
        return None;
    }
    match (w.as_str(), nodes.get(i + 1)) {
        ("now" | "transaction_timestamp", Some(Node::Group(args))) if args.is_empty() => {
            Some((2, word("current_timestamp")))
        }
        ("cast", Some(Node::Group(args))) if args.len() >= 3 && is_literal(&args[0]) => {
            let is_as = matches!(&args[1], Node::Tok(Tok::Word(a)) if a == "as");
            let (end, ty_text) = read_type(args, 2)?;
            if !is_as || end != args.len() {
                return None;
            }
            let ty = parse_type(&ty_text);
            Some((2, literal_after_cast(args[0].clone(), Some(&ty))))
        }
        _ => {
            let (end, ty_text) = read_type(nodes, i)?;
            let Some(Node::Tok(Tok::Str(_))) = nodes.get(end) else {
                return None;
            };
            let ty = parse_type(&ty_text);
            let known = !matches!(ty, ColumnType::Custom(_))
                || matches!(ty_text.as_str(), "interval" | "json");
            known.then(|| {
                (
                    end + 1 - i,
                    literal_after_cast(nodes[end].clone(), Some(&ty)),
                )
            })
        }
    }
}

/// Removes parentheses around a single operand (a literal, a word, a
/// function call, a cast of one), unless they are a call's argument list.
fn unwrap_groups(nodes: &mut Vec<Node>) {
    let mut i = 0;
    while i < nodes.len() {
        let is_args = i > 0
            && matches!(&nodes[i - 1], Node::Tok(Tok::Word(_) | Tok::Quoted(_)))
            && !matches!(&nodes[i - 1], Node::Tok(Tok::Word(w)) if is_operator_word(w));
        if let Node::Group(inner) = &nodes[i]
            && !is_args
            && is_single_operand(inner)
        {
            let inner = inner.clone();
            let n = inner.len();
            nodes.splice(i..i + 1, inner);
            i += n;
            continue;
        }
        i += 1;
    }
}

/// Words after which a parenthesized group is an operand, not arguments.
fn is_operator_word(w: &str) -> bool {
    matches!(
        w,
        "and" | "or" | "not" | "is" | "like" | "ilike" | "then" | "else" | "when" | "case"
    )
}

fn is_single_operand(inner: &[Node]) -> bool {
    match inner {
        [] => false,
        [Node::Tok(Tok::Str(_) | Tok::Num(_) | Tok::Word(_) | Tok::Quoted(_))] => true,
        [Node::Group(g)] => is_single_operand(g),
        // A function call.
        [Node::Tok(Tok::Word(_) | Tok::Quoted(_)), Node::Group(_)] => true,
        // A cast of one operand: `x::type`.
        [first, Node::Tok(Tok::Op(o)), rest @ ..] if o == "::" => {
            !matches!(first, Node::Tok(Tok::Op(_)))
                && read_type(inner, 2).is_some_and(|(end, _)| end == inner.len())
                && !rest.is_empty()
        }
        _ => false,
    }
}

/// `'-1'` -> `-1` (a string literal holding a plain number); `'t'`,
/// `'true'`, `'f'`, `'false'` -> `true` / `false` (PostgreSQL reports the
/// default `'t'` of a boolean column as `true`; the type is not known here).
fn unquote_numbers(nodes: &mut [Node]) {
    for n in nodes.iter_mut() {
        let Node::Tok(Tok::Str(s)) = n else {
            continue;
        };
        let Some(content) = plain_string_content(s) else {
            continue;
        };
        if looks_numeric(&content) {
            *n = Node::Tok(Tok::Num(content));
        } else if content.eq_ignore_ascii_case("t") || content.eq_ignore_ascii_case("true") {
            *n = word("true");
        } else if content.eq_ignore_ascii_case("f") || content.eq_ignore_ascii_case("false") {
            *n = word("false");
        }
    }
}

fn render(nodes: &[Node], out: &mut String) {
    let mut prev: Option<&Node> = None;
    for n in nodes {
        if prev.is_some_and(|p| needs_space(p, n)) {
            out.push(' ');
        }
        match n {
            Node::Tok(t) => out.push_str(tok_text(t)),
            Node::Group(inner) => {
                out.push('(');
                render(inner, out);
                out.push(')');
            }
        }
        prev = Some(n);
    }
}

fn tok_text(t: &Tok) -> &str {
    match t {
        Tok::Str(s) | Tok::Num(s) | Tok::Word(s) | Tok::Quoted(s) | Tok::Op(s) => s,
        Tok::Open => "(",
        Tok::Close => ")",
    }
}

fn needs_space(prev: &Node, next: &Node) -> bool {
    let op =
        |n: &Node, set: &[&str]| matches!(n, Node::Tok(Tok::Op(o)) if set.contains(&o.as_str()));
    if op(prev, &["::", ".", "["]) || op(next, &["::", ".", ",", "[", "]"]) {
        return false;
    }
    // A call: `f(...)`.
    if let (Node::Tok(Tok::Word(w)), Node::Group(_)) = (prev, next) {
        return is_operator_word(w);
    }
    if let (Node::Tok(Tok::Quoted(_)), Node::Group(_)) = (prev, next) {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::normalize_default as n;

    #[test]
    fn literals_and_casts() {
        assert_eq!(n("'it''s'::text"), "'it''s'");
        assert_eq!(n("'it''s'"), "'it''s'");
        assert_eq!(n("'0'::integer"), "0");
        assert_eq!(n("'-1'::integer"), "-1");
        assert_eq!(n("-1"), "-1");
        assert_eq!(n("(-1)"), "-1");
        assert_eq!(n("+1"), "1");
        assert_eq!(n("'{}'::jsonb"), "'{}'");
        assert_eq!(n("'x'::character varying"), "'x'");
        assert_eq!(n("'x'::character varying(10)"), "'x'");
        assert_eq!(n("('now'::text)::date"), "'now'");
        assert_eq!(n("'t'::boolean"), "true");
        assert_eq!(n("'false'::bool"), "false");
        assert_eq!(n("TRUE"), "true");
        assert_eq!(n("'t'"), "true");
        assert_eq!(n("'F'"), "false");
        assert_eq!(n("'yes'::boolean"), "true");
        assert_eq!(n("'yes'"), "'yes'");
        assert_eq!(n("NULL::character varying"), "null");
        assert_eq!(n("'10000000000'::bigint"), "10000000000");
        assert_eq!(n("'{}'::integer[]"), "'{}'");
        assert_eq!(n("'1.5'::numeric"), "1.5");
        assert_eq!(n("CAST('x' AS text)"), "'x'");
        assert_eq!(
            n("'2020-01-01 00:00:00'::timestamp without time zone"),
            "'2020-01-01 00:00:00'"
        );
        assert_eq!(n("E'a\\'b'::text"), "E'a\\'b'");
    }

    #[test]
    fn functions_keywords_and_parentheses() {
        assert_eq!(n("now()"), "current_timestamp");
        assert_eq!(n("NOW()"), "current_timestamp");
        assert_eq!(n("CURRENT_TIMESTAMP"), "current_timestamp");
        assert_eq!(n("(CURRENT_TIMESTAMP)"), "current_timestamp");
        assert_eq!(n("gen_random_uuid()"), "gen_random_uuid()");
        assert_eq!(n("GEN_RANDOM_UUID ( )"), "gen_random_uuid()");
        assert_eq!(n("(1 + 2)"), "1 + 2");
        assert_eq!(n("1+2"), "1 + 2");
        assert_eq!(n("lower('ABC'::text)"), "lower('ABC')");
        assert_eq!(n("lower('ABC')"), "lower('ABC')");
        assert_eq!(n("(now())::date"), "current_timestamp::date");
        assert_eq!(n("now()::DATE"), "current_timestamp::date");
        assert_eq!(n("(x > 0)"), "x > 0");
        assert_eq!(n("((x > 0) AND (y < 1))"), "(x > 0) and (y < 1)");
        assert_eq!(n("\"Price\" > 0"), "\"Price\" > 0");
        assert_eq!(n("'now()'::text"), "'now()'");
        assert_eq!(n("DATE '2020-01-01'"), "'2020-01-01'");
        assert_eq!(n("'2020-01-01'::date"), "'2020-01-01'");
        assert_eq!(n("interval '1 day'"), "'1 day'");
        assert_eq!(n("'1 day'::interval"), "'1 day'");
        assert_eq!(n("x LIKE 'a%'"), "x like 'a%'");
        assert_eq!(n("nextval('seq'::regclass)"), "nextval('seq')");
    }
}

#[cfg(test)]
mod properties {
    use super::normalize_default as n;

    const SAMPLES: &[&str] = &[
        "'it''s'::text",
        "'-1'::integer",
        "('now'::text)::date",
        "(now())::date",
        "((x > 0) AND (y < 1))",
        "NULL::character varying",
        "'t'::boolean",
        "E'a\\'b'::text",
        "$$dollar$$",
        "'unterminated",
        "\"unterminated",
        "((((",
        "))))",
        "::",
        "x::",
        "- - 1",
        "1e-5",
        "ARRAY[1, 2]::integer[]",
        "'{1,2}'::int4[]",
        "CASE WHEN (a) THEN (b) ELSE (c) END",
        "nextval('\"T\"_id_seq'::regclass)",
        "été()",
        "",
    ];

    #[test]
    fn never_panics_and_is_idempotent() {
        for s in SAMPLES {
            let once = n(s);
            assert_eq!(n(&once), once, "{s}");
        }
    }
}
