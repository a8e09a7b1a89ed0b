//! [`Select`]: the query builder of a model, and the SQL it renders.
//!
//! Every value goes into the statement as a parameter (`?1` on SQLite, `$1`
//! on PostgreSQL), never into its text; limits and offsets too, so that one
//! prepared statement serves every page.

use super::cache::Sql;
use super::column::{Assignment, Expr, Node, Order};
use super::connection::Connection;
use super::error::{Error, Result};
use super::record::{Record, Statements};
use super::value::{Value, ValueRef};
use crate::dialect::{Dialect, quote_ident};
use std::fmt::Write;
use std::marker::PhantomData;

/// SQL text and its parameters, built together.
pub(crate) struct SqlWriter<'v> {
    pub sql: String,
    pub params: Vec<Value<'v>>,
    /// The column each parameter is compared with or written to.
    pub columns: Vec<&'v str>,
    prefix: char,
}

impl<'v> SqlWriter<'v> {
    pub fn new(dialect: Dialect) -> Self {
        SqlWriter {
            sql: String::with_capacity(128),
            params: Vec::new(),
            columns: Vec::new(),
            prefix: placeholder(dialect),
        }
    }

    /// Appends a placeholder for `value`.
    pub fn param(&mut self, column: &'v str, value: Value<'v>) {
        self.params.push(value);
        self.columns.push(column);
        let _ = write!(self.sql, "{}{}", self.prefix, self.params.len());
    }

    pub fn ident(&mut self, name: &str) {
        self.sql.push_str(&quote_ident(name));
    }

    fn node(&mut self, node: &'v Node) {
        match node {
            Node::Cmp(column, op, value) => {
                self.ident(column);
                self.sql.push_str(op.sql());
                self.param(column, value.reborrow());
            }
            Node::IsNull(column, null) => {
                self.ident(column);
                self.sql
                    .push_str(if *null { " IS NULL" } else { " IS NOT NULL" });
            }
            Node::In(_, values) if values.is_empty() => self.sql.push_str("1 = 0"),
            Node::In(column, values) => {
                self.ident(column);
                self.sql.push_str(" IN (");
                for (i, value) in values.iter().enumerate() {
                    if i > 0 {
                        self.sql.push_str(", ");
                    }
                    self.param(column, value.reborrow());
                }
                self.sql.push(')');
            }
            Node::Like(column, pattern) => {
                self.ident(column);
                self.sql.push_str(" LIKE ");
                self.param(column, pattern.reborrow());
            }
            Node::And(all) if all.is_empty() => self.sql.push_str("1 = 1"),
            Node::Or(any) if any.is_empty() => self.sql.push_str("1 = 0"),
            Node::And(nodes) | Node::Or(nodes) => {
                let joiner = if matches!(node, Node::And(_)) {
                    " AND "
                } else {
                    " OR "
                };
                self.sql.push('(');
                for (i, n) in nodes.iter().enumerate() {
                    if i > 0 {
                        self.sql.push_str(joiner);
                    }
                    self.node(n);
                }
                self.sql.push(')');
            }
            Node::Not(inner) => {
                self.sql.push_str("NOT (");
                self.node(inner);
                self.sql.push(')');
            }
        }
    }
}

/// `?` on SQLite (`?1`, `?2`), `$` on PostgreSQL (`$1`, `$2`).
pub(crate) fn placeholder(dialect: Dialect) -> char {
    match dialect {
        Dialect::Sqlite => '?',
        Dialect::Postgres => '$',
    }
}

/// A query on the rows of model `M`: filters, order, limit and offset,
/// then one of `all`, `first`, `one`, `one_or_none`, `count`, `exists`,
/// `delete` or `update`. Start one with `M::query()`.
pub struct Select<M> {
    filter: Option<Node>,
    order: Vec<(&'static str, bool)>,
    limit: Option<u64>,
    offset: Option<u64>,
    marker: PhantomData<fn() -> M>,
}

impl<M> Clone for Select<M> {
    fn clone(&self) -> Self {
        Select {
            filter: self.filter.clone(),
            order: self.order.clone(),
            limit: self.limit,
            offset: self.offset,
            marker: PhantomData,
        }
    }
}

impl<M> std::fmt::Debug for Select<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Select")
            .field("filter", &self.filter)
            .field("order", &self.order)
            .field("limit", &self.limit)
            .field("offset", &self.offset)
            .finish()
    }
}

impl<M: Record> Default for Select<M> {
    fn default() -> Self {
        Select::new()
    }
}

/// What a query selects.
#[derive(Clone, Copy)]
enum Shape {
    Rows,
    Count,
    Exists,
}

impl<M: Record> Select<M> {
    /// Every row of `M`.
    pub fn new() -> Self {
        Select {
            filter: None,
            order: Vec::new(),
            limit: None,
            offset: None,
            marker: PhantomData,
        }
    }

    /// Keeps the rows that match `expr` (and every earlier filter).
    pub fn filter(mut self, expr: Expr<M>) -> Self {
        self.filter = Some(match self.filter.take() {
            None => expr.node,
            Some(Node::And(mut all)) => {
                all.push(expr.node);
                Node::And(all)
            }
            Some(node) => Node::And(vec![node, expr.node]),
        });
        self
    }

    /// Sorts by `order` (after any earlier sort keys).
    pub fn order_by(mut self, order: Order<M>) -> Self {
        self.order.push((order.column, order.descending));
        self
    }

    /// At most `n` rows.
    pub fn limit(mut self, n: u64) -> Self {
        self.limit = Some(n);
        self
    }

    /// Skips the first `n` rows.
    pub fn offset(mut self, n: u64) -> Self {
        self.offset = Some(n);
        self
    }

    /// The SELECT this query runs for [`all`](Select::all), and its
    /// parameters.
    pub fn to_sql(&self, dialect: Dialect) -> (String, Vec<Value<'_>>) {
        let w = self.render(M::__statements(dialect), Shape::Rows, self.limit);
        (w.sql, w.params)
    }

    fn render(&self, st: &'static Statements, shape: Shape, limit: Option<u64>) -> SqlWriter<'_> {
        let mut w = SqlWriter::new(st.dialect);
        let paged = limit.is_some() || self.offset.is_some();
        match shape {
            Shape::Rows => {
                w.sql.push_str("SELECT ");
                w.sql.push_str(&st.select_list);
            }
            Shape::Count if paged => w.sql.push_str("SELECT COUNT(*) FROM (SELECT 1"),
            Shape::Count => w.sql.push_str("SELECT COUNT(*)"),
            Shape::Exists => w.sql.push_str("SELECT EXISTS (SELECT 1"),
        }
        w.sql.push_str(" FROM ");
        w.sql.push_str(&st.quoted_table);
        self.where_clause(&mut w);
        if !self.order.is_empty() {
            w.sql.push_str(" ORDER BY ");
            for (i, (column, descending)) in self.order.iter().enumerate() {
                if i > 0 {
                    w.sql.push_str(", ");
                }
                w.ident(column);
                if *descending {
                    w.sql.push_str(" DESC");
                }
            }
        }
        self.paging(&mut w, limit);
        match shape {
            Shape::Count if paged => w.sql.push_str(") AS counted"),
            Shape::Exists => w.sql.push(')'),
            _ => {}
        }
        w
    }

    fn where_clause<'s>(&'s self, w: &mut SqlWriter<'s>) {
        if let Some(filter) = &self.filter {
            w.sql.push_str(" WHERE ");
            w.node(filter);
        }
    }

    fn paging<'s>(&'s self, w: &mut SqlWriter<'s>, limit: Option<u64>) {
        match (limit, self.offset) {
            (None, None) => {}
            (limit, offset) => {
                // SQLite needs a LIMIT before an OFFSET; -1 is none.
                w.sql.push_str(" LIMIT ");
                let limit = limit.map_or(-1, |n| n.min(i64::MAX as u64) as i64);
                match (w.prefix, limit) {
                    ('$', -1) => w.sql.push_str("ALL"),
                    _ => w.param("LIMIT", Value::Int(limit)),
                }
                if let Some(offset) = offset {
                    w.sql.push_str(" OFFSET ");
                    w.param("OFFSET", Value::Int(offset.min(i64::MAX as u64) as i64));
                }
            }
        }
    }

    fn rows(&self, conn: &mut Connection, limit: Option<u64>) -> Result<Vec<M>> {
        let st = M::__statements(conn.dialect());
        let w = self.render(st, Shape::Rows, limit);
        let mut out = Vec::new();
        let cx = st.context(&w.columns);
        conn.query(Sql::Built(&w.sql), &w.params, &cx, |row| {
            out.push(M::__read(row)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// Every matching row.
    pub fn all(&self, conn: &mut Connection) -> Result<Vec<M>> {
        self.rows(conn, self.limit)
    }

    /// The first matching row (in the query's order), if any.
    pub fn first(&self, conn: &mut Connection) -> Result<Option<M>> {
        let limit = Some(self.limit.map_or(1, |n| n.min(1)));
        Ok(self.rows(conn, limit)?.into_iter().next())
    }

    /// The matching row when there is at most one; [`Error::MoreThanOne`]
    /// when there are several.
    pub fn one_or_none(&self, conn: &mut Connection) -> Result<Option<M>> {
        let limit = Some(self.limit.map_or(2, |n| n.min(2)));
        let mut rows = self.rows(conn, limit)?;
        if rows.len() > 1 {
            return Err(Error::MoreThanOne {
                table: M::TABLE_NAME.to_string(),
            });
        }
        Ok(rows.pop())
    }

    /// The one matching row: [`Error::NotFound`] when there is none,
    /// [`Error::MoreThanOne`] when there are several.
    pub fn one(&self, conn: &mut Connection) -> Result<M> {
        self.one_or_none(conn)?.ok_or_else(|| Error::NotFound {
            table: M::TABLE_NAME.to_string(),
            key: "the filter".into(),
        })
    }

    fn scalar(&self, conn: &mut Connection, shape: Shape) -> Result<i64> {
        let st = M::__statements(conn.dialect());
        let w = self.render(st, shape, self.limit);
        let mut value = 0;
        let cx = st.context(&w.columns);
        conn.query(Sql::Built(&w.sql), &w.params, &cx, |row| {
            value = match row.get(0) {
                Ok(ValueRef::Int(i)) => i,
                Ok(ValueRef::Bool(b)) => i64::from(b),
                other => {
                    return Err(Error::Database {
                        message: format!("unexpected result {other:?}"),
                        statement: w.sql.clone(),
                    });
                }
            };
            Ok(())
        })?;
        Ok(value)
    }

    /// The number of matching rows (within the limit and offset).
    pub fn count(&self, conn: &mut Connection) -> Result<u64> {
        Ok(self.scalar(conn, Shape::Count)? as u64)
    }

    /// Whether any row matches.
    pub fn exists(&self, conn: &mut Connection) -> Result<bool> {
        Ok(self.scalar(conn, Shape::Exists)? != 0)
    }

    /// The WHERE clause of a DELETE or UPDATE: the filter, or with an order,
    /// limit or offset, the keys of the rows the query would select.
    fn target<'s>(&'s self, st: &'static Statements, w: &mut SqlWriter<'s>) {
        let paged = self.limit.is_some() || self.offset.is_some();
        if !paged {
            self.where_clause(w);
            return;
        }
        w.sql.push_str(" WHERE (");
        w.sql.push_str(&st.key_list);
        w.sql.push_str(") IN (SELECT ");
        w.sql.push_str(&st.key_list);
        w.sql.push_str(" FROM ");
        w.sql.push_str(&st.quoted_table);
        self.where_clause(w);
        if !self.order.is_empty() {
            w.sql.push_str(" ORDER BY ");
            for (i, (column, descending)) in self.order.iter().enumerate() {
                if i > 0 {
                    w.sql.push_str(", ");
                }
                w.ident(column);
                if *descending {
                    w.sql.push_str(" DESC");
                }
            }
        }
        self.paging(w, self.limit);
        w.sql.push(')');
    }

    /// Deletes the matching rows; returns how many.
    pub fn delete(&self, conn: &mut Connection) -> Result<u64> {
        let st = M::__statements(conn.dialect());
        let mut w = SqlWriter::new(st.dialect);
        w.sql.push_str("DELETE FROM ");
        w.sql.push_str(&st.quoted_table);
        self.target(st, &mut w);
        let mut cx = st.context(&w.columns);
        cx.removes = true;
        conn.run(Sql::Built(&w.sql), &w.params, &cx)
    }

    /// Sets columns of the matching rows; returns how many rows changed.
    ///
    /// ```no_run
    /// # use migrate_core::{Model, Record, orm::Connection};
    /// # #[derive(Model)] struct User { #[model(primary_key)] id: i64, name: String, active: bool }
    /// # let mut conn = Connection::open("sqlite::memory:")?;
    /// let c = User::columns();
    /// User::query()
    ///     .filter(c.name.like("test-%"))
    ///     .update(&mut conn, [c.active.set(false)])?;
    /// # Ok::<(), migrate_core::orm::Error>(())
    /// ```
    pub fn update(
        &self,
        conn: &mut Connection,
        assignments: impl IntoIterator<Item = Assignment<M>>,
    ) -> Result<u64> {
        let assignments: Vec<Assignment<M>> = assignments.into_iter().collect();
        if assignments.is_empty() {
            return Ok(0);
        }
        let st = M::__statements(conn.dialect());
        let mut w = SqlWriter::new(st.dialect);
        w.sql.push_str("UPDATE ");
        w.sql.push_str(&st.quoted_table);
        w.sql.push_str(" SET ");
        for (i, a) in assignments.iter().enumerate() {
            if i > 0 {
                w.sql.push_str(", ");
            }
            w.ident(a.column);
            w.sql.push_str(" = ");
            w.param(a.column, a.value.reborrow());
        }
        self.target(st, &mut w);
        let cx = st.context(&w.columns);
        conn.run(Sql::Built(&w.sql), &w.params, &cx)
    }
}
