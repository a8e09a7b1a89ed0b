//! A small SQL tokenizer: enough to read `CREATE TABLE` text and default
//! expressions. It knows SQLite's quoting (`"x"`, `` `x` ``, `[x]`, `'s'`),
//! comments and numbers; everything else is one punctuation character.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A bare word: keyword or unquoted identifier.
    Word,
    /// A quoted identifier: `"x"`, `` `x` `` or `[x]`.
    Quoted,
    /// A string literal `'s'`.
    Str,
    /// A numeric literal.
    Number,
    /// Any other character.
    Punct,
}

/// One token, with its place in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Token<'a> {
    /// What it is.
    pub kind: Kind,
    /// Its text, quotes included.
    pub text: &'a str,
    /// Byte offset of its first character.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// Whether whitespace or a comment comes right before it.
    pub space_before: bool,
}

impl Token<'_> {
    /// True for the bare word `kw` (any case).
    pub fn is_kw(&self, kw: &str) -> bool {
        self.kind == Kind::Word && self.text.eq_ignore_ascii_case(kw)
    }

    /// True for the punctuation character `c`.
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct && self.text.starts_with(c)
    }

    /// The identifier this token spells (unquoted), if it can be one.
    pub fn ident(&self) -> Option<String> {
        match self.kind {
            Kind::Word => Some(self.text.to_string()),
            Kind::Quoted | Kind::Str => Some(unquote(self.text)),
            Kind::Number | Kind::Punct => None,
        }
    }
}

/// Removes the quotes of a quoted identifier or string, undoubling embedded ones.
fn unquote(text: &str) -> String {
    let mut chars = text.chars();
    let (open, close) = match chars.next() {
        Some('[') => {
            return text[1..]
                .strip_suffix(']')
                .unwrap_or(&text[1..])
                .to_string();
        }
        Some(c @ ('"' | '`' | '\'')) => (c, c),
        _ => return text.to_string(),
    };
    let inner = &text[open.len_utf8()..];
    let inner = inner.strip_suffix(close).unwrap_or(inner);
    let doubled: String = [close, close].iter().collect();
    inner.replace(&doubled, &close.to_string())
}

/// Whether the SQL expression `expr` names the column `column`: as a bare
/// word in any case, or quoted exactly (string literals do not count).
pub(crate) fn mentions(expr: &str, column: &str) -> bool {
    tokenize(expr).iter().any(|t| match t.kind {
        Kind::Word => t.text.eq_ignore_ascii_case(column),
        Kind::Quoted => unquote(t.text) == column,
        Kind::Str | Kind::Number | Kind::Punct => false,
    })
}

/// Splits `sql` into tokens, dropping whitespace and comments. Never fails:
/// an unterminated quote or comment runs to the end of the text.
pub(super) fn tokenize(sql: &str) -> Vec<Token<'_>> {
    let bytes = sql.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut space_before = false;
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        let kind = match b {
            b if b.is_ascii_whitespace() => {
                i += 1;
                space_before = true;
                continue;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = sql[i..].find('\n').map_or(bytes.len(), |n| i + n + 1);
                space_before = true;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = sql[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |n| i + 2 + n + 2);
                space_before = true;
                continue;
            }
            b'"' | b'`' | b'\'' => {
                i = end_of_quoted(bytes, i, b);
                if b == b'\'' { Kind::Str } else { Kind::Quoted }
            }
            b'[' => {
                i = sql[i..].find(']').map_or(bytes.len(), |n| i + n + 1);
                Kind::Quoted
            }
            b'0'..=b'9' => {
                i = end_of_number(bytes, i);
                Kind::Number
            }
            b'.' if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                i = end_of_number(bytes, i);
                Kind::Number
            }
            b if b.is_ascii_alphabetic() || b == b'_' || b >= 0x80 => {
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric()
                        || matches!(bytes[i], b'_' | b'$')
                        || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                Kind::Word
            }
            _ => {
                i += 1;
                Kind::Punct
            }
        };
        tokens.push(Token {
            kind,
            text: &sql[start..i],
            start,
            end: i,
            space_before,
        });
        space_before = false;
    }
    tokens
}

/// The end of a quoted run that starts at `i` with `quote` (a doubled quote
/// stays inside).
fn end_of_quoted(bytes: &[u8], mut i: usize, quote: u8) -> usize {
    i += 1;
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

/// The end of a number starting at `i`: digits, one dot, an exponent, or hex.
fn end_of_number(bytes: &[u8], mut i: usize) -> usize {
    if bytes[i] == b'0' && matches!(bytes.get(i + 1), Some(b'x' | b'X')) {
        i += 2;
        while i < bytes.len() && bytes[i].is_ascii_hexdigit() {
            i += 1;
        }
        return i;
    }
    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
        i += 1;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(bytes.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if bytes.get(j).is_some_and(u8::is_ascii_digit) {
            i = j;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
        }
    }
    i
}

/// The index of the `)` that closes the `(` at `open`, if any.
pub(super) fn matching_paren(tokens: &[Token<'_>], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// Splits `tokens` at the commas that are outside parentheses.
pub(super) fn split_commas<'t, 'a>(tokens: &'t [Token<'a>]) -> Vec<&'t [Token<'a>]> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            depth = depth.saturating_sub(1);
        } else if t.is_punct(',') && depth == 0 {
            parts.push(&tokens[start..i]);
            start = i + 1;
        }
    }
    parts.push(&tokens[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sql: &str) -> Vec<&str> {
        tokenize(sql).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn quotes_comments_numbers() {
        assert_eq!(
            texts("a \"b \"\" c\" -- x\n [d e] `f` 'it''s' /* y */ 1.5e-3 0x1F x'00'(,)"),
            [
                "a",
                "\"b \"\" c\"",
                "[d e]",
                "`f`",
                "'it''s'",
                "1.5e-3",
                "0x1F",
                "x",
                "'00'",
                "(",
                ",",
                ")"
            ]
        );
    }

    #[test]
    fn identifiers_unquote() {
        let t = tokenize("\"say \"\"hi\"\"\" [a b] `c``d` 'e''f' plain");
        let ids: Vec<_> = t.iter().map(|t| t.ident().unwrap()).collect();
        assert_eq!(ids, ["say \"hi\"", "a b", "c`d", "e'f", "plain"]);
    }

    #[test]
    fn unterminated_runs_to_end() {
        assert_eq!(texts("'abc"), ["'abc"]);
        assert_eq!(texts("a /* b"), ["a"]);
    }

    #[test]
    fn parens_and_commas() {
        let t = tokenize("(a, f(b, c), d)");
        assert_eq!(matching_paren(&t, 0), Some(t.len() - 1));
        let inner = &t[1..t.len() - 1];
        assert_eq!(split_commas(inner).len(), 3);
    }
}
