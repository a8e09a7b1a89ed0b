//! Checks that need more than one attribute, or the field types, to judge.
//! Each reports into the [`Ctxt`] and none stops the others.

use super::ast::{Container, Field};
use super::attr::{closest, example, help};
use super::ctxt::Ctxt;
use super::sql::{FkAction, column_refs};
use super::symbol::*;
use quote::ToTokens;
use std::collections::HashMap;

/// Runs every check.
pub fn check(cx: &Ctxt, cont: &Container) {
    check_generics(cx, cont);
    check_primary_key(cx, cont);
    for field in &cont.fields {
        check_skip(cx, field);
        if field.attrs.skip.is_none() {
            check_field(cx, field);
        }
    }
    check_duplicate_columns(cx, cont);
    check_column_lists(cx, cont);
    check_checks(cx, cont);
    check_duplicate_names(cx, cont);
}

/// A model is one table: it needs one concrete type.
fn check_generics(cx: &Ctxt, cont: &Container) {
    let generics = &cont.original.generics;
    if !generics.params.is_empty() {
        let ident = cont.ident;
        cx.error_spanned_by(
            generics,
            format!(
                "`#[derive(Model)]` does not support generic parameters or lifetimes: a model is one table, so `{ident}` must be one concrete type\n\nhelp: remove the parameters, or derive `Model` on a concrete struct and convert between the two"
            ),
        );
    }
}

fn check_primary_key(cx: &Ctxt, cont: &Container) {
    // Counts skipped fields too: `skip` with `primary_key` is reported once,
    // as that conflict.
    if cont.fields.iter().all(|f| !f.attrs.wrote_primary_key) {
        let ident = cont.ident;
        cx.error_spanned_by(
            ident,
            format!(
                "`{ident}` has no primary key\n\nhelp: mark the key field with `#[model(primary_key)]` (mark several fields for a composite key)"
            ),
        );
    }
}

/// A skipped field is not a column, so column attributes make no sense on it.
fn check_skip(cx: &Ctxt, field: &Field) {
    let Some(skip) = &field.attrs.skip else {
        return;
    };
    let others = field.attrs.column_attrs();
    if others.is_empty() {
        return;
    }
    let names = others
        .iter()
        .map(|(name, _)| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ");
    cx.error_spanned_by(
        &skip.tokens,
        format!(
            "`skip` cannot be combined with {names}: a skipped field is not a column\n\nhelp: remove `skip` to keep the column, or remove {names}"
        ),
    );
}

fn check_field(cx: &Ctxt, field: &Field) {
    let attrs = &field.attrs;
    let ty = type_name(field.ty);

    if let Some(max_length) = &attrs.max_length {
        if attrs.sql_type.is_some() {
            cx.error_spanned_by(
                &max_length.tokens,
                format!(
                    "`max_length` and `sql_type` cannot be combined: `sql_type` sets the whole column type\n\nhelp: write the length into the type: `#[model(sql_type = \"VARCHAR({})\")]`",
                    max_length.value
                ),
            );
        } else if !field.is_string() {
            cx.error_spanned_by(
                &max_length.tokens,
                format!(
                    "`max_length` applies to `String` and `Option<String>` fields, and `{}` is `{ty}`\n\nhelp: remove it, or give the column a literal SQL type with `#[model(sql_type = \"...\")]`",
                    field.name
                ),
            );
        }
    }

    if let Some(pk) = &attrs.primary_key
        && field.is_option()
    {
        cx.error_spanned_by(
            &pk.tokens,
            format!(
                "a primary key column cannot be NULL, and `{}` is `{ty}`\n\nhelp: use the type inside the `Option`",
                field.name
            ),
        );
    }

    for (name, action) in [(ON_DELETE, &attrs.on_delete), (ON_UPDATE, &attrs.on_update)] {
        let Some(action) = action else {
            continue;
        };
        if attrs.references.is_none() {
            cx.error_spanned_by(
                &action.tokens,
                format!(
                    "`{name}` needs `references` on the same field\n\n{}",
                    help(example(false, name))
                ),
            );
        } else if action.value == FkAction::SetNull && !field.is_option() {
            cx.error_spanned_by(
                &action.tokens,
                format!(
                    "`{name} = \"set null\"` needs a nullable column, and `{}` is `{ty}`\n\nhelp: make the field an `Option<{ty}>`, or choose another action",
                    field.name
                ),
            );
        }
    }
}

/// Two fields that map to one column: reported at the second.
fn check_duplicate_columns(cx: &Ctxt, cont: &Container) {
    let mut seen: HashMap<&str, &Field> = HashMap::new();
    for field in cont.columns() {
        if let Some(first) = seen.get(field.column.as_str()) {
            let span = match &field.attrs.column {
                Some(column) => column.tokens.clone(),
                None => field.ident.to_token_stream(),
            };
            cx.error_spanned_by(
                span,
                format!(
                    "duplicate column `{}`: fields `{}` and `{}` both map to it\n\nhelp: give one of them another name: {}",
                    field.column,
                    first.name,
                    field.name,
                    "`#[model(column = \"...\")]`"
                ),
            );
        } else {
            seen.insert(&field.column, field);
        }
    }
}

/// A type as the user would write it: `Option<i64>`, not `Option < i64 >`.
fn type_name(ty: &syn::Type) -> String {
    let mut out = ty.to_token_stream().to_string();
    for (from, to) in [
        (" <", "<"),
        ("< ", "<"),
        (" >", ">"),
        (" ::", "::"),
        (":: ", "::"),
        (" ,", ","),
        ("& ", "&"),
        ("' ", "'"),
        ("[ ", "["),
        (" ]", "]"),
        ("( ", "("),
        (" )", ")"),
    ] {
        out = out.replace(from, to);
    }
    out
}

/// `help: the columns of `table` are ...`
fn column_list(cont: &Container) -> String {
    let mut names: Vec<&str> = Vec::new();
    for field in cont.columns() {
        if !names.contains(&field.column.as_str()) {
            names.push(&field.column);
        }
    }
    let list = names
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("help: the columns of `{}` are {list}", cont.table_name)
}

/// The columns of `index(...)` and `unique(...)` must exist, once each.
fn check_column_lists(cx: &Ctxt, cont: &Container) {
    let lists = cont
        .attrs
        .indexes
        .iter()
        .map(|i| ("index", i))
        .chain(cont.attrs.uniques.iter().map(|u| ("unique constraint", u)));
    for (what, def) in lists {
        let mut resolved: Vec<&str> = Vec::new();
        for lit in &def.columns {
            let name = lit.value();
            match cont.find_column(&name) {
                Some(field) => {
                    if resolved.contains(&field.column.as_str()) {
                        cx.error_spanned_by(
                            lit,
                            format!(
                                "column `{}` appears twice in {what} `{}`\n\nhelp: list each column once",
                                field.column,
                                def.name.value()
                            ),
                        );
                    }
                    resolved.push(&field.column);
                }
                None => {
                    let skipped = cont
                        .fields
                        .iter()
                        .any(|f| f.attrs.skip.is_some() && (f.name == name || f.column == name));
                    let msg = if skipped {
                        format!(
                            "field `{name}` is marked `skip`, so it has no column to put in {what} `{}`\n\n{}",
                            def.name.value(),
                            column_list(cont)
                        )
                    } else {
                        let candidates: Vec<&str> = cont
                            .columns()
                            .flat_map(|f| [f.column.as_str(), f.name.as_str()])
                            .collect();
                        let suggestion = match closest(&name, &candidates) {
                            Some(best) => format!("help: did you mean `{best}`?\n"),
                            None => String::new(),
                        };
                        format!(
                            "{what} `{}` names `{name}`, which is neither a column nor a field of `{}`\n\n{suggestion}{}",
                            def.name.value(),
                            cont.ident,
                            column_list(cont)
                        )
                    };
                    cx.error_spanned_by(lit, msg);
                }
            }
        }
    }
}

/// Every identifier in a CHECK expression that is not a keyword, a type, a
/// function or a literal must be a column.
fn check_checks(cx: &Ctxt, cont: &Container) {
    for check in &cont.attrs.checks {
        let mut unknown: Vec<String> = Vec::new();
        let mut quoted_unknown = false;
        for r in column_refs(&check.expr.value()) {
            let known = cont.columns().any(|f| {
                if r.quoted {
                    f.column == r.name
                } else {
                    f.column.eq_ignore_ascii_case(&r.name)
                }
            });
            if !known && !unknown.contains(&r.name) {
                quoted_unknown |= r.quoted;
                unknown.push(r.name);
            }
        }
        if unknown.is_empty() {
            continue;
        }
        let names = unknown
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let verb = if unknown.len() == 1 {
            "is not a column"
        } else {
            "are not columns"
        };
        let columns: Vec<&str> = cont.columns().map(|f| f.column.as_str()).collect();
        let mut hints = String::new();
        for name in &unknown {
            if let Some(best) = closest(name, &columns) {
                hints.push_str(&format!("help: did you mean `{best}` for `{name}`?\n"));
            } else if let Some(field) = cont.columns().find(|f| f.name == *name) {
                hints.push_str(&format!(
                    "help: `{name}` is a field; its column is `{}`\n",
                    field.column
                ));
            }
        }
        if quoted_unknown {
            hints.push_str(
                "help: in SQL, double quotes name a column; a string takes single quotes: 'text'\n",
            );
        }
        cx.error_spanned_by(
            &check.expr,
            format!(
                "check `{}` refers to {names}, which {verb} of `{}`\n\n{hints}{}",
                check.name.value(),
                cont.table_name,
                column_list(cont)
            ),
        );
    }
}

/// Index and constraint names share one namespace (PostgreSQL: per schema).
fn check_duplicate_names(cx: &Ctxt, cont: &Container) {
    let names = cont
        .attrs
        .indexes
        .iter()
        .chain(&cont.attrs.uniques)
        .map(|d| &d.name)
        .chain(cont.attrs.checks.iter().map(|c| &c.name));
    let mut seen: Vec<String> = Vec::new();
    for name in names {
        let value = name.value();
        if seen.contains(&value) {
            cx.error_spanned_by(
                name,
                format!(
                    "the name `{value}` is used twice in `{}`: indexes and constraints need distinct names\n\nhelp: rename one of them",
                    cont.ident
                ),
            );
        } else {
            seen.push(value);
        }
    }
}
