//! Typed column handles and the filter expressions built from them.
//!
//! `#[derive(Model)]` gives every model a struct of [`Column`]s, one per
//! field, reached with `Model::columns()`. A column knows its model and its
//! field type, so a filter can only compare it with a value of that type
//! (or a borrowed form of it: `&str` for `String`), and only be used in a
//! query of its own model.

use super::value::Value;
use crate::SqlType;
use std::borrow::Cow;
use std::marker::PhantomData;

/// The column of model `M` that holds a field of type `T`.
pub struct Column<M, T> {
    name: &'static str,
    marker: PhantomData<fn() -> (M, T)>,
}

impl<M, T> Clone for Column<M, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<M, T> Copy for Column<M, T> {}

impl<M, T> std::fmt::Debug for Column<M, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Column({})", self.name)
    }
}

/// A value that can be compared with, or stored in, a column of type `T`:
/// a `T` itself, a `T` for an `Option<T>` column, and `&str`/`&String` for
/// text columns.
#[diagnostic::on_unimplemented(
    message = "a `{Self}` cannot be compared with or stored in a column of type `{T}`",
    label = "expected a value for a `{T}` column",
    note = "a column takes values of its field's type (for `String` columns also `&str`)"
)]
pub trait Operand<T> {
    /// The value to bind.
    fn into_value(self) -> Value<'static>;
}

impl<T: SqlType> Operand<T> for T {
    fn into_value(self) -> Value<'static> {
        self.to_value().into_owned()
    }
}

impl<T: SqlType> Operand<Option<T>> for T {
    fn into_value(self) -> Value<'static> {
        self.to_value().into_owned()
    }
}

impl Operand<String> for &str {
    fn into_value(self) -> Value<'static> {
        Value::Text(Cow::Owned(self.to_owned()))
    }
}

impl Operand<Option<String>> for &str {
    fn into_value(self) -> Value<'static> {
        Value::Text(Cow::Owned(self.to_owned()))
    }
}

impl Operand<String> for &String {
    fn into_value(self) -> Value<'static> {
        Value::Text(Cow::Owned(self.clone()))
    }
}

impl Operand<Option<String>> for &String {
    fn into_value(self) -> Value<'static> {
        Value::Text(Cow::Owned(self.clone()))
    }
}

impl Operand<Vec<u8>> for &[u8] {
    fn into_value(self) -> Value<'static> {
        Value::Bytes(Cow::Owned(self.to_vec()))
    }
}

/// Field types that LIKE applies to: `String` and `Option<String>`.
pub trait TextType {}
impl TextType for String {}
impl TextType for Option<String> {}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub(crate) fn sql(self) -> &'static str {
        match self {
            CmpOp::Eq => " = ",
            CmpOp::Ne => " <> ",
            CmpOp::Lt => " < ",
            CmpOp::Le => " <= ",
            CmpOp::Gt => " > ",
            CmpOp::Ge => " >= ",
        }
    }
}

/// The tree of a filter, without its model type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Cmp(&'static str, CmpOp, Value<'static>),
    IsNull(&'static str, bool),
    In(&'static str, Vec<Value<'static>>),
    Like(&'static str, Value<'static>),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
}

/// A filter on rows of model `M`: build it from [`Column`] methods and
/// combine with [`and`](Expr::and), [`or`](Expr::or), [`not`](Expr::not)
/// (or `&`, `|`, `!`).
pub struct Expr<M> {
    pub(crate) node: Node,
    marker: PhantomData<fn() -> M>,
}

impl<M> Clone for Expr<M> {
    fn clone(&self) -> Self {
        Expr::new(self.node.clone())
    }
}

impl<M> std::fmt::Debug for Expr<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.node.fmt(f)
    }
}

impl<M> Expr<M> {
    pub(crate) fn new(node: Node) -> Self {
        Expr {
            node,
            marker: PhantomData,
        }
    }

    /// Both this and `other`.
    pub fn and(self, other: Expr<M>) -> Expr<M> {
        Expr::new(match self.node {
            Node::And(mut all) => {
                all.push(other.node);
                Node::And(all)
            }
            node => Node::And(vec![node, other.node]),
        })
    }

    /// This or `other`.
    pub fn or(self, other: Expr<M>) -> Expr<M> {
        Expr::new(match self.node {
            Node::Or(mut any) => {
                any.push(other.node);
                Node::Or(any)
            }
            node => Node::Or(vec![node, other.node]),
        })
    }

    /// Not this.
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Expr<M> {
        Expr::new(Node::Not(Box::new(self.node)))
    }

    /// All of `exprs` (true when there are none).
    pub fn all(exprs: impl IntoIterator<Item = Expr<M>>) -> Expr<M> {
        Expr::new(Node::And(exprs.into_iter().map(|e| e.node).collect()))
    }

    /// Any of `exprs` (false when there are none).
    pub fn any(exprs: impl IntoIterator<Item = Expr<M>>) -> Expr<M> {
        Expr::new(Node::Or(exprs.into_iter().map(|e| e.node).collect()))
    }
}

impl<M> std::ops::BitAnd for Expr<M> {
    type Output = Expr<M>;
    fn bitand(self, rhs: Expr<M>) -> Expr<M> {
        self.and(rhs)
    }
}

impl<M> std::ops::BitOr for Expr<M> {
    type Output = Expr<M>;
    fn bitor(self, rhs: Expr<M>) -> Expr<M> {
        self.or(rhs)
    }
}

impl<M> std::ops::Not for Expr<M> {
    type Output = Expr<M>;
    fn not(self) -> Expr<M> {
        Expr::not(self)
    }
}

/// A sort key of model `M`: a column, ascending or descending.
#[derive(Debug)]
pub struct Order<M> {
    pub(crate) column: &'static str,
    pub(crate) descending: bool,
    marker: PhantomData<fn() -> M>,
}

impl<M> Clone for Order<M> {
    fn clone(&self) -> Self {
        Order {
            column: self.column,
            descending: self.descending,
            marker: PhantomData,
        }
    }
}

/// `column = value` in an UPDATE of model `M`.
#[derive(Debug)]
pub struct Assignment<M> {
    pub(crate) column: &'static str,
    pub(crate) value: Value<'static>,
    marker: PhantomData<fn() -> M>,
}

impl<M, T> Column<M, T> {
    /// The handle of column `name` (the derive calls this).
    pub const fn new(name: &'static str) -> Self {
        Column {
            name,
            marker: PhantomData,
        }
    }

    /// The column name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    fn cmp(self, op: CmpOp, value: impl Operand<T>) -> Expr<M> {
        let value = value.into_value();
        // `= NULL` is never true; say what is meant.
        Expr::new(match (op, value) {
            (CmpOp::Eq, Value::Null) => Node::IsNull(self.name, true),
            (CmpOp::Ne, Value::Null) => Node::IsNull(self.name, false),
            (op, value) => Node::Cmp(self.name, op, value),
        })
    }

    /// `column = value` (`IS NULL` when `value` is `None`).
    pub fn eq(self, value: impl Operand<T>) -> Expr<M> {
        self.cmp(CmpOp::Eq, value)
    }

    /// `column <> value` (`IS NOT NULL` when `value` is `None`).
    pub fn ne(self, value: impl Operand<T>) -> Expr<M> {
        self.cmp(CmpOp::Ne, value)
    }

    /// `column < value`.
    pub fn lt(self, value: impl Operand<T>) -> Expr<M> {
        self.cmp(CmpOp::Lt, value)
    }

    /// `column <= value`.
    pub fn le(self, value: impl Operand<T>) -> Expr<M> {
        self.cmp(CmpOp::Le, value)
    }

    /// `column > value`.
    pub fn gt(self, value: impl Operand<T>) -> Expr<M> {
        self.cmp(CmpOp::Gt, value)
    }

    /// `column >= value`.
    pub fn ge(self, value: impl Operand<T>) -> Expr<M> {
        self.cmp(CmpOp::Ge, value)
    }

    /// `column IN (values...)`; false when `values` is empty.
    pub fn is_in<V: Operand<T>>(self, values: impl IntoIterator<Item = V>) -> Expr<M> {
        Expr::new(Node::In(
            self.name,
            values.into_iter().map(Operand::into_value).collect(),
        ))
    }

    /// Ascending order on this column.
    pub fn asc(self) -> Order<M> {
        Order {
            column: self.name,
            descending: false,
            marker: PhantomData,
        }
    }

    /// Descending order on this column.
    pub fn desc(self) -> Order<M> {
        Order {
            column: self.name,
            descending: true,
            marker: PhantomData,
        }
    }

    /// `column = value`, for [`Select::update`](super::Select::update).
    pub fn set(self, value: impl Operand<T>) -> Assignment<M> {
        Assignment {
            column: self.name,
            value: value.into_value(),
            marker: PhantomData,
        }
    }
}

impl<M, T> Column<M, Option<T>> {
    /// `column IS NULL`.
    pub fn is_null(self) -> Expr<M> {
        Expr::new(Node::IsNull(self.name, true))
    }

    /// `column IS NOT NULL`.
    pub fn is_not_null(self) -> Expr<M> {
        Expr::new(Node::IsNull(self.name, false))
    }
}

impl<M, T: TextType> Column<M, T> {
    /// `column LIKE pattern` (`%` any text, `_` one character). Case
    /// sensitivity is the database's: SQLite ignores ASCII case,
    /// PostgreSQL does not.
    pub fn like(self, pattern: &str) -> Expr<M> {
        Expr::new(Node::Like(
            self.name,
            Value::Text(Cow::Owned(pattern.to_owned())),
        ))
    }
}
