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
            tokens.extend(record_dummy(&input));
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
    let record = record(cont);
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

            #record
        };
    }
}

/// The `impl migrate_core::Record` (the ORM side) and the struct of column
/// handles it names.
///
/// Field conversions go through `__private::Probe`, so that a field whose
/// type has no `SqlType` (allowed with `sql_type = "..."`) still compiles
/// and fails only when the ORM reads or writes it.
fn record(cont: &Container) -> TokenStream {
    let ident = cont.ident;
    let vis = &cont.original.vis;
    let table = &cont.table_name;
    let columns_ident = format_ident!("{}Columns", syn::ext::IdentExt::unraw(ident));
    let columns: Vec<&Field> = cont.columns().collect();
    let keys: Vec<&Field> = columns
        .iter()
        .copied()
        .filter(|f| f.attrs.primary_key.is_some())
        .collect();
    let probe = |ty: &syn::Type| quote!((&::migrate_core::__private::Probe::<#ty>::new()));

    let names: Vec<&str> = columns.iter().map(|f| f.column.as_str()).collect();
    let column_fields = columns.iter().map(|f| {
        let field = f.ident;
        let ty = f.ty;
        let doc = format!("The `{}` column.", f.column);
        quote! {
            #[doc = #doc]
            #vis #field: ::migrate_core::orm::Column<#ident, #ty>
        }
    });
    let column_inits = columns.iter().map(|f| {
        let field = f.ident;
        let name = &f.column;
        quote!(#field: ::migrate_core::orm::Column::new(#name))
    });
    let struct_doc = format!(
        "The column handles of [`{}`].",
        syn::ext::IdentExt::unraw(ident)
    );

    let width = Literal::usize_unsuffixed(columns.len());
    let writes = columns.iter().map(|f| {
        let field = f.ident;
        let probe = probe(f.ty);
        quote!(#probe.__to_value(&self.#field))
    });

    let key_types = keys.iter().map(|f| f.ty);
    let (key_type, key_values) = match keys.as_slice() {
        [only] => {
            let ty = only.ty;
            let probe = probe(ty);
            (quote!(#ty), quote!(out.push(#probe.__to_value(key));))
        }
        many => {
            let bindings: Vec<_> = (0..many.len()).map(|i| format_ident!("k{}", i)).collect();
            let pushes = many.iter().zip(&bindings).map(|(f, b)| {
                let probe = probe(f.ty);
                quote!(out.push(#probe.__to_value(#b));)
            });
            (
                quote!((#(#key_types,)*)),
                quote! {
                    let (#(#bindings,)*) = key;
                    #(#pushes)*
                },
            )
        }
    };
    let set_key = match keys.as_slice() {
        [only] => {
            let field = only.ident;
            let probe = probe(only.ty);
            quote! {
                self.#field = #probe.__from_value(value)?;
                ::core::result::Result::Ok(())
            }
        }
        _ => quote! {
            let _ = value;
            ::core::result::Result::Ok(())
        },
    };

    let mut index = 0usize;
    let reads = cont.fields.iter().map(|f| {
        let field = f.ident;
        let ty = f.ty;
        let probe = probe(ty);
        if f.attrs.skip.is_some() {
            let name = &f.name;
            let type_name = quote!(#ty).to_string();
            quote! {
                #field: match #probe.__default() {
                    ::core::option::Option::Some(value) => value,
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(
                            ::migrate_core::__private::skipped_without_default(#table, #name, #type_name),
                        );
                    }
                }
            }
        } else {
            let i = index;
            index += 1;
            let column = &f.column;
            quote! {
                #field: ::migrate_core::__private::read_field(row, #i, #table, #column, |value| {
                    #probe.__from_value(value)
                })?
            }
        }
    });

    quote! {
        #[doc = #struct_doc]
        #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug)]
        #vis struct #columns_ident {
            #(#column_fields,)*
        }

        #[automatically_derived]
        impl ::migrate_core::Record for #ident {
            type Key = #key_type;
            type Columns = #columns_ident;
            const __COLUMNS: &'static [&'static str] = &[#(#names),*];

            fn columns() -> #columns_ident {
                #columns_ident { #(#column_inits,)* }
            }

            type __Values<'a> = [::migrate_core::orm::Value<'a>; #width];

            #[allow(unused_imports)]
            fn __values(&self) -> [::migrate_core::orm::Value<'_>; #width] {
                use ::migrate_core::__private::{NoSqlType as _, ViaSqlType as _};
                [#(#writes),*]
            }

            #[allow(unused_imports)]
            fn __key_values<'a>(
                key: &'a Self::Key,
                out: &mut ::std::vec::Vec<::migrate_core::orm::Value<'a>>,
            ) {
                use ::migrate_core::__private::{NoSqlType as _, ViaSqlType as _};
                #key_values
            }

            #[allow(unused_imports)]
            fn __read(
                row: &::migrate_core::__private::Row<'_>,
            ) -> ::core::result::Result<Self, ::migrate_core::orm::Error> {
                use ::migrate_core::__private::{NoDefault as _, NoSqlType as _, ViaDefault as _, ViaSqlType as _};
                ::core::result::Result::Ok(#ident {
                    #(#reads,)*
                })
            }

            #[allow(unused_imports)]
            fn __set_key(
                &mut self,
                value: ::migrate_core::orm::ValueRef<'_>,
            ) -> ::core::result::Result<(), ::migrate_core::orm::ValueError> {
                use ::migrate_core::__private::{NoSqlType as _, ViaSqlType as _};
                #set_key
            }

            fn __statements(
                dialect: ::migrate_core::Dialect,
            ) -> &'static ::migrate_core::__private::Statements {
                static STATEMENTS: ::migrate_core::__private::StatementsCell =
                    ::migrate_core::__private::StatementsCell::new();
                STATEMENTS.get::<Self>(dialect)
            }
        }
    }
}

/// A stand-in `impl Record` to emit beside the errors, so that ORM calls on
/// the model report nothing more. None for a generic struct (itself an
/// error: models have no generics), whose lifetimes would clash with the
/// trait's.
fn record_dummy(input: &DeriveInput) -> TokenStream {
    if !input.generics.params.is_empty() {
        return TokenStream::new();
    }
    let ident = &input.ident;
    quote! {
        const _: () = {
            #[automatically_derived]
            impl ::migrate_core::Record for #ident {
                type Key = ();
                type Columns = ();
                const __COLUMNS: &'static [&'static str] = &[];
                fn columns() {}
                type __Values<'a> = [::migrate_core::orm::Value<'a>; 0];
                fn __values(&self) -> [::migrate_core::orm::Value<'_>; 0] {
                    []
                }
                fn __key_values<'a>(_: &'a (), _: &mut ::std::vec::Vec<::migrate_core::orm::Value<'a>>) {}
                fn __read(
                    _: &::migrate_core::__private::Row<'_>,
                ) -> ::core::result::Result<Self, ::migrate_core::orm::Error> {
                    ::core::unreachable!("#[derive(Model)] reported errors for this struct")
                }
                fn __set_key(
                    &mut self,
                    _: ::migrate_core::orm::ValueRef<'_>,
                ) -> ::core::result::Result<(), ::migrate_core::orm::ValueError> {
                    ::core::unreachable!("#[derive(Model)] reported errors for this struct")
                }
                fn __statements(
                    _: ::migrate_core::Dialect,
                ) -> &'static ::migrate_core::__private::Statements {
                    ::core::unreachable!("#[derive(Model)] reported errors for this struct")
                }
            }
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
