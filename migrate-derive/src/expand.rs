//! Code generation: the checked model of the struct becomes an
//! `impl migrate_core::Model` and a registry entry.
//!
//! Everything sits in `const _: () = { ... };` and names items by absolute
//! paths only (`::migrate_core::...`, `::core::...`, `::std::...`), so the
//! user's own `Result`, `Option`, `String` or `Model` cannot change it.

use crate::dummy;
use crate::internals::ast::{Container, Field};
use crate::internals::{Ctxt, check};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::DeriveInput;
use syn::spanned::Spanned;

/// The whole derive, on `proc_macro2` tokens so that it can be tested: the
/// generated code, or the errors plus a dummy impl.
pub fn expand(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(err) => return err.into_compile_error(),
    };
    match derive(&input) {
        Ok(tokens) => tokens,
        Err(err) => {
            let mut tokens = dummy::model_impl(&input);
            tokens.extend(err.into_compile_error());
            tokens
        }
    }
}

/// Reads and checks the input, then generates the code.
fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let cx = Ctxt::new();
    let Some(cont) = Container::from_ast(&cx, input) else {
        return Err(cx.check().expect_err("from_ast reported why it failed"));
    };
    check::check(&cx, &cont);
    cx.check()?;
    Ok(generate(&cont))
}

fn generate(cont: &Container) -> TokenStream {
    let ident = cont.ident;
    let table = &cont.table_name;

    let mut builder = TokenStream::new();
    if let Some(doc) = &cont.attrs.doc {
        builder.extend(quote!(.comment(#doc)));
    }
    if let Some(old) = &cont.attrs.renamed_from {
        let old = &old.value;
        builder.extend(quote!(.renamed_from(#old)));
    }
    for field in cont.columns() {
        let column = column(field);
        builder.extend(quote!(.column(#column)));
    }
    let key: Vec<&str> = cont
        .columns()
        .filter(|f| f.attrs.primary_key.is_some())
        .map(|f| f.column.as_str())
        .collect();
    builder.extend(quote!(.primary_key(&[#(#key),*])));
    builder.extend(constraints(cont));

    let registration = registration(cont);
    quote! {
        const _: () = {
            #[automatically_derived]
            impl ::migrate_core::Model for #ident {
                const TABLE_NAME: &'static str = #table;

                fn table() -> ::migrate_core::schema::Table {
                    let table = ::migrate_core::schema::Table::new(#table) #builder;
                    ::migrate_core::__private::finish_table(table)
                }
            }

            #registration
        };
    }
}

/// The column of a field, with its type, nullability, default, comment and
/// former name.
fn column(field: &Field) -> TokenStream {
    let name = &field.column;
    let ty = field.ty;
    let attrs = &field.attrs;
    let mut column = if let Some(sql_type) = &attrs.sql_type {
        // A literal SQL type: the Rust type need not implement `SqlType`;
        // the column is nullable when the field is written `Option<...>`.
        let sql_type = &sql_type.value;
        let nullable = field.is_option().then(|| quote!(.nullable()));
        quote! {
            ::migrate_core::schema::Column::new(
                #name,
                ::migrate_core::schema::ColumnType::Custom(::std::string::String::from(#sql_type)),
            ) #nullable
        }
    } else {
        // Spanned at the field type, so that a type without `SqlType` is an
        // error pointing at the field.
        let base = quote_spanned! {ty.span()=>
            ::migrate_core::__private::column_for::<#ty>(#name)
        };
        match &attrs.max_length {
            Some(max_length) => {
                let n = Literal::u32_unsuffixed(max_length.value);
                quote! {
                    ::migrate_core::schema::Column {
                        ty: ::migrate_core::schema::ColumnType::Varchar(#n),
                        ..#base
                    }
                }
            }
            None => base,
        }
    };
    if let Some(default) = &attrs.default {
        let default = &default.value;
        column.extend(quote!(.default(#default)));
    }
    if let Some(doc) = &attrs.doc {
        column.extend(quote!(.comment(#doc)));
    }
    if let Some(old) = &attrs.renamed_from {
        let old = &old.value;
        column.extend(quote!(.renamed_from(#old)));
    }
    column
}

/// Indexes, unique constraints, foreign keys and checks, struct-level ones
/// first, then field-level ones in field order.
fn constraints(cont: &Container) -> TokenStream {
    let table = &cont.table_name;
    let resolve = |lit: &syn::LitStr| -> String {
        let name = lit.value();
        cont.find_column(&name)
            .map_or(name, |field| field.column.clone())
    };
    let mut out = TokenStream::new();

    for index in &cont.attrs.indexes {
        let name = &index.name;
        let columns = index.columns.iter().map(resolve);
        let unique = index.unique.then(|| quote!(.unique()));
        out.extend(quote! {
            .index(::migrate_core::schema::Index::new(#name, &[#(#columns),*]) #unique)
        });
    }
    for field in cont.columns().filter(|f| f.attrs.index.is_some()) {
        let column = &field.column;
        out.extend(quote! {
            .index(::migrate_core::schema::Index::new(
                ::migrate_core::schema::naming::index(#table, &[#column]),
                &[#column],
            ))
        });
    }

    for unique in &cont.attrs.uniques {
        let name = &unique.name;
        let columns = unique.columns.iter().map(resolve);
        out.extend(quote! {
            .unique(::migrate_core::schema::UniqueConstraint::new(#name, &[#(#columns),*]))
        });
    }
    for field in cont.columns().filter(|f| f.attrs.unique.is_some()) {
        let column = &field.column;
        out.extend(quote! {
            .unique(::migrate_core::schema::UniqueConstraint::new(
                ::migrate_core::schema::naming::unique(#table, &[#column]),
                &[#column],
            ))
        });
    }

    for field in cont.columns() {
        let Some(reference) = &field.attrs.references else {
            continue;
        };
        let column = &field.column;
        let ref_table = &reference.value.table;
        let ref_column = &reference.value.column;
        let on_delete = field.attrs.on_delete.as_ref().map(|action| {
            let action = format_ident!("{}", action.value.variant());
            quote!(.on_delete(::migrate_core::schema::FkAction::#action))
        });
        let on_update = field.attrs.on_update.as_ref().map(|action| {
            let action = format_ident!("{}", action.value.variant());
            quote!(.on_update(::migrate_core::schema::FkAction::#action))
        });
        out.extend(quote! {
            .foreign_key(
                ::migrate_core::schema::ForeignKey::new(
                    ::migrate_core::schema::naming::foreign_key(#table, &[#column]),
                    &[#column],
                    #ref_table,
                    &[#ref_column],
                )
                #on_delete
                #on_update
            )
        });
    }

    for check in &cont.attrs.checks {
        let name = &check.name;
        let expr = &check.expr;
        out.extend(quote! {
            .check(::migrate_core::schema::CheckConstraint::new(#name, #expr))
        });
    }
    out
}

/// The entry in `MIGRATE_MODELS`. linkme is reached through
/// `migrate_core::__private`, so the user's crate needs no linkme of its own.
fn registration(cont: &Container) -> TokenStream {
    let ident = cont.ident;
    let type_name = format!("::{}", syn::ext::IdentExt::unraw(ident));
    quote! {
        #[::migrate_core::__private::linkme::distributed_slice(::migrate_core::__private::MIGRATE_MODELS)]
        #[linkme(crate = ::migrate_core::__private::linkme)]
        static __MIGRATE_MODEL: ::migrate_core::__private::ModelEntry =
            ::migrate_core::__private::ModelEntry {
                type_name: ::core::concat!(::core::module_path!(), #type_name),
                file: ::core::file!(),
                line: ::core::line!(),
                table: <#ident as ::migrate_core::Model>::table,
            };
    }
}

#[cfg(test)]
mod tests {
    use super::expand;
    use quote::quote;

    fn pretty(tokens: proc_macro2::TokenStream) -> String {
        let file = syn::parse2(tokens).expect("the expansion parses as a file");
        prettyplease::unparse(&file)
    }

    #[test]
    fn team() {
        insta::assert_snapshot!(pretty(expand(quote! {
            pub struct Team {
                #[model(primary_key)]
                pub id: i64,
                pub name: String,
            }
        })));
    }

    #[test]
    fn user() {
        insta::assert_snapshot!(pretty(expand(quote! {
            /// People who can sign in.
            #[model(table = "user", index(name = "user_name_idx", columns("name")))]
            pub struct User {
                #[model(primary_key)]
                pub user_id: i64,
                #[model(max_length = 64)]
                pub name: String,
                #[model(max_length = 64, unique)]
                pub email: String,
                pub password: String,
                pub token: Option<String>,
                #[model(default = "CURRENT_TIMESTAMP")]
                pub created_at: String,
                #[model(references = "team.id", on_delete = "cascade")]
                pub team_id: Option<i64>,
            }
        })));
    }

    #[test]
    fn every_attribute() {
        insta::assert_snapshot!(pretty(expand(quote! {
            /// Members of a team.
            ///
            /// One row per membership.
            #[model(
                table = "memberships",
                renamed_from = "team_members",
                index(name = "membership_role_idx", columns("role", "joined"), unique),
                unique(name = "membership_nick_key", columns("team", "nickname")),
                check(name = "membership_role_check", expr = "role IN ('owner', 'member')")
            )]
            pub struct Membership {
                #[model(primary_key, references = "team.id", on_delete = "cascade", on_update = "no action")]
                pub team: i64,
                #[model(primary_key, column = "user", references = "user.user_id", on_delete = "restrict")]
                pub r#user_id: i64,
                /// The role: owner or member.
                #[model(max_length = 16, default = "'member'", index)]
                pub role: String,
                #[model(sql_type = "TIMESTAMP WITH TIME ZONE", column = "joined", renamed_from = "joined_at")]
                pub joined_at: Option<MyTime>,
                #[model(unique)]
                pub nickname: Option<String>,
                #[model(skip)]
                pub cache: Vec<String>,
            }
        })));
    }

    #[test]
    fn errors_come_with_a_dummy_impl() {
        insta::assert_snapshot!(pretty(expand(quote! {
            pub struct Broken {
                #[model(primary_ky)]
                pub id: i64,
            }
        })));
    }
}
