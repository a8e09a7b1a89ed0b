//! [`Value`] and [`ValueRef`] on rusqlite: text and bytes are bound and
//! read without copying; dates, UUIDs, JSON and decimals travel as text.

use super::value::{Value, ValueError, ValueRef};
use rusqlite::types::{ToSqlOutput, ValueRef as SqliteRef};

impl rusqlite::ToSql for Value<'_> {
    // The common values inline into the binding loop; the rest, which
    // format text, stay out of line.
    #[inline]
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => SqliteRef::Null,
            Value::Bool(b) => SqliteRef::Integer(i64::from(*b)),
            Value::Int(i) => SqliteRef::Integer(*i),
            // sqlite3_bind_double stores NaN as NULL.
            Value::Float(f) => SqliteRef::Real(*f),
            Value::Text(s) => SqliteRef::Text(s.as_bytes()),
            Value::Bytes(b) => SqliteRef::Blob(b),
            _ => return formatted(self),
        }))
    }
}

/// The values SQLite stores as text, formatted; and the error of a type
/// with no conversion.
#[inline(never)]
// Without the optional types, no value gets this far but `Unsupported`.
#[allow(unreachable_code, unused_variables)]
fn formatted<'v>(value: &'v Value<'_>) -> rusqlite::Result<ToSqlOutput<'v>> {
    let text: String = match value {
        #[cfg(feature = "chrono")]
        Value::Date(d) => super::value::chrono_text::write_date(d),
        #[cfg(feature = "chrono")]
        Value::Time(t) => super::value::chrono_text::write_time(t),
        #[cfg(feature = "chrono")]
        Value::Timestamp(t) => super::value::chrono_text::write_timestamp(t),
        #[cfg(feature = "chrono")]
        Value::TimestampTz(t) => super::value::chrono_text::write_timestamptz(t),
        #[cfg(feature = "uuid")]
        Value::Uuid(u) => u.hyphenated().to_string(),
        #[cfg(feature = "json")]
        Value::Json(j) => j.to_string(),
        #[cfg(feature = "decimal")]
        Value::Decimal(d) => d.to_string(),
        Value::Unsupported(type_name) => {
            return Err(rusqlite::Error::ToSqlConversionFailure(Box::new(
                ValueError::unsupported(type_name),
            )));
        }
        Value::Null
        | Value::Bool(_)
        | Value::Int(_)
        | Value::Float(_)
        | Value::Text(_)
        | Value::Bytes(_) => unreachable!("bound inline by to_sql"),
    };
    Ok(ToSqlOutput::from(text))
}

/// A rusqlite value as a [`ValueRef`] (text must be UTF-8).
#[inline]
pub(crate) fn value_ref(v: SqliteRef<'_>) -> Result<ValueRef<'_>, ValueError> {
    Ok(match v {
        SqliteRef::Null => ValueRef::Null,
        SqliteRef::Integer(i) => ValueRef::Int(i),
        SqliteRef::Real(f) => ValueRef::Float(f),
        SqliteRef::Text(t) => ValueRef::Text(
            std::str::from_utf8(t)
                .map_err(|e| ValueError(format!("holds text that is not UTF-8: {e}")))?,
        ),
        SqliteRef::Blob(b) => ValueRef::Bytes(b),
    })
}
