//! The generated code must not depend on the names in scope where the
//! derive is used: this module shadows the prelude, the standard macros,
//! the crates and migrate's own names, and still derives models.
//! (The test is that it compiles; serde's `test_gen.rs` does the same.)

#![allow(
    dead_code,
    non_camel_case_types,
    unused_macros,
    clippy::disallowed_names
)]

// The prelude.
pub struct Result;
pub struct Ok;
pub struct Err;
pub struct Option;
pub struct Some;
pub struct None;
pub struct String;
pub struct Vec;
pub struct Box;
pub struct Into;
pub struct From;
pub struct Default;

// The crates and macros the generated code reaches.
mod core {}
mod std {}
mod alloc {}
mod migrate_core {}
mod linkme {}
macro_rules! concat {
    ($($t:tt)*) => {
        compile_error!("the local concat! was used")
    };
}
macro_rules! module_path {
    () => {
        compile_error!("the local module_path! was used")
    };
}
macro_rules! file {
    () => {
        compile_error!("the local file! was used")
    };
}
macro_rules! line {
    () => {
        compile_error!("the local line! was used")
    };
}
macro_rules! unreachable {
    ($($t:tt)*) => {
        compile_error!("the local unreachable! was used")
    };
}

// migrate's own names.
pub trait Model {}
pub struct Table;
pub struct Column;
pub struct ColumnType;
pub struct ModelEntry;
pub struct MIGRATE_MODELS;
pub fn column_for() {}
pub fn finish_table() {}
static __MIGRATE_MODEL: () = ();

/// A model with every kind of attribute.
#[derive(::migrate_core::Model)]
#[model(
    table = "hygiene_widget",
    renamed_from = "hygiene_gadget",
    index(name = "hygiene_widget_label_idx", columns("label", "code"), unique),
    unique(name = "hygiene_widget_code_key", columns("code")),
    check(name = "hygiene_widget_code_check", expr = "length(code) > 0")
)]
pub struct Widget {
    #[model(primary_key)]
    pub id: i64,
    /// The label.
    #[model(max_length = 10, unique, index, default = "'none'")]
    pub label: ::std::string::String,
    #[model(sql_type = "CITEXT", column = "code", renamed_from = "old_code")]
    pub code_text: ::std::string::String,
    #[model(references = "hygiene_widget.id", on_delete = "set null")]
    pub parent: ::core::option::Option<i64>,
    #[model(skip)]
    pub cache: String,
}

/// A composite key, and a struct named like the shadowed trait's users.
#[derive(::migrate_core::Model)]
pub struct HygienePair {
    #[model(primary_key)]
    pub left: i32,
    #[model(primary_key)]
    pub right: i32,
}

#[test]
fn derives_under_shadowed_names() {
    let table = <Widget as ::migrate_core::Model>::table();
    ::std::assert_eq!(table.name, "hygiene_widget");
    ::std::assert_eq!(table.columns.len(), 4);
    ::std::assert_eq!(
        <HygienePair as ::migrate_core::Model>::TABLE_NAME,
        "hygiene_pair"
    );
}
