//! The `revision!` macro that a revision file calls to declare itself.

/// Declares the revision that the current module is, and registers it with
/// its `upgrade` and `downgrade` functions (which the module must define):
///
/// ```
/// mod r2c24ef5e4a4d {
///     use migrate_core::revision::prelude::*;
///
///     revision! {
///         id: "2c24ef5e4a4d",
///         down_revision: "91008d822299",   // None for a base; ["a", "b"] for a merge
///         branch_labels: [],
///         depends_on: [],
///         message: "add token field for user",
///     }
///
///     pub fn upgrade(op: &mut Op) -> Result<()> {
///         op.add_column("user", Column::new("token", ColumnType::Varchar(128)).nullable())
///     }
///
///     pub fn downgrade(op: &mut Op) -> Result<()> {
///         op.drop_column("user", "token")
///     }
/// }
/// ```
///
/// After `message`, `transactional: false,` opts the revision out of the
/// per-revision transaction (for statements such as
/// `CREATE INDEX CONCURRENTLY` that cannot run in one).
///
/// The id must be 1 to 32 characters of `[0-9a-zA-Z_]`; anything else fails
/// to compile. Each call must sit in its own module (one revision file is
/// one module).
#[macro_export]
macro_rules! revision {
    (@down None) => {
        &[]
    };
    (@down [$($parent:expr),* $(,)?]) => {
        &[$($parent),*]
    };
    (@down $parent:expr) => {
        &[$parent]
    };
    (@transactional) => {
        true
    };
    (@transactional $transactional:expr) => {
        $transactional
    };
    (
        id: $id:expr,
        down_revision: $down:tt,
        branch_labels: [$($label:expr),* $(,)?],
        depends_on: [$($dep:expr),* $(,)?],
        message: $message:expr
        $(, transactional: $transactional:expr)?
        $(,)?
    ) => {
        const _: () = {
            $crate::__private::assert_revision_id($id);

            #[$crate::__private::linkme::distributed_slice($crate::__private::MIGRATE_REVISIONS)]
            #[linkme(crate = $crate::__private::linkme)]
            static MIGRATE_REVISION: $crate::__private::RevisionEntry =
                $crate::__private::RevisionEntry {
                    id: $id,
                    down_revisions: $crate::revision!(@down $down),
                    branch_labels: &[$($label),*],
                    depends_on: &[$($dep),*],
                    message: $message,
                    transactional: $crate::revision!(@transactional $($transactional)?),
                    upgrade,
                    downgrade,
                    file: ::core::file!(),
                    line: ::core::line!(),
                    module: ::core::module_path!(),
                };
        };
    };
}

/// The `revision!` macro as `migrate_core::revision::prelude` exports it
/// (a re-export of `revision` itself would bring the `revision` module
/// along).
#[doc(hidden)]
#[macro_export]
macro_rules! __migrate_revision {
    ($($input:tt)*) => {
        $crate::revision! { $($input)* }
    };
}

/// Fails compilation (when called in a constant) unless `id` is 1 to 32
/// characters of `[0-9a-zA-Z_]`. Not public API: `revision!` calls it.
#[doc(hidden)]
pub const fn assert_revision_id(id: &str) {
    let bytes = id.as_bytes();
    if bytes.is_empty() || bytes.len() > 32 {
        panic!("revision id must be 1 to 32 characters of [0-9a-zA-Z_]");
    }
    let mut i = 0;
    while i < bytes.len() {
        if !(bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            panic!("revision id must be 1 to 32 characters of [0-9a-zA-Z_]");
        }
        i += 1;
    }
}
