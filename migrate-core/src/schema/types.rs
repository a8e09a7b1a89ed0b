//! Portable column types.

use std::fmt;

/// A column type, independent of the database.
///
/// Each dialect maps it to a native type and reads native types back into it.
/// [`ColumnType::Custom`] holds a literal SQL type (`#[model(sql_type = "...")]`)
/// that dialects try to parse into one of the portable types before comparing.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ColumnType {
    /// 16-bit integer (`SMALLINT`).
    SmallInt,
    /// 32-bit integer (`INTEGER`).
    Integer,
    /// 64-bit integer (`BIGINT`).
    BigInt,
    /// 32-bit float (`REAL`).
    Real,
    /// 64-bit float (`DOUBLE PRECISION`).
    Double,
    /// Boolean.
    Boolean,
    /// Unbounded text.
    Text,
    /// Text of at most N characters (`VARCHAR(N)`).
    Varchar(u32),
    /// Binary data (`BLOB` / `BYTEA`).
    Blob,
    /// Calendar date.
    Date,
    /// Time of day.
    Time,
    /// Date and time without time zone.
    Timestamp,
    /// Date and time with time zone.
    TimestampTz,
    /// UUID.
    Uuid,
    /// JSON document (`JSONB` on PostgreSQL).
    Json,
    /// Exact decimal, with optional precision and scale.
    Decimal(Option<(u32, u32)>),
    /// A literal SQL type that has no portable equivalent.
    Custom(String),
}

impl ColumnType {
    /// True for the integer types (candidates for auto-increment).
    pub fn is_integer(&self) -> bool {
        matches!(self, Self::SmallInt | Self::Integer | Self::BigInt)
    }

    /// True for the text types (where `max_length` makes sense).
    pub fn is_text(&self) -> bool {
        matches!(self, Self::Text | Self::Varchar(_))
    }
}

impl fmt::Display for ColumnType {
    /// A dialect-neutral spelling, used in messages (`VARCHAR(64)`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SmallInt => f.write_str("SMALLINT"),
            Self::Integer => f.write_str("INTEGER"),
            Self::BigInt => f.write_str("BIGINT"),
            Self::Real => f.write_str("REAL"),
            Self::Double => f.write_str("DOUBLE PRECISION"),
            Self::Boolean => f.write_str("BOOLEAN"),
            Self::Text => f.write_str("TEXT"),
            Self::Varchar(n) => write!(f, "VARCHAR({n})"),
            Self::Blob => f.write_str("BLOB"),
            Self::Date => f.write_str("DATE"),
            Self::Time => f.write_str("TIME"),
            Self::Timestamp => f.write_str("TIMESTAMP"),
            Self::TimestampTz => f.write_str("TIMESTAMP WITH TIME ZONE"),
            Self::Uuid => f.write_str("UUID"),
            Self::Json => f.write_str("JSON"),
            Self::Decimal(None) => f.write_str("NUMERIC"),
            Self::Decimal(Some((p, s))) => write!(f, "NUMERIC({p}, {s})"),
            Self::Custom(s) => f.write_str(s),
        }
    }
}
