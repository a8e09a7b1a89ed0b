//! One constant per attribute name, so that the parser, the checks and the
//! messages cannot disagree on a spelling.

use std::fmt::{self, Display};
use syn::Path;

/// An attribute name.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Symbol(pub &'static str);

/// `#[model(...)]`
pub const MODEL: Symbol = Symbol("model");
/// `#[doc = "..."]`, which `///` comments become.
pub const DOC: Symbol = Symbol("doc");

/// struct: `table = "name"`
pub const TABLE: Symbol = Symbol("table");
/// struct: `index(...)`; field: `index`
pub const INDEX: Symbol = Symbol("index");
/// struct: `unique(...)`; field: `unique`; inside `index(...)`: `unique`
pub const UNIQUE: Symbol = Symbol("unique");
/// struct: `check(...)`
pub const CHECK: Symbol = Symbol("check");
/// struct and field: `renamed_from = "old"`
pub const RENAMED_FROM: Symbol = Symbol("renamed_from");

/// inside `index(...)`, `unique(...)`, `check(...)`: `name = "..."`
pub const NAME: Symbol = Symbol("name");
/// inside `index(...)`, `unique(...)`: `columns("a", "b")`
pub const COLUMNS: Symbol = Symbol("columns");
/// inside `check(...)`: `expr = "..."`
pub const EXPR: Symbol = Symbol("expr");

/// field: `primary_key`
pub const PRIMARY_KEY: Symbol = Symbol("primary_key");
/// field: `column = "name"`
pub const COLUMN: Symbol = Symbol("column");
/// field: `max_length = N`
pub const MAX_LENGTH: Symbol = Symbol("max_length");
/// field: `sql_type = "..."`
pub const SQL_TYPE: Symbol = Symbol("sql_type");
/// field: `default = "expr"`
pub const DEFAULT: Symbol = Symbol("default");
/// field: `references = "table.column"`
pub const REFERENCES: Symbol = Symbol("references");
/// field: `on_delete = "..."`
pub const ON_DELETE: Symbol = Symbol("on_delete");
/// field: `on_update = "..."`
pub const ON_UPDATE: Symbol = Symbol("on_update");
/// field: `skip`
pub const SKIP: Symbol = Symbol("skip");

/// The attributes a struct takes, in the order the docs list them.
pub const STRUCT_ATTRS: &[Symbol] = &[TABLE, INDEX, UNIQUE, CHECK, RENAMED_FROM];

/// The attributes a field takes, in the order the docs list them.
pub const FIELD_ATTRS: &[Symbol] = &[
    PRIMARY_KEY,
    COLUMN,
    MAX_LENGTH,
    SQL_TYPE,
    UNIQUE,
    INDEX,
    DEFAULT,
    REFERENCES,
    ON_DELETE,
    ON_UPDATE,
    RENAMED_FROM,
    SKIP,
];

/// What `index(...)` takes.
pub const INDEX_ATTRS: &[Symbol] = &[NAME, COLUMNS, UNIQUE];
/// What `unique(...)` takes.
pub const UNIQUE_ATTRS: &[Symbol] = &[NAME, COLUMNS];
/// What `check(...)` takes.
pub const CHECK_ATTRS: &[Symbol] = &[NAME, EXPR];

impl PartialEq<Symbol> for Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl PartialEq<Symbol> for &Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl Display for Symbol {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(self.0)
    }
}

// Also gives `Ident == Symbol`, through proc_macro2's `impl<T: AsRef<str>> PartialEq<T> for Ident`.
impl AsRef<str> for Symbol {
    fn as_ref(&self) -> &str {
        self.0
    }
}
