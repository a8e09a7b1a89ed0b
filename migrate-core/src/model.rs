//! The [`Model`] trait that `#[derive(Model)]` implements, and [`SqlType`],
//! which maps a Rust field type to a column type and to the values the
//! ORM writes and reads.

use crate::orm::value::{Builtin, Value, ValueError, ValueRef};
use crate::schema::{Column, ColumnType, Table};

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
    #[inline]
    fn to_value(&self) -> Value<'_> {
        match self {
            Some(v) => v.to_value(),
            None => Value::Null,
        }
    }
    #[inline]
    fn from_value(value: ValueRef<'_>) -> Result<Self, ValueError> {
        match value {
            ValueRef::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

macro_rules! sql_types {
    ($($ty:ty => $col:expr),* $(,)?) => {
        $(impl SqlType for $ty {
            fn column_type() -> ColumnType {
                $col
            }
            #[inline]
            fn to_value(&self) -> Value<'_> {
                Builtin::to_value(self)
            }
            #[inline]
            fn from_value(value: ValueRef<'_>) -> Result<Self, ValueError> {
                Builtin::from_value(value)
            }
        })*
    };
}

sql_types! {
    i16 => ColumnType::SmallInt,
    i32 => ColumnType::Integer,
    i64 => ColumnType::BigInt,
    f32 => ColumnType::Real,
    f64 => ColumnType::Double,
    bool => ColumnType::Boolean,
    String => ColumnType::Text,
    Vec<u8> => ColumnType::Blob,
}

#[cfg(feature = "chrono")]
sql_types! {
    chrono::NaiveDate => ColumnType::Date,
    chrono::NaiveTime => ColumnType::Time,
    chrono::NaiveDateTime => ColumnType::Timestamp,
    chrono::DateTime<chrono::Utc> => ColumnType::TimestampTz,
}

#[cfg(feature = "uuid")]
sql_types! { uuid::Uuid => ColumnType::Uuid }

#[cfg(feature = "json")]
sql_types! { serde_json::Value => ColumnType::Json }

#[cfg(feature = "decimal")]
sql_types! { rust_decimal::Decimal => ColumnType::Decimal(None) }

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
