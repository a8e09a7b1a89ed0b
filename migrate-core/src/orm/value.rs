//! Values on their way into and out of the database: [`Value`] (written,
//! borrowed from the field where it can be), [`ValueRef`] (read, borrowed
//! from the row), and the conversions of every built-in field type.
//!
//! The conversions are methods of [`SqlType`](crate::SqlType)
//! (`to_value`, `from_value`); this module implements them for the built-in
//! types.

use std::borrow::Cow;
use std::fmt;

/// A value to bind as a statement parameter.
///
/// Text and bytes borrow from the field they come from, so writing a row
/// copies nothing. Each driver encodes the value for the column type the
/// database reports for the parameter (on PostgreSQL, an `Int` bound to a
/// `smallint` parameter is range-checked and sent as two bytes).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value<'a> {
    /// NULL.
    Null,
    /// A boolean (SQLite: the integer 0 or 1).
    Bool(bool),
    /// An integer (`smallint`, `integer` or `bigint`).
    Int(i64),
    /// A float (`real` or `double precision`). SQLite stores NaN as NULL.
    Float(f64),
    /// Text.
    Text(Cow<'a, str>),
    /// Bytes.
    Bytes(Cow<'a, [u8]>),
    /// A date (SQLite: text `YYYY-MM-DD`).
    #[cfg(feature = "chrono")]
    Date(chrono::NaiveDate),
    /// A time of day (SQLite: text `HH:MM:SS[.ffffff]`).
    #[cfg(feature = "chrono")]
    Time(chrono::NaiveTime),
    /// A timestamp without time zone (SQLite: text `YYYY-MM-DD HH:MM:SS[.ffffff]`).
    #[cfg(feature = "chrono")]
    Timestamp(chrono::NaiveDateTime),
    /// A UTC timestamp (SQLite: text `YYYY-MM-DD HH:MM:SS[.ffffff]+00:00`).
    #[cfg(feature = "chrono")]
    TimestampTz(chrono::DateTime<chrono::Utc>),
    /// A UUID (SQLite: hyphenated lower-case text).
    #[cfg(feature = "uuid")]
    Uuid(uuid::Uuid),
    /// A JSON document (PostgreSQL `jsonb`/`json`; SQLite: its text).
    #[cfg(feature = "json")]
    Json(Cow<'a, serde_json::Value>),
    /// A decimal (PostgreSQL `numeric`; SQLite: its text, which a `NUMERIC`
    /// column turns into an integer or a float of 15 significant digits).
    #[cfg(feature = "decimal")]
    Decimal(rust_decimal::Decimal),
    /// A field whose type has no conversion (its `SqlType` impl leaves out
    /// `to_value`); binding it fails with an error naming the type.
    Unsupported(&'static str),
}

impl Value<'_> {
    /// The same value, owning its text and bytes.
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Int(i) => Value::Int(i),
            Value::Float(f) => Value::Float(f),
            Value::Text(s) => Value::Text(Cow::Owned(s.into_owned())),
            Value::Bytes(b) => Value::Bytes(Cow::Owned(b.into_owned())),
            #[cfg(feature = "chrono")]
            Value::Date(d) => Value::Date(d),
            #[cfg(feature = "chrono")]
            Value::Time(t) => Value::Time(t),
            #[cfg(feature = "chrono")]
            Value::Timestamp(t) => Value::Timestamp(t),
            #[cfg(feature = "chrono")]
            Value::TimestampTz(t) => Value::TimestampTz(t),
            #[cfg(feature = "uuid")]
            Value::Uuid(u) => Value::Uuid(u),
            #[cfg(feature = "json")]
            Value::Json(j) => Value::Json(Cow::Owned(j.into_owned())),
            #[cfg(feature = "decimal")]
            Value::Decimal(d) => Value::Decimal(d),
            Value::Unsupported(t) => Value::Unsupported(t),
        }
    }

    /// Whether this is [`Value::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

/// A value read from a row, borrowing text and bytes from it.
///
/// SQLite gives `Null`, `Int`, `Float`, `Text` or `Bytes` (its storage
/// classes); PostgreSQL gives the variant of the column's type (`uuid`
/// columns give their 16 `Bytes`, `json`/`jsonb` columns their `Text`).
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum ValueRef<'a> {
    /// NULL.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// Text.
    Text(&'a str),
    /// Bytes.
    Bytes(&'a [u8]),
    /// A date (PostgreSQL).
    #[cfg(feature = "chrono")]
    Date(chrono::NaiveDate),
    /// A time of day (PostgreSQL).
    #[cfg(feature = "chrono")]
    Time(chrono::NaiveTime),
    /// A timestamp without time zone (PostgreSQL).
    #[cfg(feature = "chrono")]
    Timestamp(chrono::NaiveDateTime),
    /// A timestamp with time zone (PostgreSQL).
    #[cfg(feature = "chrono")]
    TimestampTz(chrono::DateTime<chrono::Utc>),
    /// A decimal (PostgreSQL `numeric`).
    #[cfg(feature = "decimal")]
    Decimal(rust_decimal::Decimal),
}

impl ValueRef<'_> {
    /// A short description for error messages: `NULL`, `integer 100000`,
    /// `text`, ...
    pub fn describe(&self) -> String {
        match self {
            ValueRef::Null => "NULL".into(),
            ValueRef::Bool(b) => format!("boolean {b}"),
            ValueRef::Int(i) => format!("integer {i}"),
            ValueRef::Float(f) => format!("float {f}"),
            ValueRef::Text(s) if s.chars().count() <= 40 => format!("text {s:?}"),
            ValueRef::Text(_) => "text".into(),
            ValueRef::Bytes(b) => format!("{} bytes", b.len()),
            #[cfg(feature = "chrono")]
            ValueRef::Date(d) => format!("date {d}"),
            #[cfg(feature = "chrono")]
            ValueRef::Time(t) => format!("time {t}"),
            #[cfg(feature = "chrono")]
            ValueRef::Timestamp(t) => format!("timestamp {t}"),
            #[cfg(feature = "chrono")]
            ValueRef::TimestampTz(t) => format!("timestamptz {t}"),
            #[cfg(feature = "decimal")]
            ValueRef::Decimal(d) => format!("numeric {d}"),
        }
    }
}

/// Why a value cannot become a field (or a field a value). The ORM turns
/// it into [`Error::Value`](super::Error::Value), which names the table and
/// the column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError(pub String);

impl ValueError {
    /// The value read does not fit the Rust type `T`.
    pub fn mismatch<T: ?Sized>(value: &ValueRef<'_>) -> Self {
        ValueError(format!(
            "holds {}, which a `{}` cannot hold",
            value.describe(),
            std::any::type_name::<T>()
        ))
    }

    /// The Rust type `T` has no conversion (its `SqlType` impl does not
    /// define `to_value`/`from_value`, or it has none).
    pub fn unsupported(type_name: &str) -> Self {
        ValueError(format!(
            "has type `{type_name}`, which has no database conversion; implement `to_value` and `from_value` of `migrate_core::SqlType` for it"
        ))
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ValueError {}

/// The conversions of the built-in field types (what their `SqlType`
/// impls delegate to).
pub(crate) trait Builtin: Sized {
    fn to_value(&self) -> Value<'_>;
    fn from_value(value: ValueRef<'_>) -> Result<Self, ValueError>;
}

macro_rules! builtin {
    ($($ty:ty => |$this:ident| $to:expr, |$v:ident| $from:expr;)*) => {
        $(impl Builtin for $ty {
            #[inline]
            fn to_value(&self) -> Value<'_> {
                let $this = self;
                $to
            }
            #[inline]
            fn from_value($v: ValueRef<'_>) -> Result<Self, ValueError> {
                $from
            }
        })*
    };
}

builtin! {
    i16 => |v| Value::Int(i64::from(*v)), |v| int_from(v);
    i32 => |v| Value::Int(i64::from(*v)), |v| int_from(v);
    i64 => |v| Value::Int(*v), |v| int_from(v);
    f32 => |v| Value::Float(f64::from(*v)), |v| float_from(v).map(|f| f as f32);
    f64 => |v| Value::Float(*v), |v| float_from(v);
    bool => |v| Value::Bool(*v), |v| bool_from(v);
    String => |v| Value::Text(Cow::Borrowed(v)), |v| text_from(v).map(str::to_owned);
    Vec<u8> => |v| Value::Bytes(Cow::Borrowed(v)), |v| bytes_from(v).map(<[u8]>::to_vec);
}

#[cfg(feature = "chrono")]
builtin! {
    chrono::NaiveDate => |v| Value::Date(*v), |v| chrono_text::date(v);
    chrono::NaiveTime => |v| Value::Time(*v), |v| chrono_text::time(v);
    chrono::NaiveDateTime => |v| Value::Timestamp(*v), |v| chrono_text::timestamp(v);
    chrono::DateTime<chrono::Utc> => |v| Value::TimestampTz(*v), |v| chrono_text::timestamptz(v);
}

#[cfg(feature = "uuid")]
builtin! {
    uuid::Uuid => |v| Value::Uuid(*v), |v| match v {
        ValueRef::Bytes(b) => uuid::Uuid::from_slice(b)
            .map_err(|e| ValueError(format!("holds {} bytes, not a UUID: {e}", b.len()))),
        ValueRef::Text(s) => uuid::Uuid::parse_str(s)
            .map_err(|e| ValueError(format!("holds {s:?}, not a UUID: {e}"))),
        other => Err(ValueError::mismatch::<uuid::Uuid>(&other)),
    };
}

#[cfg(feature = "json")]
builtin! {
    serde_json::Value => |v| Value::Json(Cow::Borrowed(v)), |v| match v {
        ValueRef::Text(s) => serde_json::from_str(s)
            .map_err(|e| ValueError(format!("holds text that is not JSON: {e}"))),
        other => Err(ValueError::mismatch::<serde_json::Value>(&other)),
    };
}

#[cfg(feature = "decimal")]
builtin! {
    rust_decimal::Decimal => |v| Value::Decimal(*v), |v| match v {
        ValueRef::Decimal(d) => Ok(d),
        ValueRef::Int(i) => Ok(rust_decimal::Decimal::from(i)),
        // Shortest text that reads back as the same float, then exact.
        ValueRef::Float(f) => f.to_string().parse::<rust_decimal::Decimal>()
            .map_err(|e| ValueError(format!("holds {f}, not a decimal: {e}"))),
        ValueRef::Text(s) => s.parse::<rust_decimal::Decimal>()
            .or_else(|_| rust_decimal::Decimal::from_scientific(s))
            .map_err(|e| ValueError(format!("holds {s:?}, not a decimal: {e}"))),
        other => Err(ValueError::mismatch::<rust_decimal::Decimal>(&other)),
    };
}

#[inline]
pub(crate) fn int_from<T: TryFrom<i64>>(value: ValueRef<'_>) -> Result<T, ValueError> {
    match value {
        ValueRef::Int(i) => T::try_from(i).map_err(|_| {
            ValueError(format!(
                "holds {i}, which is out of range for `{}`",
                std::any::type_name::<T>()
            ))
        }),
        other => Err(ValueError::mismatch::<T>(&other)),
    }
}

#[inline]
pub(crate) fn float_from(value: ValueRef<'_>) -> Result<f64, ValueError> {
    match value {
        ValueRef::Float(f) => Ok(f),
        // SQLite keeps a float column's whole numbers as integers when the
        // column has integer affinity; a float field reads them back.
        ValueRef::Int(i) => Ok(i as f64),
        other => Err(ValueError::mismatch::<f64>(&other)),
    }
}

#[inline]
pub(crate) fn bool_from(value: ValueRef<'_>) -> Result<bool, ValueError> {
    match value {
        ValueRef::Bool(b) => Ok(b),
        ValueRef::Int(0) => Ok(false),
        ValueRef::Int(1) => Ok(true),
        other => Err(ValueError::mismatch::<bool>(&other)),
    }
}

#[inline]
pub(crate) fn text_from(value: ValueRef<'_>) -> Result<&str, ValueError> {
    match value {
        ValueRef::Text(s) => Ok(s),
        other => Err(ValueError::mismatch::<String>(&other)),
    }
}

#[inline]
pub(crate) fn bytes_from(value: ValueRef<'_>) -> Result<&[u8], ValueError> {
    match value {
        ValueRef::Bytes(b) => Ok(b),
        // SQLite keeps what was written; a zero-length blob may come back
        // as text from a column another program wrote.
        ValueRef::Text(s) => Ok(s.as_bytes()),
        other => Err(ValueError::mismatch::<Vec<u8>>(&other)),
    }
}

#[cfg(feature = "chrono")]
pub(crate) mod chrono_text {
    //! The text forms of dates and times on SQLite (what its date functions
    //! write and read).
    use super::{ValueError, ValueRef};
    use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};

    pub fn date(value: ValueRef<'_>) -> Result<NaiveDate, ValueError> {
        match value {
            ValueRef::Date(d) => Ok(d),
            ValueRef::Text(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|e| ValueError(format!("holds {s:?}, not a date: {e}"))),
            other => Err(ValueError::mismatch::<NaiveDate>(&other)),
        }
    }

    pub fn time(value: ValueRef<'_>) -> Result<NaiveTime, ValueError> {
        match value {
            ValueRef::Time(t) => Ok(t),
            ValueRef::Text(s) => NaiveTime::parse_from_str(s, "%H:%M:%S%.f")
                .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M"))
                .map_err(|e| ValueError(format!("holds {s:?}, not a time: {e}"))),
            other => Err(ValueError::mismatch::<NaiveTime>(&other)),
        }
    }

    pub fn timestamp(value: ValueRef<'_>) -> Result<NaiveDateTime, ValueError> {
        match value {
            ValueRef::Timestamp(t) => Ok(t),
            ValueRef::Text(s) => {
                parse_naive(s).ok_or_else(|| ValueError(format!("holds {s:?}, not a timestamp")))
            }
            other => Err(ValueError::mismatch::<NaiveDateTime>(&other)),
        }
    }

    pub fn timestamptz(value: ValueRef<'_>) -> Result<DateTime<Utc>, ValueError> {
        match value {
            ValueRef::TimestampTz(t) => Ok(t),
            ValueRef::Text(s) => {
                let t = s.replacen(' ', "T", 1);
                if let Ok(t) = DateTime::parse_from_rfc3339(&t) {
                    return Ok(t.with_timezone(&Utc));
                }
                // No offset written: SQLite's own CURRENT_TIMESTAMP is UTC.
                parse_naive(s)
                    .map(|n| n.and_utc())
                    .ok_or_else(|| ValueError(format!("holds {s:?}, not a timestamp")))
            }
            other => Err(ValueError::mismatch::<DateTime<Utc>>(&other)),
        }
    }

    fn parse_naive(s: &str) -> Option<NaiveDateTime> {
        [
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%d %H:%M",
        ]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    }

    pub fn write_date(d: &NaiveDate) -> String {
        d.format("%Y-%m-%d").to_string()
    }

    pub fn write_time(t: &NaiveTime) -> String {
        t.format("%H:%M:%S%.f").to_string()
    }

    pub fn write_timestamp(t: &NaiveDateTime) -> String {
        t.format("%Y-%m-%d %H:%M:%S%.f").to_string()
    }

    pub fn write_timestamptz(t: &DateTime<Utc>) -> String {
        t.format("%Y-%m-%d %H:%M:%S%.f+00:00").to_string()
    }
}

impl<'a> Value<'a> {
    /// The same value, borrowing its text and bytes from `self`.
    pub fn reborrow(&self) -> Value<'_> {
        match self {
            Value::Text(s) => Value::Text(Cow::Borrowed(s)),
            Value::Bytes(b) => Value::Bytes(Cow::Borrowed(b)),
            #[cfg(feature = "json")]
            Value::Json(j) => Value::Json(Cow::Borrowed(j)),
            other => other.clone(),
        }
    }
}

macro_rules! value_from {
    ($($t:ty => |$v:ident| $e:expr),* $(,)?) => {$(
        impl From<$t> for Value<'static> {
            fn from($v: $t) -> Self {
                $e
            }
        }
    )*};
}

value_from! {
    bool => |v| Value::Bool(v),
    i16 => |v| Value::Int(v.into()),
    i32 => |v| Value::Int(v.into()),
    i64 => |v| Value::Int(v),
    f32 => |v| Value::Float(v.into()),
    f64 => |v| Value::Float(v),
    String => |v| Value::Text(Cow::Owned(v)),
    Vec<u8> => |v| Value::Bytes(Cow::Owned(v)),
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(v: &'a str) -> Self {
        Value::Text(Cow::Borrowed(v))
    }
}

impl<'a> From<&'a [u8]> for Value<'a> {
    fn from(v: &'a [u8]) -> Self {
        Value::Bytes(Cow::Borrowed(v))
    }
}
