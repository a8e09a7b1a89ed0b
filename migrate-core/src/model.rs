//! The [`Model`] trait that `#[derive(Model)]` implements, and [`SqlType`],
//! which maps a Rust field type to a column type and to the values the
//! ORM writes and reads.

use crate::orm::value::{self, Value, ValueError, ValueRef};
use crate::schema::{Column, ColumnType, Table};
use std::borrow::Cow;

/// A Rust struct that describes a table. Implemented by `#[derive(Model)]`.
pub trait Model {
    /// The table name.
    const TABLE_NAME: &'static str;

    /// The table this model describes.
    fn table() -> Table;
}

/// A Rust type that can be stored in a column.
///
/// `column_type` says what the column is (for migrations); `to_value` and
/// `from_value` say how a field is written and read back (for the
/// [ORM](crate::orm)). Implement it for your own types to use them as model
/// fields; most types delegate to a built-in one:
///
/// ```
/// use migrate_core::orm::{Value, ValueError, ValueRef};
/// use migrate_core::{SqlType, schema::ColumnType};
///
/// pub struct Email(pub String);
///
/// impl SqlType for Email {
///     fn column_type() -> ColumnType {
///         ColumnType::Varchar(320)
///     }
///     fn to_value(&self) -> Value<'_> {
///         self.0.to_value()
///     }
///     fn from_value(value: ValueRef<'_>) -> Result<Self, ValueError> {
///         String::from_value(value).map(Email)
///     }
/// }
/// ```
///
/// A type that only implements `column_type` still works in migrations;
/// the ORM then fails at run time, naming the table, the column and the
/// type, when it has to write or read such a field.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a supported column type",
    label = "no column type for `{Self}`",
    note = "implement `migrate_core::SqlType` for it, use `#[model(sql_type = \"...\")]`, or mark the field `#[model(skip)]`"
)]
pub trait SqlType {
    /// Whether the column accepts NULL. Only `Option<T>` says yes.
    const NULLABLE: bool = false;

    /// The portable column type.
    fn column_type() -> ColumnType;

    /// The value to store for `self`. The default has none: writing the
    /// field fails with [`orm::Error::Value`](crate::orm::Error::Value).
    fn to_value(&self) -> Value<'_> {
        Value::Unsupported(std::any::type_name::<Self>())
    }

    /// The field for a value read from the database. The default has none:
    /// reading the field fails with
    /// [`orm::Error::Value`](crate::orm::Error::Value).
    fn from_value(value: ValueRef<'_>) -> Result<Self, ValueError>
    where
        Self: Sized,
    {
        let _ = value;
        Err(ValueError::unsupported(std::any::type_name::<Self>()))
    }
}

impl<T: SqlType> SqlType for Option<T> {
    const NULLABLE: bool = true;
    fn column_type() -> ColumnType {
        T::column_type()
    }
    fn to_value(&self) -> Value<'_> {
        match self {
            Some(v) => v.to_value(),
            None => Value::Null,
        }
    }
    fn from_value(value: ValueRef<'_>) -> Result<Self, ValueError> {
        match value {
            ValueRef::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

macro_rules! sql_types {
    ($($ty:ty => $col:expr, |$this:ident| $to:expr, |$v:ident| $from:expr;)*) => {
        $(impl SqlType for $ty {
            fn column_type() -> ColumnType {
                $col
            }
            fn to_value(&self) -> Value<'_> {
                let $this = self;
                $to
            }
            fn from_value($v: ValueRef<'_>) -> Result<Self, ValueError> {
                $from
            }
        })*
    };
}

sql_types! {
    i16 => ColumnType::SmallInt, |v| Value::Int(i64::from(*v)), |v| value::int_from(v);
    i32 => ColumnType::Integer, |v| Value::Int(i64::from(*v)), |v| value::int_from(v);
    i64 => ColumnType::BigInt, |v| Value::Int(*v), |v| value::int_from(v);
    f32 => ColumnType::Real, |v| Value::Float(f64::from(*v)), |v| value::float_from(v).map(|f| f as f32);
    f64 => ColumnType::Double, |v| Value::Float(*v), |v| value::float_from(v);
    bool => ColumnType::Boolean, |v| Value::Bool(*v), |v| value::bool_from(v);
    String => ColumnType::Text, |v| Value::Text(Cow::Borrowed(v)), |v| value::text_from(v).map(str::to_owned);
    Vec<u8> => ColumnType::Blob, |v| Value::Bytes(Cow::Borrowed(v)), |v| value::bytes_from(v).map(<[u8]>::to_vec);
}

#[cfg(feature = "chrono")]
sql_types! {
    chrono::NaiveDate => ColumnType::Date, |v| Value::Date(*v), |v| value::chrono_text::date(v);
    chrono::NaiveTime => ColumnType::Time, |v| Value::Time(*v), |v| value::chrono_text::time(v);
    chrono::NaiveDateTime => ColumnType::Timestamp, |v| Value::Timestamp(*v), |v| value::chrono_text::timestamp(v);
    chrono::DateTime<chrono::Utc> => ColumnType::TimestampTz, |v| Value::TimestampTz(*v), |v| value::chrono_text::timestamptz(v);
}

#[cfg(feature = "uuid")]
sql_types! {
    uuid::Uuid => ColumnType::Uuid, |v| Value::Uuid(*v), |v| match v {
        ValueRef::Bytes(b) => uuid::Uuid::from_slice(b)
            .map_err(|e| ValueError(format!("holds {} bytes, not a UUID: {e}", b.len()))),
        ValueRef::Text(s) => uuid::Uuid::parse_str(s)
            .map_err(|e| ValueError(format!("holds {s:?}, not a UUID: {e}"))),
        other => Err(ValueError::mismatch::<uuid::Uuid>(&other)),
    };
}

#[cfg(feature = "json")]
sql_types! {
    serde_json::Value => ColumnType::Json, |v| Value::Json(Cow::Borrowed(v)), |v| match v {
        ValueRef::Text(s) => serde_json::from_str(s)
            .map_err(|e| ValueError(format!("holds text that is not JSON: {e}"))),
        other => Err(ValueError::mismatch::<serde_json::Value>(&other)),
    };
}

#[cfg(feature = "decimal")]
sql_types! {
    rust_decimal::Decimal => ColumnType::Decimal(None), |v| Value::Decimal(*v), |v| match v {
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

/// The column for a field of type `T` called `name` (used by the derive).
pub fn column_for<T: SqlType + ?Sized>(name: &str) -> Column {
    Column::new(name, T::column_type()).set_nullable(T::NULLABLE)
}

/// Applies the conventions that the derive leaves to run time: a primary key
/// made of one integer column auto-increments.
pub fn finish_table(mut table: Table) -> Table {
    if let Some(pk) = &table.primary_key
        && let [only] = pk.columns.as_slice()
    {
        let only = only.clone();
        if let Some(col) = table.get_column_mut(&only)
            && col.ty.is_integer()
            && !col.nullable
        {
            col.autoincrement = true;
        }
    }
    table
}
