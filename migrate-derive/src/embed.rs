//! `embed_revisions!()`: compiles every revision file of the project into
//! the crate that calls it.
//!
//! For each `*.rs` file of the versions folder it emits
//!
//! ```ignore
//! #[path = "/abs/migrations/versions/2c24ef5e4a4d_add_token.rs"]
//! mod r2c24ef5e4a4d_add_token;
//! ```
//!
//! so the file's own `revision!` registers it, and a `RevisionSource` with
//! the file's text (`include_str!`), from which the runner computes
//! checksums and the CLI notices files that changed since the build.
//!
//! A proc macro cannot ask Cargo to rerun it when a file is *added* to a
//! folder; the project's `build.rs` (written by `migrate init`) prints
//! `cargo:rerun-if-changed=migrations/versions`, which rebuilds the crate,
//! and with it this expansion, whenever the folder changes.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use std::path::{Path, PathBuf};
use syn::LitStr;

/// Expands `embed_revisions!()` or `embed_revisions!("path/to/versions")`.
pub fn expand(input: TokenStream) -> TokenStream {
    match try_expand(input) {
        Ok(tokens) => tokens,
        Err(e) => e.to_compile_error(),
    }
}

fn try_expand(input: TokenStream) -> syn::Result<TokenStream> {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(|_| {
        syn::Error::new(
            Span::call_site(),
            "embed_revisions!: CARGO_MANIFEST_DIR is not set; build with Cargo",
        )
    })?);
    let (dir, explicit) = if input.is_empty() {
        (versions_dir(&manifest_dir)?, false)
    } else {
        let lit: LitStr = syn::parse2(input)?;
        (manifest_dir.join(lit.value()), true)
    };
    let files = match revision_files(&dir) {
        Ok(files) => files,
        // Before `migrate init` there is no folder yet: nothing to embed.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => Vec::new(),
        Err(e) => {
            return Err(syn::Error::new(
                Span::call_site(),
                format!("embed_revisions!: cannot read {}: {e}", dir.display()),
            ));
        }
    };
    let mut items = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for file in files {
        let Some(path) = file.to_str() else {
            return Err(syn::Error::new(
                Span::call_site(),
                format!(
                    "embed_revisions!: {} is not valid UTF-8; rename it",
                    file.display()
                ),
            ));
        };
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let module = format_ident!("{}", module_name(stem));
        if !seen.insert(module.to_string()) {
            return Err(syn::Error::new(
                Span::call_site(),
                format!(
                    "embed_revisions!: two revision files map to the module `{module}`; rename one of them"
                ),
            ));
        }
        items.push(quote! {
            #[path = #path]
            mod #module;

            const _: () = {
                #[::migrate_core::__private::linkme::distributed_slice(
                    ::migrate_core::__private::MIGRATE_REVISION_SOURCES
                )]
                #[linkme(crate = ::migrate_core::__private::linkme)]
                static MIGRATE_REVISION_SOURCE: ::migrate_core::__private::RevisionSource =
                    ::migrate_core::__private::RevisionSource {
                        file: #path,
                        source: ::core::include_str!(#path),
                    };
            };
        });
    }
    let dir_text = dir.to_string_lossy().into_owned();
    Ok(quote! {
        /// The revision files of this project, compiled in by
        /// `migrate_core::embed_revisions!()`.
        #[doc(hidden)]
        #[allow(missing_docs, unused_imports, unused_variables, unused_mut, dead_code, clippy::all)]
        pub mod __migrate_revisions {
            /// The folder the revisions were read from.
            pub const VERSIONS_DIR: &str = #dir_text;
            #(#items)*
        }
    })
}

/// `<script_location>/versions`, where `script_location` comes from the
/// top level of `migrate.toml` next to `Cargo.toml` (default `migrations`).
fn versions_dir(manifest_dir: &Path) -> syn::Result<PathBuf> {
    let config = manifest_dir.join("migrate.toml");
    let location = match std::fs::read_to_string(&config) {
        Ok(text) => script_location(&text).unwrap_or_else(|| "migrations".to_string()),
        Err(_) => "migrations".to_string(),
    };
    Ok(manifest_dir.join(location).join("versions"))
}

/// The `script_location = "..."` key before the first `[table]`: enough
/// TOML for one top-level string, without a TOML parser in the build.
fn script_location(toml: &str) -> Option<String> {
    for line in toml.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            return None;
        }
        let Some(rest) = line.strip_prefix("script_location") else {
            continue;
        };
        let rest = rest.trim_start().strip_prefix('=')?.trim();
        let quote = rest.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let body = &rest[1..];
        let end = body.find(quote)?;
        return Some(body[..end].to_string());
    }
    None
}

/// The `*.rs` files of `dir`, sorted.
fn revision_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "rs") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// A module name for a file stem: `2c24ef5e4a4d_add_token` ->
/// `r2c24ef5e4a4d_add_token`.
fn module_name(stem: &str) -> String {
    let mut out = String::from("r");
    for c in stem.chars() {
        out.push(if c.is_ascii_alphanumeric() || c == '_' {
            c.to_ascii_lowercase()
        } else {
            '_'
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_script_location_from_the_top_level() {
        assert_eq!(
            script_location("# x\nscript_location = \"db/migrations\"\nurl = \"x\"\n").as_deref(),
            Some("db/migrations")
        );
        assert_eq!(script_location("script_location='m'").as_deref(), Some("m"));
        assert_eq!(script_location("[hooks]\nscript_location = \"x\""), None);
        assert_eq!(script_location("url = \"x\""), None);
    }

    #[test]
    fn module_names_are_identifiers() {
        assert_eq!(
            module_name("2c24ef5e4a4d_add_token"),
            "r2c24ef5e4a4d_add_token"
        );
        assert_eq!(module_name("2026-11-21_Add"), "r2026_11_21_add");
    }
}
