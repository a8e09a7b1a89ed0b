//! Tables, columns and constraints.

use super::ColumnType;
use std::fmt;

/// A table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Table name.
    pub name: String,
    /// Columns, in declaration order.
    pub columns: Vec<Column>,
    /// Primary key, if any.
    pub primary_key: Option<PrimaryKey>,
    /// Indexes (not those that back unique or primary-key constraints).
    pub indexes: Vec<Index>,
    /// Unique constraints.
    pub unique_constraints: Vec<UniqueConstraint>,
    /// Foreign keys.
    pub foreign_keys: Vec<ForeignKey>,
    /// Named CHECK constraints.
    pub check_constraints: Vec<CheckConstraint>,
    /// Table comment.
    pub comment: Option<String>,
    /// The name this table had before (models only): autogenerate renames it.
    pub renamed_from: Option<String>,
    /// Storage options (SQLite `STRICT`, `WITHOUT ROWID`).
    pub options: TableOptions,
    /// Triggers on this table, as their full `CREATE TRIGGER` text. Read by
    /// SQLite introspection so that table rebuilds can recreate them; the
    /// diff ignores them.
    pub triggers: Vec<String>,
}

/// SQLite table options, kept through table rebuilds. PostgreSQL ignores them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct TableOptions {
    /// SQLite `STRICT`.
    pub strict: bool,
    /// SQLite `WITHOUT ROWID`.
    pub without_rowid: bool,
}

/// A column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Column name.
    pub name: String,
    /// Column type.
    pub ty: ColumnType,
    /// Whether NULL is allowed.
    pub nullable: bool,
    /// Server default: an SQL expression, verbatim.
    pub default: Option<String>,
    /// Auto-increment (SQLite `INTEGER PRIMARY KEY`, PostgreSQL identity).
    pub autoincrement: bool,
    /// Column comment.
    pub comment: Option<String>,
    /// The name this column had before (models only): autogenerate renames it.
    pub renamed_from: Option<String>,
}

/// A primary key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrimaryKey {
    /// Constraint name, when known.
    pub name: Option<String>,
    /// Key columns, in order.
    pub columns: Vec<String>,
}

/// An index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    /// Index name.
    pub name: String,
    /// Indexed columns, in order.
    pub columns: Vec<String>,
    /// Whether the index is unique.
    pub unique: bool,
}

/// A unique constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UniqueConstraint {
    /// Constraint name.
    pub name: String,
    /// Columns, in order.
    pub columns: Vec<String>,
}

/// What a foreign key does when the referenced row is deleted or updated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum FkAction {
    /// `NO ACTION` (the default).
    #[default]
    NoAction,
    /// `RESTRICT`
    Restrict,
    /// `CASCADE`
    Cascade,
    /// `SET NULL`
    SetNull,
    /// `SET DEFAULT`
    SetDefault,
}

impl FkAction {
    /// Parses `cascade`, `set null`, `SET_NULL`, `no action`, ... (any case).
    pub fn parse(s: &str) -> Option<FkAction> {
        let norm: String = s
            .trim()
            .chars()
            .map(|c| {
                if c == '_' || c == '-' {
                    ' '
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        match norm
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .as_str()
        {
            "no action" => Some(Self::NoAction),
            "restrict" => Some(Self::Restrict),
            "cascade" => Some(Self::Cascade),
            "set null" => Some(Self::SetNull),
            "set default" => Some(Self::SetDefault),
            _ => None,
        }
    }

    /// The SQL spelling.
    pub fn as_sql(self) -> &'static str {
        match self {
            Self::NoAction => "NO ACTION",
            Self::Restrict => "RESTRICT",
            Self::Cascade => "CASCADE",
            Self::SetNull => "SET NULL",
            Self::SetDefault => "SET DEFAULT",
        }
    }
}

impl fmt::Display for FkAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_sql())
    }
}

/// A foreign key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignKey {
    /// Constraint name.
    pub name: String,
    /// Referencing columns.
    pub columns: Vec<String>,
    /// Referenced table.
    pub ref_table: String,
    /// Referenced columns.
    pub ref_columns: Vec<String>,
    /// ON DELETE action.
    pub on_delete: FkAction,
    /// ON UPDATE action.
    pub on_update: FkAction,
}

/// A named CHECK constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckConstraint {
    /// Constraint name.
    pub name: String,
    /// The boolean SQL expression.
    pub expr: String,
}

impl Column {
    /// A NOT NULL column of type `ty`.
    pub fn new(name: impl Into<String>, ty: ColumnType) -> Self {
        Column {
            name: name.into(),
            ty,
            nullable: false,
            default: None,
            autoincrement: false,
            comment: None,
            renamed_from: None,
        }
    }

    /// Allows NULL.
    pub fn nullable(mut self) -> Self {
        self.nullable = true;
        self
    }

    /// Sets whether NULL is allowed.
    pub fn set_nullable(mut self, nullable: bool) -> Self {
        self.nullable = nullable;
        self
    }

    /// Sets the server default (an SQL expression).
    pub fn default(mut self, expr: impl Into<String>) -> Self {
        self.default = Some(expr.into());
        self
    }

    /// Marks the column auto-increment.
    pub fn autoincrement(mut self) -> Self {
        self.autoincrement = true;
        self
    }

    /// Sets the column comment.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// Records the column's former name.
    pub fn renamed_from(mut self, old: impl Into<String>) -> Self {
        self.renamed_from = Some(old.into());
        self
    }
}

impl Index {
    /// A non-unique index.
    pub fn new(name: impl Into<String>, columns: &[&str]) -> Self {
        Index {
            name: name.into(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            unique: false,
        }
    }

    /// Makes the index unique.
    pub fn unique(mut self) -> Self {
        self.unique = true;
        self
    }
}

impl UniqueConstraint {
    /// A unique constraint.
    pub fn new(name: impl Into<String>, columns: &[&str]) -> Self {
        UniqueConstraint {
            name: name.into(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
        }
    }
}

impl CheckConstraint {
    /// A check constraint.
    pub fn new(name: impl Into<String>, expr: impl Into<String>) -> Self {
        CheckConstraint {
            name: name.into(),
            expr: expr.into(),
        }
    }
}

impl PrimaryKey {
    /// A primary key over `columns`.
    pub fn new(columns: &[&str]) -> Self {
        PrimaryKey {
            name: None,
            columns: columns.iter().map(|c| c.to_string()).collect(),
        }
    }

    /// Names the constraint.
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

impl ForeignKey {
    /// A foreign key `columns -> ref_table(ref_columns)` with NO ACTION.
    pub fn new(
        name: impl Into<String>,
        columns: &[&str],
        ref_table: impl Into<String>,
        ref_columns: &[&str],
    ) -> Self {
        ForeignKey {
            name: name.into(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            ref_table: ref_table.into(),
            ref_columns: ref_columns.iter().map(|c| c.to_string()).collect(),
            on_delete: FkAction::NoAction,
            on_update: FkAction::NoAction,
        }
    }

    /// Sets ON DELETE.
    pub fn on_delete(mut self, action: FkAction) -> Self {
        self.on_delete = action;
        self
    }

    /// Sets ON UPDATE.
    pub fn on_update(mut self, action: FkAction) -> Self {
        self.on_update = action;
        self
    }
}

impl Table {
    /// An empty table.
    pub fn new(name: impl Into<String>) -> Self {
        Table {
            name: name.into(),
            columns: Vec::new(),
            primary_key: None,
            indexes: Vec::new(),
            unique_constraints: Vec::new(),
            foreign_keys: Vec::new(),
            check_constraints: Vec::new(),
            comment: None,
            renamed_from: None,
            options: TableOptions::default(),
            triggers: Vec::new(),
        }
    }

    /// Adds a column.
    pub fn column(mut self, column: Column) -> Self {
        self.columns.push(column);
        self
    }

    /// Sets the primary key.
    pub fn primary_key(mut self, columns: &[&str]) -> Self {
        self.primary_key = Some(PrimaryKey::new(columns));
        self
    }

    /// Adds an index.
    pub fn index(mut self, index: Index) -> Self {
        self.indexes.push(index);
        self
    }

    /// Adds a unique constraint.
    pub fn unique(mut self, unique: UniqueConstraint) -> Self {
        self.unique_constraints.push(unique);
        self
    }

    /// Adds a foreign key.
    pub fn foreign_key(mut self, fk: ForeignKey) -> Self {
        self.foreign_keys.push(fk);
        self
    }

    /// Adds a check constraint.
    pub fn check(mut self, check: CheckConstraint) -> Self {
        self.check_constraints.push(check);
        self
    }

    /// Sets the table comment.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// Records the table's former name.
    pub fn renamed_from(mut self, old: impl Into<String>) -> Self {
        self.renamed_from = Some(old.into());
        self
    }

    /// Sets SQLite table options.
    pub fn options(mut self, options: TableOptions) -> Self {
        self.options = options;
        self
    }

    /// The column called `name`.
    pub fn get_column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The column called `name`, mutably.
    pub fn get_column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.name == name)
    }

    /// True when `name` is the table's single auto-increment primary key column.
    pub fn is_rowid_pk(&self, name: &str) -> bool {
        matches!(&self.primary_key, Some(pk) if pk.columns.len() == 1 && pk.columns[0] == name)
            && self.get_column(name).is_some_and(|c| c.autoincrement)
    }
}
