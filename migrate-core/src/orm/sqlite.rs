//! [`Value`] and [`ValueRef`] on rusqlite: text and bytes are bound and
//! read without copying; dates, UUIDs, JSON and decimals travel as text.

use super::value::{Value, ValueError, ValueRef};
use rusqlite::types::{ToSqlOutput, ValueRef as SqliteRef};

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(SqliteRef::Null),
            Value::Bool(b) => ToSqlOutput::Borrowed(SqliteRef::Integer(i64::from(*b))),
            Value::Int(i) => ToSqlOutput::Borrowed(SqliteRef::Integer(*i)),
            // sqlite3_bind_double stores NaN as NULL.
            Value::Float(f) => ToSqlOutput::Borrowed(SqliteRef::Real(*f)),
            Value::Text(s) => ToSqlOutput::Borrowed(SqliteRef::Text(s.as_bytes())),
            Value::Bytes(b) => ToSqlOutput::Borrowed(SqliteRef::Blob(b)),
            #[cfg(feature = "chrono")]
            Value::Date(d) => ToSqlOutput::from(super::value::chrono_text::write_date(d)),
            #[cfg(feature = "chrono")]
            Value::Time(t) => ToSqlOutput::from(super::value::chrono_text::write_time(t)),
            #[cfg(feature = "chrono")]
            Value::Timestamp(t) => ToSqlOutput::from(super::value::chrono_text::write_timestamp(t)),
            #[cfg(feature = "chrono")]
            Value::TimestampTz(t) => {
                ToSqlOutput::from(super::value::chrono_text::write_timestamptz(t))
            }
            #[cfg(feature = "uuid")]
            Value::Uuid(u) => ToSqlOutput::from(u.hyphenated().to_string()),
            #[cfg(feature = "json")]
            Value::Json(j) => ToSqlOutput::from(j.to_string()),
            #[cfg(feature = "decimal")]
            Value::Decimal(d) => ToSqlOutput::from(d.to_string()),
            Value::Unsupported(type_name) => {
                return Err(rusqlite::Error::ToSqlConversionFailure(Box::new(
                    ValueError::unsupported(type_name),
                )));
            }
        })
    }
}

/// A rusqlite value as a [`ValueRef`] (text must be UTF-8).
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
