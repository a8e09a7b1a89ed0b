//! The portable <-> PostgreSQL type mapping.

use crate::schema::ColumnType;

/// The native spelling of a portable type (`varchar(64)`, `bytea`,
/// `numeric(10,2)`, ...). A [`ColumnType::Custom`] is written verbatim.
pub fn type_sql(ty: &ColumnType) -> String {
    match ty {
        ColumnType::SmallInt => "smallint".into(),
        ColumnType::Integer => "integer".into(),
        ColumnType::BigInt => "bigint".into(),
        ColumnType::Real => "real".into(),
        ColumnType::Double => "double precision".into(),
        ColumnType::Boolean => "boolean".into(),
        ColumnType::Text => "text".into(),
        ColumnType::Varchar(n) => format!("varchar({n})"),
        ColumnType::Blob => "bytea".into(),
        ColumnType::Date => "date".into(),
        ColumnType::Time => "time".into(),
        ColumnType::Timestamp => "timestamp".into(),
        ColumnType::TimestampTz => "timestamptz".into(),
        ColumnType::Uuid => "uuid".into(),
        ColumnType::Json => "jsonb".into(),
        ColumnType::Decimal(None) => "numeric".into(),
        ColumnType::Decimal(Some((p, s))) => format!("numeric({p},{s})"),
        ColumnType::Custom(s) => s.clone(),
    }
}

/// Reads a native type back into a portable one.
///
/// Accepts what `format_type()` reports (`character varying(64)`,
/// `timestamp without time zone`, `numeric(10,2)`, ...) and the usual
/// synonyms (`varchar(64)`, `int4`, `int8`, `bool`, `float8`,
/// `timestamptz`, `decimal`, `serial`, ...), in any case and spacing.
///
/// A type without a portable equivalent becomes [`ColumnType::Custom`] in a
/// canonical spelling, so that two spellings of one type compare equal:
/// lower case outside double quotes, single spaces, `format_type()`'s name
/// for the few synonyms it knows (`varchar` -> `character varying`,
/// `char(3)` -> `character(3)`, `timetz` -> `time with time zone`), and
/// array element types canonicalized (`int4[]` -> `integer[]`). `json`
/// (unlike `jsonb`) stays `Custom("json")`.
pub fn parse_type(native: &str) -> ColumnType {
    let norm = canonical_spelling(native);
    if norm.is_empty() {
        return ColumnType::Custom(native.trim().to_string());
    }
    // Arrays: canonicalize the element type.
    if let Some(elem) = norm.strip_suffix("[]") {
        let elem = type_sql(&parse_type(elem));
        return ColumnType::Custom(format!("{elem}[]"));
    }
    let (base, args) = match split_args(&norm) {
        Split::Plain => (norm.clone(), None),
        Split::Args(base, nums) => (base, Some(nums)),
        Split::Other => return ColumnType::Custom(norm),
    };
    use ColumnType::*;
    match (base.as_str(), args.as_deref()) {
        ("smallint" | "int2" | "smallserial" | "serial2", None) => SmallInt,
        ("integer" | "int" | "int4" | "serial" | "serial4", None) => Integer,
        ("bigint" | "int8" | "bigserial" | "serial8", None) => BigInt,
        ("real" | "float4", None) => Real,
        ("double precision" | "float8" | "float", None) => Double,
        ("float", Some([p])) if (1..=24).contains(p) => Real,
        ("float", Some([p])) if (25..=53).contains(p) => Double,
        ("boolean" | "bool", None) => Boolean,
        ("text", None) => Text,
        ("character varying" | "varchar", Some([n])) => match u32::try_from(*n) {
            Ok(n) => Varchar(n),
            Err(_) => Custom(norm),
        },
        ("character varying" | "varchar", None) => Custom("character varying".into()),
        ("character" | "char" | "bpchar", None) => Custom("character(1)".into()),
        ("character" | "char" | "bpchar", Some([n])) => Custom(format!("character({n})")),
        ("bytea", None) => Blob,
        ("date", None) => Date,
        ("time" | "time without time zone", None) => Time,
        ("time" | "time without time zone", Some([p])) => {
            Custom(format!("time({p}) without time zone"))
        }
        ("timetz" | "time with time zone", None) => Custom("time with time zone".into()),
        ("timetz" | "time with time zone", Some([p])) => {
            Custom(format!("time({p}) with time zone"))
        }
        ("timestamp" | "timestamp without time zone", None) => Timestamp,
        ("timestamp" | "timestamp without time zone", Some([p])) => {
            Custom(format!("timestamp({p}) without time zone"))
        }
        ("timestamptz" | "timestamp with time zone", None) => TimestampTz,
        ("timestamptz" | "timestamp with time zone", Some([p])) => {
            Custom(format!("timestamp({p}) with time zone"))
        }
        ("uuid", None) => Uuid,
        ("jsonb", None) => Json,
        ("numeric" | "decimal", None) => Decimal(None),
        ("numeric" | "decimal", Some([p])) => match u32::try_from(*p) {
            Ok(p) => Decimal(Some((p, 0))),
            Err(_) => Custom(norm),
        },
        ("numeric" | "decimal", Some([p, s])) => match (u32::try_from(*p), u32::try_from(*s)) {
            (Ok(p), Ok(s)) => Decimal(Some((p, s))),
            _ => Custom(norm),
        },
        _ => Custom(norm),
    }
}

/// Lower case outside double quotes, whitespace collapsed, no spaces
/// next to parentheses, commas or brackets.
fn canonical_spelling(native: &str) -> String {
    let mut out = String::with_capacity(native.len());
    let mut in_quotes = false;
    let mut pending_space = false;
    for c in native.trim().chars() {
        if in_quotes {
            out.push(c);
            if c == '"' {
                in_quotes = false;
            }
            continue;
        }
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        let tight = matches!(c, '(' | ')' | ',' | '[' | ']');
        let after_tight = matches!(out.chars().last(), Some('(' | ',' | '['));
        if pending_space && !out.is_empty() && !tight && !after_tight {
            out.push(' ');
        }
        pending_space = false;
        if c == '"' {
            in_quotes = true;
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// How a canonical type spelling splits into a name and numeric modifiers.
enum Split {
    /// No parentheses.
    Plain,
    /// `name(1,2)`, or `time(3) with time zone` as `("time with time zone", [3])`.
    Args(String, Vec<i64>),
    /// Parentheses holding something else: no portable type.
    Other,
}

fn split_args(s: &str) -> Split {
    let Some(open) = s.find('(') else {
        return Split::Plain;
    };
    let base = s[..open].trim_end();
    let rest = &s[open + 1..];
    let Some(close) = rest.find(')') else {
        return Split::Other;
    };
    let tail = rest[close + 1..].trim();
    let nums: Option<Vec<i64>> = rest[..close]
        .split(',')
        .map(|n| n.trim().parse().ok())
        .collect();
    match nums {
        Some(nums) if tail.is_empty() => Split::Args(base.to_string(), nums),
        Some(nums) => Split::Args(format!("{base} {tail}"), nums),
        None => Split::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ColumnType::*;

    #[test]
    fn format_type_output_and_synonyms() {
        let cases = [
            ("character varying(64)", Varchar(64)),
            ("CHARACTER VARYING (64)", Varchar(64)),
            ("varchar(255)", Varchar(255)),
            ("timestamp without time zone", Timestamp),
            ("timestamp with time zone", TimestampTz),
            ("TIMESTAMPTZ", TimestampTz),
            ("time without time zone", Time),
            ("int4", Integer),
            ("int", Integer),
            ("int8", BigInt),
            ("int2", SmallInt),
            ("serial", Integer),
            ("bigserial", BigInt),
            ("bool", Boolean),
            ("float8", Double),
            ("float4", Real),
            ("float(10)", Real),
            ("float(53)", Double),
            ("double  precision", Double),
            ("numeric(10,2)", Decimal(Some((10, 2)))),
            ("numeric(10, 2)", Decimal(Some((10, 2)))),
            ("DECIMAL(7)", Decimal(Some((7, 0)))),
            ("numeric", Decimal(None)),
            ("bytea", Blob),
            ("jsonb", Json),
            ("uuid", Uuid),
            ("json", Custom("json".into())),
            ("JSON", Custom("json".into())),
            ("tsvector", Custom("tsvector".into())),
            ("varchar", Custom("character varying".into())),
            ("char(3)", Custom("character(3)".into())),
            ("character(3)", Custom("character(3)".into())),
            ("timetz", Custom("time with time zone".into())),
            (
                "time(3) without time zone",
                Custom("time(3) without time zone".into()),
            ),
            (
                "timestamp(3)",
                Custom("timestamp(3) without time zone".into()),
            ),
            (
                "timestamp(6) with time zone",
                Custom("timestamp(6) with time zone".into()),
            ),
            ("integer[]", Custom("integer[]".into())),
            ("int4[]", Custom("integer[]".into())),
            ("varchar(10) []", Custom("varchar(10)[]".into())),
            ("\"MyEnum\"", Custom("\"MyEnum\"".into())),
            ("public.\"MyEnum\"", Custom("public.\"MyEnum\"".into())),
            ("interval", Custom("interval".into())),
        ];
        for (native, want) in cases {
            assert_eq!(parse_type(native), want, "{native}");
        }
    }
}
