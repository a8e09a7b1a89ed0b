//! `#[derive(Model)]` for migrate. Use it through `migrate_core::Model`.
//!
//! The work is split the way serde_derive splits it: `internals` reads the
//! input into a checked model of the struct (every mistake reported at once,
//! each at its own span), `expand` turns that model into code, and `dummy`
//! gives the code to emit next to the errors when there are any.

mod dummy;
mod embed;
mod expand;
mod internals;

use proc_macro::TokenStream;

/// Derives `migrate_core::Model` for a struct with named fields, and
/// registers it in `migrate_core::registry::MIGRATE_MODELS`.
///
/// ```ignore
/// use migrate_core::Model;
///
/// /// People who can sign in.            (the table comment)
/// #[derive(Model)]
/// #[model(table = "user", index(name = "user_name_idx", columns("name")))]
/// pub struct User {
///     #[model(primary_key)]              // BIGINT, auto-increment
///     pub user_id: i64,
///     /// Shown on the profile.          (the column comment)
///     #[model(max_length = 64)]          // VARCHAR(64) NOT NULL
///     pub name: String,
///     pub token: Option<String>,         // TEXT, nullable
///     #[model(references = "team.id", on_delete = "cascade")]
///     pub team_id: Option<i64>,
/// }
/// ```
///
/// The field type decides the column type and nullability through
/// `migrate_core::SqlType`; only `Option<T>` is nullable. A single integer
/// primary key auto-increments.
///
/// # Struct attributes
///
/// | attribute | meaning |
/// |---|---|
/// | `table = "name"` | the table name; default: the struct name in snake_case (`HTTPLog` → `http_log`) |
/// | `index(name = "...", columns("a", "b"))` | an index; add `unique` for a unique index; any number |
/// | `unique(name = "...", columns("a", "b"))` | a unique constraint; any number |
/// | `check(name = "...", expr = "...")` | a CHECK constraint; every identifier in `expr` that is not SQL must be a column |
/// | `renamed_from = "old"` | the table's former name: autogenerate renames it |
///
/// `columns(...)` takes column names or field names.
///
/// # Field attributes
///
/// | attribute | meaning |
/// |---|---|
/// | `primary_key` | part of the primary key (several fields: a composite key, in field order) |
/// | `column = "name"` | the column name; default: the field name |
/// | `max_length = N` | `VARCHAR(N)`; on `String` and `Option<String>` only |
/// | `sql_type = "..."` | a literal SQL column type; the field type then needs no `SqlType`, and the column is nullable when the type is written `Option<...>` |
/// | `unique` | a unique constraint named `{table}_{column}_key` |
/// | `index` | an index named `ix_{table}_{column}` |
/// | `default = "expr"` | the server default, an SQL expression written verbatim |
/// | `references = "table.column"` | a foreign key named `{table}_{column}_fkey` |
/// | `on_delete = "..."`, `on_update = "..."` | with `references`: `cascade`, `restrict`, `set null`, `set default` or `no action` |
/// | `renamed_from = "old"` | the column's former name: autogenerate renames it |
/// | `skip` | not a column |
///
/// Doc comments become table and column comments: lines are joined with a
/// space, paragraphs with a blank line.
///
/// Every mistake is a compile error at the attribute or field at fault, all
/// of them in one compile. What spans several models (two models with one
/// table, a foreign key to a table no model has) is checked when the
/// registry is loaded.
#[proc_macro_derive(Model, attributes(model))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    expand::expand(input.into()).into()
}

/// Compiles every revision file of the project into the calling crate, and
/// registers each file's text for checksums and for the CLI's check that
/// the binary is not stale.
///
/// `embed_revisions!()` reads `script_location` from `migrate.toml` next to
/// `Cargo.toml` (default `migrations`) and embeds `<script_location>/versions/*.rs`;
/// `embed_revisions!("db/versions")` names the folder (relative to
/// `Cargo.toml`). A missing folder embeds nothing, unless named.
///
/// Cargo reruns a proc macro when a file it read changes, but not when a
/// file is added to a folder: the package needs a `build.rs` that prints
/// `cargo:rerun-if-changed=migrations/versions` (`migrate init` writes it).
#[proc_macro]
pub fn embed_revisions(input: TokenStream) -> TokenStream {
    embed::expand(input.into()).into()
}
