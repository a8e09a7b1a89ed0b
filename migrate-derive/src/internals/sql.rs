//! The bits of SQL that the derive understands at compile time: foreign-key
//! actions, and which identifiers a CHECK expression refers to.

/// A foreign-key action, as `migrate_core::schema::FkAction` spells it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum FkAction {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl FkAction {
    /// The accepted spellings, for messages.
    pub const SPELLINGS: &'static str =
        "\"cascade\", \"restrict\", \"set null\", \"set default\", \"no action\"";

    /// Same rules as `migrate_core::schema::FkAction::parse`: any case, and
    /// `_` or `-` may stand for the space.
    pub fn parse(s: &str) -> Option<FkAction> {
        let norm: String = s
            .trim()
            .chars()
            .map(|c| {
                if c == '_' || c == '-' {
                    ' '
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        match norm
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .as_str()
        {
            "no action" => Some(Self::NoAction),
            "restrict" => Some(Self::Restrict),
            "cascade" => Some(Self::Cascade),
            "set null" => Some(Self::SetNull),
            "set default" => Some(Self::SetDefault),
            _ => None,
        }
    }

    /// The name of the matching `migrate_core::schema::FkAction` variant.
    pub fn variant(self) -> &'static str {
        match self {
            Self::NoAction => "NoAction",
            Self::Restrict => "Restrict",
            Self::Cascade => "Cascade",
            Self::SetNull => "SetNull",
            Self::SetDefault => "SetDefault",
        }
    }
}

/// An identifier in an SQL expression that names a column (as far as a
/// tokenizer can tell).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnRef {
    /// The identifier, without quotes.
    pub name: String,
    /// Written in double quotes or backticks: compared exactly, not folded.
    pub quoted: bool,
}

/// Words that are part of the expression language, not column names.
/// Compared case-insensitively.
const KEYWORDS: &[&str] = &[
    // operators and literals
    "AND",
    "OR",
    "NOT",
    "NULL",
    "IS",
    "ISNULL",
    "NOTNULL",
    "IN",
    "LIKE",
    "ILIKE",
    "GLOB",
    "REGEXP",
    "MATCH",
    "SIMILAR",
    "TO",
    "BETWEEN",
    "SYMMETRIC",
    "ESCAPE",
    "TRUE",
    "FALSE",
    "UNKNOWN",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "CAST",
    "AS",
    "COLLATE",
    "EXISTS",
    "DISTINCT",
    "FROM",
    "ANY",
    "ALL",
    "SOME",
    "ARRAY",
    "AT",
    "ZONE",
    "WITH",
    "WITHOUT",
    // type names (in CAST(... AS type))
    "INT",
    "INTEGER",
    "INT2",
    "INT4",
    "INT8",
    "SMALLINT",
    "BIGINT",
    "TINYINT",
    "MEDIUMINT",
    "TEXT",
    "VARCHAR",
    "CHAR",
    "CHARACTER",
    "VARYING",
    "NCHAR",
    "NVARCHAR",
    "CLOB",
    "REAL",
    "DOUBLE",
    "PRECISION",
    "FLOAT",
    "FLOAT4",
    "FLOAT8",
    "NUMERIC",
    "DECIMAL",
    "BOOLEAN",
    "BOOL",
    "DATE",
    "TIME",
    "TIMETZ",
    "TIMESTAMP",
    "TIMESTAMPTZ",
    "INTERVAL",
    "UUID",
    "JSON",
    "JSONB",
    "BLOB",
    "BYTEA",
    // niladic functions
    "CURRENT_DATE",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "LOCALTIME",
    "LOCALTIMESTAMP",
    "CURRENT_USER",
    "SESSION_USER",
];

/// Whether `word` is an SQL keyword or type name (any case).
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(word))
}

/// The identifiers of `expr` that must be columns: everything but string and
/// number literals, function names (an identifier followed by `(`),
/// keywords, type names, qualifiers (`t.` in `t.col`), the type after `::`
/// and the collation after `COLLATE`.
pub fn column_refs(expr: &str) -> Vec<ColumnRef> {
    let bytes = expr.as_bytes();
    let mut refs = Vec::new();
    let mut i = 0;
    // The word before, for `COLLATE x` and `::type`.
    let mut skip_next_word = false;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'\'' => {
                i = skip_quoted(bytes, i, b'\'');
            }
            b'"' | b'`' => {
                let end = skip_quoted(bytes, i, c);
                let inner = &expr[i + 1..end.saturating_sub(1).max(i + 1)];
                let name = inner.replace(
                    if c == b'"' { "\"\"" } else { "``" },
                    &(c as char).to_string(),
                );
                let after = skip_space(bytes, end);
                let qualifier = bytes.get(after) == Some(&b'.');
                let call = bytes.get(after) == Some(&b'(');
                if !skip_next_word && !qualifier && !call {
                    refs.push(ColumnRef { name, quoted: true });
                }
                skip_next_word = false;
                i = end;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < bytes.len() && !(bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i = (i + 2).min(bytes.len());
            }
            b':' if bytes.get(i + 1) == Some(&b':') => {
                skip_next_word = true;
                i += 2;
            }
            b'0'..=b'9' => {
                // Numbers, including `1.5e10` and `0x1F`.
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.' || bytes[i] == b'_')
                {
                    i += 1;
                }
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                let start = i;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric()
                        || bytes[i] == b'_'
                        || bytes[i] == b'$'
                        || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                let word = &expr[start..i];
                // X'00', E'\n', B'01', N'x': a prefixed string literal.
                if bytes.get(i) == Some(&b'\'') && word.len() == 1 {
                    continue;
                }
                let after = skip_space(bytes, i);
                let qualifier = bytes.get(after) == Some(&b'.');
                let call = bytes.get(after) == Some(&b'(');
                let skip = skip_next_word || qualifier || call || is_keyword(word);
                skip_next_word = word.eq_ignore_ascii_case("COLLATE");
                if !skip {
                    refs.push(ColumnRef {
                        name: word.to_string(),
                        quoted: false,
                    });
                }
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                skip_next_word = false;
                i += 1;
            }
        }
    }
    refs
}

/// The index just past the closing quote of the literal opening at `start`
/// (a doubled quote is an escaped one).
fn skip_quoted(bytes: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(expr: &str) -> Vec<String> {
        column_refs(expr).into_iter().map(|r| r.name).collect()
    }

    #[test]
    fn fk_actions_parse_like_core() {
        assert_eq!(FkAction::parse("cascade"), Some(FkAction::Cascade));
        assert_eq!(FkAction::parse("SET NULL"), Some(FkAction::SetNull));
        assert_eq!(FkAction::parse("set_default"), Some(FkAction::SetDefault));
        assert_eq!(FkAction::parse(" No  Action "), Some(FkAction::NoAction));
        assert_eq!(FkAction::parse("Restrict"), Some(FkAction::Restrict));
        assert_eq!(FkAction::parse("delete"), None);
    }

    #[test]
    fn check_expression_columns() {
        assert_eq!(names("age >= 0 AND age < 150"), ["age", "age"]);
        assert_eq!(names("length(name) > 0"), ["name"]);
        assert_eq!(names("status IN ('active', 'it''s')"), ["status"]);
        assert_eq!(names("price * 1.5e2 >= 0x10"), ["price"]);
        assert_eq!(names("\"Weird Name\" IS NOT NULL"), ["Weird Name"]);
        assert_eq!(names("CAST(x AS INTEGER) = 1"), ["x"]);
        assert_eq!(names("email LIKE '%@%' ESCAPE '\\'"), ["email"]);
        assert_eq!(names("t.col > 0"), ["col"]);
        assert_eq!(names("x::text <> ''"), ["x"]);
        assert_eq!(names("name COLLATE NOCASE = 'a'"), ["name"]);
        assert_eq!(
            names("data <> X'00' -- comment here\n /* and here */"),
            ["data"]
        );
        assert_eq!(names("created_at <= CURRENT_TIMESTAMP"), ["created_at"]);
        assert_eq!(names("CASE WHEN a THEN b ELSE c END"), ["a", "b", "c"]);
    }
}
