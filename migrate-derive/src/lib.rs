//! `#[derive(Model)]` for migrate. Use it through `migrate_core::Model`.

use proc_macro::TokenStream;

/// Derives `migrate_core::Model` for a struct.
#[proc_macro_derive(Model, attributes(model))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    let _ = input;
    TokenStream::new()
}
