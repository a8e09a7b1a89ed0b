//! [`Value`] and [`ValueRef`] on the postgres driver, in its binary format.
//!
//! A value is encoded for the type the server inferred for the parameter
//! (the column it is compared with or written to), so one `Value::Int`
//! serves `smallint`, `integer` and `bigint` columns, range-checked.

use super::value::{Value, ValueError, ValueRef};
use bytes::BytesMut;
use postgres::types::{FromSql, IsNull, Kind, ToSql, Type, to_sql_checked};
use std::error::Error as StdError;

type BoxError = Box<dyn StdError + Sync + Send>;

fn cannot(what: &str, ty: &Type) -> BoxError {
    Box::new(ValueError(format!(
        "cannot store {what} in a column of type {ty}"
    )))
}

/// Types whose binary form is their UTF-8 text.
fn is_text_like(ty: &Type) -> bool {
    matches!(
        *ty,
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN
    ) || ty.name() == "citext"
        || matches!(ty.kind(), Kind::Enum(_))
}

impl ToSql for Value<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Bool(b) if *ty == Type::BOOL => b.to_sql(ty, out),
            Value::Int(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)
                    .map_err(|_| out_of_range(*i, ty))?
                    .to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)
                    .map_err(|_| out_of_range(*i, ty))?
                    .to_sql(ty, out),
                #[cfg(feature = "decimal")]
                Type::NUMERIC => rust_decimal::Decimal::from(*i).to_sql(ty, out),
                _ => Err(cannot("an integer", ty)),
            },
            Value::Float(f) => match *ty {
                Type::FLOAT8 => f.to_sql(ty, out),
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                _ => Err(cannot("a float", ty)),
            },
            Value::Text(s) => {
                if is_text_like(ty) || *ty == Type::JSON {
                    out.extend_from_slice(s.as_bytes());
                    Ok(IsNull::No)
                } else if *ty == Type::JSONB {
                    out.extend_from_slice(&[1]);
                    out.extend_from_slice(s.as_bytes());
                    Ok(IsNull::No)
                } else {
                    Err(cannot("text", ty))
                }
            }
            Value::Bytes(b) if *ty == Type::BYTEA || (*ty == Type::UUID && b.len() == 16) => {
                out.extend_from_slice(b);
                Ok(IsNull::No)
            }
            #[cfg(feature = "chrono")]
            Value::Date(d) if *ty == Type::DATE => d.to_sql(ty, out),
            #[cfg(feature = "chrono")]
            Value::Time(t) if *ty == Type::TIME => t.to_sql(ty, out),
            #[cfg(feature = "chrono")]
            Value::Timestamp(t) if *ty == Type::TIMESTAMP => t.to_sql(ty, out),
            #[cfg(feature = "chrono")]
            Value::TimestampTz(t) if *ty == Type::TIMESTAMPTZ => t.to_sql(ty, out),
            #[cfg(feature = "chrono")]
            Value::TimestampTz(t) if *ty == Type::TIMESTAMP => t.naive_utc().to_sql(ty, out),
            #[cfg(feature = "uuid")]
            Value::Uuid(u) if *ty == Type::UUID => u.to_sql(ty, out),
            #[cfg(feature = "uuid")]
            Value::Uuid(u) if is_text_like(ty) => {
                out.extend_from_slice(u.hyphenated().to_string().as_bytes());
                Ok(IsNull::No)
            }
            #[cfg(feature = "json")]
            Value::Json(j) if *ty == Type::JSON || *ty == Type::JSONB => {
                postgres::types::Json(j.as_ref()).to_sql(ty, out)
            }
            #[cfg(feature = "json")]
            Value::Json(j) if is_text_like(ty) => {
                out.extend_from_slice(j.to_string().as_bytes());
                Ok(IsNull::No)
            }
            #[cfg(feature = "decimal")]
            Value::Decimal(d) if *ty == Type::NUMERIC => d.to_sql(ty, out),
            Value::Unsupported(type_name) => Err(Box::new(ValueError::unsupported(type_name))),
            other => Err(cannot(&format!("{other:?}"), ty)),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn out_of_range(i: i64, ty: &Type) -> BoxError {
    Box::new(ValueError(format!("{i} is out of range for type {ty}")))
}

impl<'a> FromSql<'a> for ValueRef<'a> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(match *ty {
            Type::BOOL => ValueRef::Bool(bool::from_sql(ty, raw)?),
            Type::INT2 => ValueRef::Int(i16::from_sql(ty, raw)?.into()),
            Type::INT4 => ValueRef::Int(i32::from_sql(ty, raw)?.into()),
            Type::INT8 => ValueRef::Int(i64::from_sql(ty, raw)?),
            Type::OID => ValueRef::Int(u32::from_sql(ty, raw)?.into()),
            Type::FLOAT4 => ValueRef::Float(f32::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => ValueRef::Float(f64::from_sql(ty, raw)?),
            Type::BYTEA | Type::UUID => ValueRef::Bytes(raw),
            Type::JSON => ValueRef::Text(std::str::from_utf8(raw)?),
            Type::JSONB => match raw.split_first() {
                Some((1, text)) => ValueRef::Text(std::str::from_utf8(text)?),
                _ => return Err("unsupported jsonb encoding".into()),
            },
            #[cfg(feature = "chrono")]
            Type::DATE => ValueRef::Date(FromSql::from_sql(ty, raw)?),
            #[cfg(feature = "chrono")]
            Type::TIME => ValueRef::Time(FromSql::from_sql(ty, raw)?),
            #[cfg(feature = "chrono")]
            Type::TIMESTAMP => ValueRef::Timestamp(FromSql::from_sql(ty, raw)?),
            #[cfg(feature = "chrono")]
            Type::TIMESTAMPTZ => ValueRef::TimestampTz(FromSql::from_sql(ty, raw)?),
            #[cfg(feature = "decimal")]
            Type::NUMERIC => ValueRef::Decimal(FromSql::from_sql(ty, raw)?),
            _ if is_text_like(ty) => ValueRef::Text(std::str::from_utf8(raw)?),
            _ => {
                return Err(Box::new(ValueError(format!(
                    "has type {ty}, which the ORM cannot read (enable the matching feature of migrate-core, or select it as text)"
                ))));
            }
        })
    }

    fn from_sql_null(_: &Type) -> Result<Self, BoxError> {
        Ok(ValueRef::Null)
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}
