//! The portable <-> SQLite type mapping.
//!
//! SQLite keeps a column's declared type as written, so each portable type
//! gets a spelling of its own that [`parse_type`] reads back exactly.

use crate::schema::ColumnType;

/// Native spelling of a portable type.
pub fn type_sql(ty: &ColumnType) -> String {
    use ColumnType::*;
    match ty {
        SmallInt => "SMALLINT".into(),
        Integer => "INTEGER".into(),
        BigInt => "BIGINT".into(),
        Real => "REAL".into(),
        Double => "DOUBLE".into(),
        Boolean => "BOOLEAN".into(),
        Text => "TEXT".into(),
        Varchar(n) => format!("VARCHAR({n})"),
        Blob => "BLOB".into(),
        Date => "DATE".into(),
        Time => "TIME".into(),
        Timestamp => "TIMESTAMP".into(),
        TimestampTz => "TIMESTAMPTZ".into(),
        Uuid => "UUID".into(),
        Json => "JSON".into(),
        Decimal(None) => "NUMERIC".into(),
        Decimal(Some((p, s))) => format!("NUMERIC({p}, {s})"),
        Custom(s) => s.clone(),
    }
}

/// Native type -> portable type: case-insensitive, whitespace-tolerant, with
/// the common synonyms (`INT`, `DOUBLE PRECISION`, `CHARACTER VARYING(n)`,
/// `BOOL`, `DATETIME`, ...). Anything else is [`ColumnType::Custom`] holding
/// the original text.
pub fn parse_type(native: &str) -> ColumnType {
    let norm = normalize(native);
    let (base, args) = match norm.split_once('(') {
        Some((base, rest)) => match rest.strip_suffix(')') {
            Some(args) => (base, Some(args)),
            None => return ColumnType::Custom(native.to_string()),
        },
        None => (norm.as_str(), None),
    };
    // None: no parentheses; Some(None): arguments that are not numbers.
    let args: Option<Option<Vec<u32>>> =
        args.map(|a| a.split(',').map(|n| n.parse().ok()).collect());
    let parsed = match args {
        None => simple_type(base),
        Some(None) => None,
        Some(Some(args)) => match (base, args.as_slice()) {
            ("VARCHAR" | "CHARACTER VARYING" | "VARYING CHARACTER" | "NVARCHAR", [n]) => {
                Some(ColumnType::Varchar(*n))
            }
            ("NUMERIC" | "DECIMAL", [p]) => Some(ColumnType::Decimal(Some((*p, 0)))),
            ("NUMERIC" | "DECIMAL", [p, s]) => Some(ColumnType::Decimal(Some((*p, *s)))),
            _ => None,
        },
    };
    parsed.unwrap_or_else(|| ColumnType::Custom(native.to_string()))
}

/// A type without arguments, by its normalized name.
fn simple_type(name: &str) -> Option<ColumnType> {
    use ColumnType::*;
    Some(match name {
        "SMALLINT" | "INT2" => SmallInt,
        "INTEGER" | "INT" | "INT4" | "MEDIUMINT" => Integer,
        "BIGINT" | "INT8" | "UNSIGNED BIG INT" => BigInt,
        "REAL" | "FLOAT4" => Real,
        "DOUBLE" | "DOUBLE PRECISION" | "FLOAT" | "FLOAT8" => Double,
        "BOOLEAN" | "BOOL" => Boolean,
        "TEXT" | "CLOB" => Text,
        "BLOB" | "BYTEA" => Blob,
        "DATE" => Date,
        "TIME" | "TIME WITHOUT TIME ZONE" => Time,
        "TIMESTAMP" | "DATETIME" | "TIMESTAMP WITHOUT TIME ZONE" => Timestamp,
        "TIMESTAMPTZ" | "TIMESTAMP WITH TIME ZONE" => TimestampTz,
        "UUID" => Uuid,
        "JSON" | "JSONB" => Json,
        "NUMERIC" | "DECIMAL" => Decimal(None),
        _ => return None,
    })
}

/// Upper case, single spaces, no spaces around `(`, `)` and `,`.
fn normalize(native: &str) -> String {
    let words = native.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(words.len());
    for c in words.chars() {
        if matches!(c, '(' | ')' | ',') && out.ends_with(' ') {
            out.pop();
        }
        if c == ' ' && out.ends_with(['(', ',']) {
            continue;
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ColumnType::*;

    #[test]
    fn synonyms_and_spacing() {
        assert_eq!(parse_type("varchar ( 64 )"), Varchar(64));
        assert_eq!(parse_type("character  varying(12)"), Varchar(12));
        assert_eq!(parse_type("NUMERIC(10,2)"), Decimal(Some((10, 2))));
        assert_eq!(parse_type("decimal(8)"), Decimal(Some((8, 0))));
        assert_eq!(parse_type("int"), Integer);
        assert_eq!(parse_type("Double Precision"), Double);
        assert_eq!(parse_type("float"), Double);
        assert_eq!(parse_type("bool"), Boolean);
        assert_eq!(parse_type("DATETIME"), Timestamp);
        assert_eq!(parse_type("timestamp with time zone"), TimestampTz);
    }

    #[test]
    fn unknown_types_stay_custom() {
        assert_eq!(parse_type("geometry"), Custom("geometry".into()));
        assert_eq!(parse_type("VARCHAR"), Custom("VARCHAR".into()));
        assert_eq!(parse_type("varchar(x)"), Custom("varchar(x)".into()));
        assert_eq!(parse_type("int(11"), Custom("int(11".into()));
        assert_eq!(parse_type(""), Custom(String::new()));
    }
}
