//! What to emit beside the errors: an `impl Model` whose body never runs, so
//! that code using the model still type-checks and the user sees only the
//! real errors (clap_derive's `dummies.rs` does the same).

use crate::internals::case::snake_case;
use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;
use syn::ext::IdentExt;

/// A stand-in `impl Model` for `input`.
pub fn model_impl(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let table = snake_case(&ident.unraw().to_string());
    quote! {
        const _: () = {
            #[automatically_derived]
            impl #impl_generics ::migrate_core::Model for #ident #ty_generics #where_clause {
                const TABLE_NAME: &'static str = #table;
                fn table() -> ::migrate_core::schema::Table {
                    ::core::unreachable!("#[derive(Model)] reported errors for this struct")
                }
            }
        };
    }
}
