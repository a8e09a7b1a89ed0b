//! A model of the derive input that the checks and the code generator work
//! on: the struct, its fields with their parsed attributes and resolved
//! column names, and the syn nodes they came from (for spans).

use super::attr;
use super::case::snake_case;
use super::ctxt::Ctxt;
use syn::ext::IdentExt;
use syn::{Data, DeriveInput, Fields, GenericArgument, Ident, PathArguments, Type};

/// The struct being derived.
pub struct Container<'a> {
    /// The struct's name.
    pub ident: &'a Ident,
    /// The struct's `#[model(...)]` attributes.
    pub attrs: attr::Container,
    /// `table = "..."`, or the struct name in snake_case.
    pub table_name: String,
    /// The fields, in declaration order (skipped ones included).
    pub fields: Vec<Field<'a>>,
    /// The derive input.
    pub original: &'a DeriveInput,
}

/// A named field.
pub struct Field<'a> {
    /// The field's name as written.
    pub ident: &'a Ident,
    /// The field's name without `r#`.
    pub name: String,
    /// `column = "..."`, or the field's name.
    pub column: String,
    /// The field's `#[model(...)]` attributes.
    pub attrs: attr::Field,
    /// The field's type.
    pub ty: &'a Type,
}

impl<'a> Container<'a> {
    /// Reads the input, or reports why it cannot be a model and returns `None`.
    pub fn from_ast(cx: &Ctxt, item: &'a DeriveInput) -> Option<Self> {
        let ident = &item.ident;
        let fields = match &item.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => &named.named,
                Fields::Unnamed(_) => {
                    cx.error_spanned_by(
                        ident,
                        format!(
                            "`#[derive(Model)]` needs named fields, and `{ident}` is a tuple struct: a column takes its name from its field\n\nhelp: the correct format looks like `struct {ident} {{ #[model(primary_key)] id: i64 }}`"
                        ),
                    );
                    return None;
                }
                Fields::Unit => {
                    cx.error_spanned_by(
                        ident,
                        format!(
                            "`#[derive(Model)]` needs named fields, and `{ident}` is a unit struct with no columns\n\nhelp: the correct format looks like `struct {ident} {{ #[model(primary_key)] id: i64 }}`"
                        ),
                    );
                    return None;
                }
            },
            Data::Enum(data) => {
                let enum_token = data.enum_token;
                cx.error_spanned_by(
                    quote::quote!(#enum_token #ident),
                    format!(
                        "`#[derive(Model)]` works on structs with named fields, and `{ident}` is an enum\n\nhelp: to store an enum in a column, implement `migrate_core::SqlType` for it and use it as a field type"
                    ),
                );
                return None;
            }
            Data::Union(data) => {
                let union_token = data.union_token;
                cx.error_spanned_by(
                    quote::quote!(#union_token #ident),
                    format!(
                        "`#[derive(Model)]` works on structs with named fields, and `{ident}` is a union\n\nhelp: the correct format looks like `struct {ident} {{ #[model(primary_key)] id: i64 }}`"
                    ),
                );
                return None;
            }
        };

        let attrs = attr::Container::from_ast(cx, item);
        let table_name = match &attrs.table {
            Some(table) => table.value.clone(),
            None => snake_case(&ident.unraw().to_string()),
        };
        let fields = fields
            .iter()
            .map(|field| {
                let ident = field.ident.as_ref().expect("named field");
                let attrs = attr::Field::from_ast(cx, field);
                let name = ident.unraw().to_string();
                let column = match &attrs.column {
                    Some(column) => column.value.clone(),
                    None => name.clone(),
                };
                Field {
                    ident,
                    name,
                    column,
                    attrs,
                    ty: &field.ty,
                }
            })
            .collect();

        Some(Container {
            ident,
            attrs,
            table_name,
            fields,
            original: item,
        })
    }

    /// The fields that are columns (not `skip`), in order.
    pub fn columns(&self) -> impl Iterator<Item = &Field<'a>> {
        self.fields.iter().filter(|f| f.attrs.skip.is_none())
    }

    /// The column a struct-level `columns(...)` entry means: a column name,
    /// or else a field name.
    pub fn find_column(&self, name: &str) -> Option<&Field<'a>> {
        self.columns()
            .find(|f| f.column == name)
            .or_else(|| self.columns().find(|f| f.name == name))
    }
}

impl Field<'_> {
    /// Whether the field type is written `Option<...>` (the column is nullable).
    pub fn is_option(&self) -> bool {
        option_inner(self.ty).is_some()
    }

    /// Whether the field type is written `String` or `Option<String>`.
    pub fn is_string(&self) -> bool {
        is_string(self.ty) || option_inner(self.ty).is_some_and(is_string)
    }
}

fn ungroup(mut ty: &Type) -> &Type {
    loop {
        match ty {
            Type::Group(group) => ty = &group.elem,
            Type::Paren(paren) => ty = &paren.elem,
            _ => return ty,
        }
    }
}

/// The last segment of a path type with no `qself`.
fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ungroup(ty) {
        Type::Path(path) if path.qself.is_none() => path.path.segments.last(),
        _ => None,
    }
}

/// `T` of a type written `Option<T>` (or `std::option::Option<T>`).
pub fn option_inner(ty: &Type) -> Option<&Type> {
    let segment = last_segment(ty)?;
    if segment.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &segment.arguments else {
        return None;
    };
    match args.args.iter().collect::<Vec<_>>().as_slice() {
        [GenericArgument::Type(inner)] => Some(inner),
        _ => None,
    }
}

/// Whether a type is written `String` (or `std::string::String`).
pub fn is_string(ty: &Type) -> bool {
    last_segment(ty)
        .is_some_and(|s| s.ident == "String" && matches!(s.arguments, PathArguments::None))
}
