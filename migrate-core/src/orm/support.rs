//! What the derive's generated code calls (reached through
//! `migrate_core::__private`; not public API).
//!
//! A field's conversions come from its type's [`SqlType`] impl. A field
//! whose type has none (a `sql_type = "..."` field of any type) still
//! compiles: the calls below then resolve to the fallback (autoref
//! specialization, which works because the generated code names concrete
//! types), and the ORM reports at run time that the type has no conversion.
//! Skipped fields are filled with `Default::default()` the same way.

use super::error::{Error, Result};
use super::row::Row;
use super::value::{Value, ValueError, ValueRef};
use crate::SqlType;
use std::marker::PhantomData;

/// Stands for the field type `T` in method lookups.
pub struct Probe<T>(PhantomData<fn() -> T>);

impl<T> Probe<T> {
    /// The probe.
    #[allow(clippy::new_without_default)]
    pub const fn new() -> Self {
        Probe(PhantomData)
    }
}

/// Conversions of a type that implements [`SqlType`].
pub trait ViaSqlType<T> {
    /// `T::to_value`.
    fn __to_value<'a>(&self, value: &'a T) -> Value<'a>;
    /// `T::from_value`.
    fn __from_value(&self, value: ValueRef<'_>) -> Result<T, ValueError>;
}

impl<T: SqlType> ViaSqlType<T> for Probe<T> {
    #[inline]
    fn __to_value<'a>(&self, value: &'a T) -> Value<'a> {
        value.to_value()
    }
    #[inline]
    fn __from_value(&self, value: ValueRef<'_>) -> Result<T, ValueError> {
        T::from_value(value)
    }
}

/// The fallback for a type without [`SqlType`].
pub trait NoSqlType<T> {
    /// Always [`Value::Unsupported`].
    fn __to_value<'a>(&self, value: &'a T) -> Value<'a>;
    /// Always an error.
    fn __from_value(&self, value: ValueRef<'_>) -> Result<T, ValueError>;
}

impl<T> NoSqlType<T> for &Probe<T> {
    fn __to_value<'a>(&self, _: &'a T) -> Value<'a> {
        Value::Unsupported(std::any::type_name::<T>())
    }
    fn __from_value(&self, _: ValueRef<'_>) -> Result<T, ValueError> {
        Err(ValueError::unsupported(std::any::type_name::<T>()))
    }
}

/// `Default::default()` for a skipped field.
pub trait ViaDefault<T> {
    /// `Some(T::default())`.
    fn __default(&self) -> Option<T>;
}

impl<T: Default> ViaDefault<T> for Probe<T> {
    #[inline]
    fn __default(&self) -> Option<T> {
        Some(T::default())
    }
}

/// The fallback for a skipped field without `Default`.
pub trait NoDefault<T> {
    /// `None`.
    fn __default(&self) -> Option<T>;
}

impl<T> NoDefault<T> for &Probe<T> {
    fn __default(&self) -> Option<T> {
        None
    }
}

/// Reads column `index` of `row` with `read`, naming the table and column
/// on failure.
#[inline]
pub fn read_field<T>(
    row: &Row<'_>,
    index: usize,
    table: &str,
    column: &str,
    read: impl FnOnce(ValueRef<'_>) -> Result<T, ValueError>,
) -> Result<T> {
    match row.get(index).and_then(read) {
        Ok(v) => Ok(v),
        Err(e) => Err(field_error(table, column, e)),
    }
}

#[cold]
fn field_error(table: &str, column: &str, e: ValueError) -> Error {
    Error::Value {
        table: table.to_string(),
        column: column.to_string(),
        message: e.0,
    }
}

/// A skipped field without `Default`: rows cannot be read into the model.
#[cold]
pub fn skipped_without_default(table: &str, field: &str, type_name: &str) -> Error {
    Error::Value {
        table: table.to_string(),
        column: field.to_string(),
        message: format!(
            "is skipped (`#[model(skip)]`) and `{type_name}` has no `Default`, so rows cannot be read into the model; implement `Default` for it"
        ),
    }
}
