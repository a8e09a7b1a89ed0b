//! Parsing `#[model(...)]` attributes, one attribute at a time.
//!
//! Every problem goes into the [`Ctxt`] and parsing carries on, so one
//! compile shows every mistake. What needs several attributes or the field
//! types to judge is in `check.rs`.

use super::ctxt::Ctxt;
use super::sql::FkAction;
use super::symbol::*;
use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::meta::ParseNestedMeta;
use syn::punctuated::Punctuated;
use syn::{Expr, ExprLit, Lit, LitStr, Token};

/// A parsed value and the tokens it was written as (`max_length = 64`), so
/// that errors about it point at it.
#[derive(Clone)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// The attribute as written.
    pub tokens: TokenStream,
}

/// An attribute that may be given once. A second occurrence is reported
/// where it is written.
struct Attr<'c, T> {
    cx: &'c Ctxt,
    name: Symbol,
    seen: bool,
    value: Option<Located<T>>,
}

impl<'c, T> Attr<'c, T> {
    fn none(cx: &'c Ctxt, name: Symbol) -> Self {
        Attr {
            cx,
            name,
            seen: false,
            value: None,
        }
    }

    /// Records an occurrence; `value` is `None` when it was malformed (and
    /// already reported), which still counts for duplicates.
    fn set(&mut self, tokens: TokenStream, value: Option<T>) {
        if self.seen {
            self.cx.error_spanned_by(
                tokens,
                format!(
                    "duplicate attribute `{}`\n\nhelp: remove this one: each attribute may be given once",
                    self.name
                ),
            );
            return;
        }
        self.seen = true;
        self.value = value.map(|value| Located { value, tokens });
    }

    fn get(self) -> Option<Located<T>> {
        self.value
    }
}

/// Where an attribute is written; decides what is valid there and the
/// examples in messages.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Place {
    Struct,
    Field,
    Index,
    Unique,
    Check,
}

impl Place {
    fn valid(self) -> &'static [Symbol] {
        match self {
            Place::Struct => STRUCT_ATTRS,
            Place::Field => FIELD_ATTRS,
            Place::Index => INDEX_ATTRS,
            Place::Unique => UNIQUE_ATTRS,
            Place::Check => CHECK_ATTRS,
        }
    }

    /// What an unknown name is called here, and where it was found.
    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Place::Struct => ("struct attribute", ""),
            Place::Field => ("field attribute", ""),
            Place::Index => ("argument", " in `index(...)`"),
            Place::Unique => ("argument", " in `unique(...)`"),
            Place::Check => ("argument", " in `check(...)`"),
        }
    }
}

/// The correct syntax for `name` written at `place`.
pub fn example(place_is_struct: bool, name: Symbol) -> &'static str {
    let place = if place_is_struct {
        Place::Struct
    } else {
        Place::Field
    };
    example_at(place, name)
}

fn example_at(place: Place, name: Symbol) -> &'static str {
    match (place, name) {
        (Place::Index, _) => r#"#[model(index(name = "user_name_idx", columns("name"), unique))]"#,
        (Place::Unique, _) => r#"#[model(unique(name = "user_email_key", columns("email")))]"#,
        (Place::Check, _) => r#"#[model(check(name = "user_age_check", expr = "age >= 0"))]"#,
        (Place::Struct, TABLE) => r#"#[model(table = "user")]"#,
        (Place::Struct, INDEX) => r#"#[model(index(name = "user_name_idx", columns("name")))]"#,
        (Place::Struct, UNIQUE) => r#"#[model(unique(name = "user_email_key", columns("email")))]"#,
        (Place::Struct, CHECK) => r#"#[model(check(name = "user_age_check", expr = "age >= 0"))]"#,
        (Place::Struct, RENAMED_FROM) => r#"#[model(renamed_from = "old_table_name")]"#,
        (_, PRIMARY_KEY) => "#[model(primary_key)]",
        (_, COLUMN) => r#"#[model(column = "name")]"#,
        (_, MAX_LENGTH) => "#[model(max_length = 64)]",
        (_, SQL_TYPE) => r#"#[model(sql_type = "CITEXT")]"#,
        (_, UNIQUE) => "#[model(unique)]",
        (_, INDEX) => "#[model(index)]",
        (_, DEFAULT) => r#"#[model(default = "CURRENT_TIMESTAMP")]"#,
        (_, REFERENCES) => r#"#[model(references = "team.id")]"#,
        (_, ON_DELETE) => r#"#[model(references = "team.id", on_delete = "cascade")]"#,
        (_, ON_UPDATE) => r#"#[model(references = "team.id", on_update = "cascade")]"#,
        (_, RENAMED_FROM) => r#"#[model(renamed_from = "old_column_name")]"#,
        (_, SKIP) => "#[model(skip)]",
        _ => "#[model(...)]",
    }
}

/// `help: the correct format looks like `...``
pub fn help(example: &str) -> String {
    format!("help: the correct format looks like `{example}`")
}

/// What `#[model(...)]` says about the struct.
pub struct Container {
    /// `table = "name"`
    pub table: Option<Located<String>>,
    /// `renamed_from = "old"`
    pub renamed_from: Option<Located<String>>,
    /// `index(...)`, in order.
    pub indexes: Vec<IndexDef>,
    /// `unique(...)`, in order.
    pub uniques: Vec<IndexDef>,
    /// `check(...)`, in order.
    pub checks: Vec<CheckDef>,
    /// The doc comment, as a table comment.
    pub doc: Option<String>,
}

/// `index(name = "...", columns(...), unique)` or `unique(name = "...", columns(...))`.
pub struct IndexDef {
    /// The name.
    pub name: LitStr,
    /// The columns (or field names), as written.
    pub columns: Vec<LitStr>,
    /// `unique` inside `index(...)`.
    pub unique: bool,
}

/// `check(name = "...", expr = "...")`.
pub struct CheckDef {
    /// The name.
    pub name: LitStr,
    /// The SQL expression.
    pub expr: LitStr,
}

/// What `#[model(...)]` says about a field.
pub struct Field {
    /// `primary_key`
    pub primary_key: Option<Located<()>>,
    /// `column = "name"`
    pub column: Option<Located<String>>,
    /// `max_length = N`
    pub max_length: Option<Located<u32>>,
    /// `sql_type = "..."`
    pub sql_type: Option<Located<String>>,
    /// `unique`
    pub unique: Option<Located<()>>,
    /// `index`
    pub index: Option<Located<()>>,
    /// `default = "expr"`
    pub default: Option<Located<String>>,
    /// `references = "table.column"`
    pub references: Option<Located<Reference>>,
    /// `on_delete = "..."`
    pub on_delete: Option<Located<FkAction>>,
    /// `on_update = "..."`
    pub on_update: Option<Located<FkAction>>,
    /// `renamed_from = "old"`
    pub renamed_from: Option<Located<String>>,
    /// `skip`
    pub skip: Option<Located<()>>,
    /// `primary_key` was written here, maybe malformed or misspelt: a
    /// missing primary key is then that mistake, not a second one.
    pub wrote_primary_key: bool,
    /// The doc comment, as a column comment.
    pub doc: Option<String>,
}

/// `references = "table.column"`
#[derive(Clone)]
pub struct Reference {
    /// The referenced table.
    pub table: String,
    /// The referenced column.
    pub column: String,
}

impl Container {
    /// Parses the struct's `#[model(...)]` and doc attributes.
    pub fn from_ast(cx: &Ctxt, item: &syn::DeriveInput) -> Self {
        let mut table = Attr::none(cx, TABLE);
        let mut renamed_from = Attr::none(cx, RENAMED_FROM);
        let mut indexes = Vec::new();
        let mut uniques = Vec::new();
        let mut checks = Vec::new();

        for attr in model_attrs(&item.attrs) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path == TABLE {
                    let (tokens, value) = parse_name(cx, &meta, Place::Struct)?;
                    table.set(tokens, value);
                } else if meta.path == RENAMED_FROM {
                    let (tokens, value) = parse_name(cx, &meta, Place::Struct)?;
                    renamed_from.set(tokens, value);
                } else if meta.path == INDEX {
                    indexes.extend(parse_index(cx, &meta, Place::Index)?);
                } else if meta.path == UNIQUE {
                    uniques.extend(parse_index(cx, &meta, Place::Unique)?);
                } else if meta.path == CHECK {
                    checks.extend(parse_check(cx, &meta)?);
                } else {
                    unknown(cx, &meta, Place::Struct)?;
                }
                Ok(())
            });
            if let Err(err) = result {
                cx.syn_error(err);
            }
        }

        Container {
            table: table.get(),
            renamed_from: renamed_from.get(),
            indexes,
            uniques,
            checks,
            doc: doc_comment(&item.attrs),
        }
    }
}

impl Field {
    /// Parses a field's `#[model(...)]` and doc attributes.
    pub fn from_ast(cx: &Ctxt, field: &syn::Field) -> Self {
        let mut primary_key = Attr::none(cx, PRIMARY_KEY);
        let mut column = Attr::none(cx, COLUMN);
        let mut max_length = Attr::none(cx, MAX_LENGTH);
        let mut sql_type = Attr::none(cx, SQL_TYPE);
        let mut unique = Attr::none(cx, UNIQUE);
        let mut index = Attr::none(cx, INDEX);
        let mut default = Attr::none(cx, DEFAULT);
        let mut references = Attr::none(cx, REFERENCES);
        let mut on_delete = Attr::none(cx, ON_DELETE);
        let mut on_update = Attr::none(cx, ON_UPDATE);
        let mut renamed_from = Attr::none(cx, RENAMED_FROM);
        let mut skip = Attr::none(cx, SKIP);
        let mut misspelt_primary_key = false;

        for attr in model_attrs(&field.attrs) {
            let result = attr.parse_nested_meta(|meta| {
                let flags = [
                    (PRIMARY_KEY, &mut primary_key),
                    (UNIQUE, &mut unique),
                    (INDEX, &mut index),
                    (SKIP, &mut skip),
                ];
                for (name, slot) in flags {
                    if meta.path == name {
                        let (tokens, value) = parse_flag(cx, &meta, Place::Field)?;
                        slot.set(tokens, value);
                        return Ok(());
                    }
                }
                let names = [
                    (COLUMN, &mut column),
                    (SQL_TYPE, &mut sql_type),
                    (RENAMED_FROM, &mut renamed_from),
                ];
                for (name, slot) in names {
                    if meta.path == name {
                        let (tokens, value) = parse_name(cx, &meta, Place::Field)?;
                        slot.set(tokens, value);
                        return Ok(());
                    }
                }
                if meta.path == MAX_LENGTH {
                    let (tokens, value) = parse_length(cx, &meta)?;
                    max_length.set(tokens, value);
                } else if meta.path == DEFAULT {
                    let (tokens, value) = parse_string(cx, &meta, Place::Field)?;
                    let value = value.and_then(|lit| {
                        let expr = lit.value();
                        if expr.trim().is_empty() {
                            cx.error_spanned_by(
                                &tokens,
                                "`default` is an SQL expression and cannot be empty\n\nhelp: for an empty string write `#[model(default = \"''\")]`",
                            );
                            return None;
                        }
                        Some(expr)
                    });
                    default.set(tokens, value);
                } else if meta.path == REFERENCES {
                    let (tokens, value) = parse_string(cx, &meta, Place::Field)?;
                    let value = value.and_then(|lit| parse_reference(cx, &tokens, &lit));
                    references.set(tokens, value);
                } else if meta.path == ON_DELETE || meta.path == ON_UPDATE {
                    let name = if meta.path == ON_DELETE {
                        ON_DELETE
                    } else {
                        ON_UPDATE
                    };
                    let (tokens, value) = parse_string(cx, &meta, Place::Field)?;
                    let value = value.and_then(|lit| {
                        let action = FkAction::parse(&lit.value());
                        if action.is_none() {
                            cx.error_spanned_by(
                                &tokens,
                                format!(
                                    "unknown foreign-key action {:?} for `{name}`\n\nhelp: use one of {}\n{}",
                                    lit.value(),
                                    FkAction::SPELLINGS,
                                    help(example_at(Place::Field, name)),
                                ),
                            );
                        }
                        action
                    });
                    if name == ON_DELETE {
                        on_delete.set(tokens, value);
                    } else {
                        on_update.set(tokens, value);
                    }
                } else if unknown(cx, &meta, Place::Field)?.is_some_and(|s| s == PRIMARY_KEY.0) {
                    misspelt_primary_key = true;
                }
                Ok(())
            });
            if let Err(err) = result {
                cx.syn_error(err);
            }
        }

        let wrote_primary_key = misspelt_primary_key || primary_key.seen;
        Field {
            primary_key: primary_key.get(),
            column: column.get(),
            max_length: max_length.get(),
            sql_type: sql_type.get(),
            unique: unique.get(),
            index: index.get(),
            default: default.get(),
            references: references.get(),
            on_delete: on_delete.get(),
            on_update: on_update.get(),
            renamed_from: renamed_from.get(),
            wrote_primary_key,
            skip: skip.get(),
            doc: doc_comment(&field.attrs),
        }
    }

    /// The attributes given besides `skip`, with their tokens.
    pub fn column_attrs(&self) -> Vec<(Symbol, &TokenStream)> {
        fn add<'a, T>(
            out: &mut Vec<(Symbol, &'a TokenStream)>,
            name: Symbol,
            attr: &'a Option<Located<T>>,
        ) {
            if let Some(attr) = attr {
                out.push((name, &attr.tokens));
            }
        }
        let mut out = Vec::new();
        add(&mut out, PRIMARY_KEY, &self.primary_key);
        add(&mut out, COLUMN, &self.column);
        add(&mut out, MAX_LENGTH, &self.max_length);
        add(&mut out, SQL_TYPE, &self.sql_type);
        add(&mut out, UNIQUE, &self.unique);
        add(&mut out, INDEX, &self.index);
        add(&mut out, DEFAULT, &self.default);
        add(&mut out, REFERENCES, &self.references);
        add(&mut out, ON_DELETE, &self.on_delete);
        add(&mut out, ON_UPDATE, &self.on_update);
        add(&mut out, RENAMED_FROM, &self.renamed_from);
        out
    }
}

/// The `#[model(...)]` attributes; an empty `#[model()]` is allowed.
fn model_attrs(attrs: &[syn::Attribute]) -> impl Iterator<Item = &syn::Attribute> {
    attrs.iter().filter(|attr| {
        attr.path() == MODEL
            && !matches!(&attr.meta, syn::Meta::List(list) if list.tokens.is_empty())
    })
}

/// `/// text` comments, joined: lines trimmed and joined with a space,
/// paragraphs (separated by a blank line) joined with a blank line.
pub fn doc_comment(attrs: &[syn::Attribute]) -> Option<String> {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for attr in attrs {
        if attr.path() != DOC {
            continue;
        }
        let syn::Meta::NameValue(nv) = &attr.meta else {
            continue;
        };
        let Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) = &nv.value
        else {
            continue;
        };
        for line in lit.value().split('\n') {
            let line = line.trim();
            if line.is_empty() {
                if !current.is_empty() {
                    paragraphs.push(std::mem::take(&mut current));
                }
            } else {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(line);
            }
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    if paragraphs.is_empty() {
        None
    } else {
        Some(paragraphs.join("\n\n"))
    }
}

/// `name = <expr>`: consumes `= <expr>` and returns the tokens of the whole
/// attribute and the expression; `None` when there is no `=`.
fn parse_value(meta: &ParseNestedMeta) -> syn::Result<(TokenStream, Option<Expr>)> {
    let path = &meta.path;
    if meta.input.peek(Token![=]) {
        let eq: Token![=] = meta.input.parse()?;
        let expr: Expr = meta.input.parse()?;
        Ok((quote!(#path #eq #expr), Some(expr)))
    } else {
        let rest = skip_value(meta)?;
        Ok((quote!(#path #rest), None))
    }
}

/// Consumes whatever follows an attribute name (`= expr` or `(...)`).
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<TokenStream> {
    if meta.input.peek(Token![=]) {
        let eq: Token![=] = meta.input.parse()?;
        let expr: Expr = meta.input.parse()?;
        Ok(quote!(#eq #expr))
    } else if meta.input.peek(syn::token::Paren) {
        let group: TokenTree = meta.input.parse()?;
        Ok(group.into_token_stream())
    } else {
        Ok(TokenStream::new())
    }
}

fn path_name(path: &syn::Path) -> String {
    path.to_token_stream().to_string().replace(' ', "")
}

/// A string attribute: `name = "..."`.
fn parse_string(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    place: Place,
) -> syn::Result<(TokenStream, Option<LitStr>)> {
    let name = path_name(&meta.path);
    let (tokens, expr) = parse_value(meta)?;
    match expr {
        Some(Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        })) => Ok((tokens, Some(lit))),
        Some(other) => {
            // Show the user's own value, quoted, when it is a simple one.
            let written = other.to_token_stream().to_string();
            let example = match place {
                Place::Struct | Place::Field => format!("#[model({name} = {written:?})]"),
                _ => example_at(place, Symbol("")).to_string(),
            };
            cx.error_spanned_by(
                &tokens,
                format!("`{name}` takes a string literal\n\n{}", help(&example)),
            );
            Ok((tokens, None))
        }
        None => {
            let example = example_at(place, symbol(&name));
            cx.error_spanned_by(
                &tokens,
                format!("`{name}` needs a value\n\n{}", help(example)),
            );
            Ok((tokens, None))
        }
    }
}

/// A name (table, column, type, ...): a non-empty string.
fn parse_name(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    place: Place,
) -> syn::Result<(TokenStream, Option<String>)> {
    let name = path_name(&meta.path);
    let (tokens, lit) = parse_string(cx, meta, place)?;
    let value = lit.and_then(|lit| {
        let value = lit.value();
        if value.trim().is_empty() {
            cx.error_spanned_by(
                &tokens,
                format!(
                    "`{name}` cannot be empty\n\n{}",
                    help(example_at(place, symbol(&name)))
                ),
            );
            None
        } else {
            Some(value)
        }
    });
    Ok((tokens, value))
}

/// A flag: `primary_key`, with nothing after it.
fn parse_flag(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    place: Place,
) -> syn::Result<(TokenStream, Option<()>)> {
    let name = path_name(&meta.path);
    let path = &meta.path;
    let rest = skip_value(meta)?;
    let tokens = quote!(#path #rest);
    if rest.is_empty() {
        Ok((tokens, Some(())))
    } else {
        let mut msg = format!(
            "`{name}` takes no value\n\n{}",
            help(example_at(place, symbol(&name)))
        );
        if place == Place::Field && (name == INDEX.0 || name == UNIQUE.0) {
            msg.push_str(&format!(
                "\nhelp: a named or multi-column {name} goes on the struct: `{}`",
                example_at(Place::Struct, symbol(&name))
            ));
        }
        cx.error_spanned_by(&tokens, msg);
        Ok((tokens, None))
    }
}

/// `max_length = N`, N a positive integer that fits `u32`.
fn parse_length(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<(TokenStream, Option<u32>)> {
    let (tokens, expr) = parse_value(meta)?;
    let problem = match &expr {
        Some(Expr::Lit(ExprLit {
            lit: Lit::Int(lit), ..
        })) => match lit.base10_parse::<u32>() {
            Ok(0) => "`max_length` must be at least 1".to_string(),
            Ok(n) => return Ok((tokens, Some(n))),
            Err(_) => format!("`max_length` must fit in a u32, and {lit} does not"),
        },
        Some(Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        })) if lit.value().trim().parse::<u32>().is_ok() => {
            let n = lit.value().trim().to_string();
            let example = format!("#[model(max_length = {n})]");
            cx.error_spanned_by(
                &tokens,
                format!(
                    "`max_length` takes a number, not a string\n\n{}",
                    help(&example)
                ),
            );
            return Ok((tokens, None));
        }
        Some(_) => "`max_length` takes a positive integer".to_string(),
        None => "`max_length` needs a value".to_string(),
    };
    cx.error_spanned_by(
        &tokens,
        format!(
            "{problem}\n\n{}",
            help(example_at(Place::Field, MAX_LENGTH))
        ),
    );
    Ok((tokens, None))
}

/// `"table.column"`
fn parse_reference(cx: &Ctxt, tokens: &TokenStream, lit: &LitStr) -> Option<Reference> {
    let value = lit.value();
    let parts: Vec<&str> = value.split('.').map(str::trim).collect();
    if let [table, column] = parts.as_slice()
        && !table.is_empty()
        && !column.is_empty()
    {
        return Some(Reference {
            table: table.to_string(),
            column: column.to_string(),
        });
    }
    cx.error_spanned_by(
        tokens,
        format!(
            "`references` names a table and one of its columns as `table.column`, not {value:?}\n\n{}",
            help(example_at(Place::Field, REFERENCES))
        ),
    );
    None
}

/// `index(...)` (with `place` Index) or `unique(...)` (with `place` Unique).
fn parse_index(cx: &Ctxt, meta: &ParseNestedMeta, place: Place) -> syn::Result<Option<IndexDef>> {
    let what = if place == Place::Index {
        "index"
    } else {
        "unique"
    };
    let path = &meta.path;
    if !meta.input.peek(syn::token::Paren) {
        let rest = skip_value(meta)?;
        cx.error_spanned_by(
            quote!(#path #rest),
            format!(
                "on a struct, `{what}` needs a name and columns; `#[model({what})]` alone belongs on a field\n\n{}",
                help(example_at(Place::Struct, symbol(what)))
            ),
        );
        return Ok(None);
    }
    let (tokens, empty) = group_tokens(meta)?;
    if empty {
        cx.error_spanned_by(
            tokens,
            format!(
                "this `{what}(...)` needs a name and columns\n\n{}",
                help(example_at(place, NAME))
            ),
        );
        return Ok(None);
    }

    let mut name = Attr::none(cx, NAME);
    let mut columns = Attr::none(cx, COLUMNS);
    let mut unique = Attr::none(cx, UNIQUE);
    let mut had_unknown = false;
    let result = meta.parse_nested_meta(|inner| {
        if inner.path == NAME {
            let (tokens, value) = parse_constraint_name(cx, &inner, place)?;
            name.set(tokens, value);
        } else if inner.path == COLUMNS {
            let (tokens, value) = parse_columns(cx, &inner, place)?;
            columns.set(tokens, value);
        } else if inner.path == UNIQUE && place == Place::Index {
            let (tokens, value) = parse_flag(cx, &inner, place)?;
            unique.set(tokens, value);
        } else {
            unknown(cx, &inner, place)?;
            had_unknown = true;
        }
        Ok(())
    });
    if let Err(err) = result {
        cx.syn_error(err);
        return Ok(None);
    }
    // An unknown argument is likely the missing one, misspelt: say it once.
    let missing = missing_parts(
        name.seen || had_unknown,
        columns.seen || had_unknown,
        ["a name and columns", "a name", "columns"],
    );
    if let Some(missing) = missing {
        cx.error_spanned_by(
            &tokens,
            format!(
                "this `{what}(...)` needs {missing}\n\n{}",
                help(example_at(place, NAME))
            ),
        );
    }
    match (name.get(), columns.get()) {
        (Some(name), Some(columns)) => Ok(Some(IndexDef {
            name: name.value,
            columns: columns.value,
            unique: unique.get().is_some(),
        })),
        _ => Ok(None),
    }
}

/// The tokens of `path(...)`, for spans, and whether the parentheses are
/// empty (then they are consumed, as there is nothing to parse).
fn group_tokens(meta: &ParseNestedMeta) -> syn::Result<(TokenStream, bool)> {
    let path = &meta.path;
    let group: TokenTree = meta.input.fork().parse()?;
    let empty = matches!(&group, TokenTree::Group(g) if g.stream().is_empty());
    if empty {
        meta.input.parse::<TokenTree>()?;
    }
    Ok((quote!(#path #group), empty))
}

/// `check(name = "...", expr = "...")`
fn parse_check(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<CheckDef>> {
    let path = &meta.path;
    if !meta.input.peek(syn::token::Paren) {
        let rest = skip_value(meta)?;
        cx.error_spanned_by(
            quote!(#path #rest),
            format!(
                "`check` needs a name and an expression\n\n{}",
                help(example_at(Place::Check, NAME))
            ),
        );
        return Ok(None);
    }
    let (tokens, empty) = group_tokens(meta)?;
    if empty {
        cx.error_spanned_by(
            tokens,
            format!(
                "this `check(...)` needs a name and an expression\n\n{}",
                help(example_at(Place::Check, NAME))
            ),
        );
        return Ok(None);
    }

    let mut name = Attr::none(cx, NAME);
    let mut expr = Attr::none(cx, EXPR);
    let mut had_unknown = false;
    let result = meta.parse_nested_meta(|inner| {
        if inner.path == NAME {
            let (tokens, value) = parse_constraint_name(cx, &inner, Place::Check)?;
            name.set(tokens, value);
        } else if inner.path == EXPR {
            let (tokens, lit) = parse_string(cx, &inner, Place::Check)?;
            let lit = lit.filter(|lit| {
                let empty = lit.value().trim().is_empty();
                if empty {
                    cx.error_spanned_by(
                        &tokens,
                        format!(
                            "`expr` cannot be empty\n\n{}",
                            help(example_at(Place::Check, EXPR))
                        ),
                    );
                }
                !empty
            });
            expr.set(tokens, lit);
        } else {
            unknown(cx, &inner, Place::Check)?;
            had_unknown = true;
        }
        Ok(())
    });
    if let Err(err) = result {
        cx.syn_error(err);
        return Ok(None);
    }
    let missing = missing_parts(
        name.seen || had_unknown,
        expr.seen || had_unknown,
        [
            "a name and an expression",
            "a name",
            "an expression (`expr`)",
        ],
    );
    if let Some(missing) = missing {
        cx.error_spanned_by(
            &tokens,
            format!(
                "this `check(...)` needs {missing}\n\n{}",
                help(example_at(Place::Check, NAME))
            ),
        );
    }
    match (name.get(), expr.get()) {
        (Some(name), Some(expr)) => Ok(Some(CheckDef {
            name: name.value,
            expr: expr.value,
        })),
        _ => Ok(None),
    }
}

/// `name = "..."` inside `index(...)`, `unique(...)`, `check(...)`.
fn parse_constraint_name(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    place: Place,
) -> syn::Result<(TokenStream, Option<LitStr>)> {
    let (tokens, lit) = parse_string(cx, meta, place)?;
    let lit = lit.filter(|lit| {
        let empty = lit.value().trim().is_empty();
        if empty {
            cx.error_spanned_by(
                &tokens,
                format!(
                    "`name` cannot be empty\n\n{}",
                    help(example_at(place, NAME))
                ),
            );
        }
        !empty
    });
    Ok((tokens, lit))
}

/// `columns("a", "b")`
fn parse_columns(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    place: Place,
) -> syn::Result<(TokenStream, Option<Vec<LitStr>>)> {
    let path = &meta.path;
    if !meta.input.peek(syn::token::Paren) {
        let rest = skip_value(meta)?;
        let tokens = quote!(#path #rest);
        cx.error_spanned_by(
            &tokens,
            format!(
                "`columns` takes a list of column names in parentheses\n\n{}",
                help(example_at(place, COLUMNS))
            ),
        );
        return Ok((tokens, None));
    }
    let group: TokenTree = meta.input.fork().parse()?;
    let tokens = quote!(#path #group);
    let content;
    syn::parenthesized!(content in meta.input);
    let list = Punctuated::<Expr, Token![,]>::parse_terminated(&content)?;
    let mut columns = Vec::new();
    let mut ok = true;
    for expr in &list {
        match expr {
            Expr::Lit(ExprLit {
                lit: Lit::Str(lit), ..
            }) if !lit.value().trim().is_empty() => columns.push(lit.clone()),
            _ => {
                ok = false;
                cx.error_spanned_by(
                    expr,
                    format!(
                        "a column name is a non-empty string literal\n\n{}",
                        help(example_at(place, COLUMNS))
                    ),
                );
            }
        }
    }
    if list.is_empty() {
        cx.error_spanned_by(
            &tokens,
            format!(
                "`columns(...)` needs at least one column\n\n{}",
                help(example_at(place, COLUMNS))
            ),
        );
        ok = false;
    }
    Ok((tokens, ok.then_some(columns)))
}

/// Reports an attribute that is not valid at `place`, with the closest
/// valid name and the list of valid ones, and skips its value.
fn unknown(cx: &Ctxt, meta: &ParseNestedMeta, place: Place) -> syn::Result<Option<String>> {
    let path = &meta.path;
    let rest = skip_value(meta)?;
    let tokens = quote!(#path #rest);
    let name = path_name(path);
    let valid = place.valid();
    let list = valid
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let is = |names: &[Symbol]| names.iter().any(|s| s.0 == name);
    let mut suggested = None;
    let msg = if place == Place::Struct && is(FIELD_ATTRS) {
        format!(
            "`{name}` is a field attribute, not a struct attribute\n\nhelp: move it onto a field: `#[model({name}{})]`\nhelp: struct attributes are {list}",
            if rest.is_empty() {
                String::new()
            } else {
                format!(" {rest}")
            }
        )
    } else if place == Place::Field && is(STRUCT_ATTRS) {
        format!(
            "`{name}` is a struct attribute, not a field attribute\n\nhelp: move it into the `#[model(...)]` above the struct: `{}`\nhelp: field attributes are {list}",
            example_at(Place::Struct, symbol(&name))
        )
    } else {
        suggested = closest(&name, valid);
        let suggestion = match &suggested {
            Some(best) => format!("help: did you mean `{best}`?\n"),
            None => String::new(),
        };
        let (noun, location) = place.describe();
        format!("unknown {noun} `{name}`{location}\n\n{suggestion}help: valid ones are {list}")
    };
    cx.error_spanned_by(tokens, msg);
    Ok(suggested)
}

/// The symbol spelled `name`, for examples.
fn symbol(name: &str) -> Symbol {
    STRUCT_ATTRS
        .iter()
        .chain(FIELD_ATTRS)
        .chain(INDEX_ATTRS)
        .chain(CHECK_ATTRS)
        .copied()
        .find(|s| s.0 == name)
        .unwrap_or(Symbol(""))
}

/// The candidate nearest to `name` by edit distance, if it is near enough
/// to be a typo.
pub fn closest<'a, I, S>(name: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a S>,
    S: AsRef<str> + ?Sized + 'a,
{
    candidates
        .into_iter()
        .map(|c| (edit_distance(name, c.as_ref()), c.as_ref()))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.to_string())
}

/// Levenshtein distance, case-insensitive.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// What a two-part attribute (a name and columns, a name and an expression)
/// lacks, from `[both, first, second]`; `None` when it has both.
fn missing_parts(
    has_first: bool,
    has_second: bool,
    says: [&'static str; 3],
) -> Option<&'static str> {
    match (has_first, has_second) {
        (false, false) => Some(says[0]),
        (false, true) => Some(says[1]),
        (true, false) => Some(says[2]),
        (true, true) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(
            closest("primay_key", FIELD_ATTRS).as_deref(),
            Some("primary_key")
        );
        assert_eq!(
            closest("maxlength", FIELD_ATTRS).as_deref(),
            Some("max_length")
        );
        assert_eq!(closest("tabel", STRUCT_ATTRS).as_deref(), Some("table"));
        assert_eq!(closest("zzzzzz", FIELD_ATTRS), None);
    }

    #[test]
    fn doc_comments() {
        let item: syn::DeriveInput = syn::parse_quote! {
            /// First line
            ///   continues here.
            ///
            /// Second paragraph.
            #[doc(hidden)]
            struct S;
        };
        assert_eq!(
            doc_comment(&item.attrs).as_deref(),
            Some("First line continues here.\n\nSecond paragraph.")
        );
        let item: syn::DeriveInput = syn::parse_quote! { struct S; };
        assert_eq!(doc_comment(&item.attrs), None);
    }
}
