//! What `#[derive(Model)]` builds: each model's table compared with the
//! same table built by hand, and the registry entries it adds.

// The models are only ever read as tables, never built as values.
#![allow(dead_code)]

use migrate_core::schema::{
    CheckConstraint, Column, ColumnType, FkAction, ForeignKey, Index, Table, UniqueConstraint,
};
use migrate_core::{Model, SqlType, registry};

// The example of DESIGN.md §1, as a user writes it.

#[derive(Model)]
pub struct Team {
    #[model(primary_key)]
    pub id: i64,
    pub name: String,
}

/// People who can sign in.
#[derive(Model)]
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

#[test]
fn team_table() {
    assert_eq!(Team::TABLE_NAME, "team");
    let expected = Table::new("team")
        .column(Column::new("id", ColumnType::BigInt).autoincrement())
        .column(Column::new("name", ColumnType::Text))
        .primary_key(&["id"]);
    assert_eq!(Team::table(), expected);
}

#[test]
fn user_table() {
    assert_eq!(User::TABLE_NAME, "user");
    let expected = Table::new("user")
        .comment("People who can sign in.")
        .column(Column::new("user_id", ColumnType::BigInt).autoincrement())
        .column(Column::new("name", ColumnType::Varchar(64)))
        .column(Column::new("email", ColumnType::Varchar(64)))
        .column(Column::new("password", ColumnType::Text))
        .column(Column::new("token", ColumnType::Text).nullable())
        .column(Column::new("created_at", ColumnType::Text).default("CURRENT_TIMESTAMP"))
        .column(Column::new("team_id", ColumnType::BigInt).nullable())
        .primary_key(&["user_id"])
        .index(Index::new("user_name_idx", &["name"]))
        .unique(UniqueConstraint::new("user_email_key", &["email"]))
        .foreign_key(
            ForeignKey::new("user_team_id_fkey", &["team_id"], "team", &["id"])
                .on_delete(FkAction::Cascade),
        );
    assert_eq!(User::table(), expected);
}

// Every attribute at once.

/// A user-defined column type.
pub struct Email(pub String);

impl SqlType for Email {
    fn column_type() -> ColumnType {
        ColumnType::Varchar(320)
    }
}

/// Not a column type at all: only usable with `sql_type` or `skip`.
pub struct Tags(pub Vec<String>);

/// Who belongs to which team.
///
/// One row per membership;
/// a user may be in several teams.
#[derive(Model)]
#[model(
    table = "memberships",
    renamed_from = "team_members",
    index(name = "membership_role_idx", columns("role", "joined"), unique),
    index(name = "membership_contact_idx", columns("contact")),
    unique(name = "membership_nick_key", columns("team", "nickname")),
    check(name = "membership_role_check", expr = "role IN ('owner', 'member')"),
    check(
        name = "membership_score_check",
        expr = "score IS NULL OR (score >= 0 AND length(role) > 0)"
    )
)]
pub struct Membership {
    #[model(
        primary_key,
        references = "team.id",
        on_delete = "CASCADE",
        on_update = "no_action"
    )]
    pub team: i64,
    /// The member.
    #[model(
        primary_key,
        column = "user",
        references = "user.user_id",
        on_delete = "restrict"
    )]
    pub r#user_id: i64,
    /// The role:
    /// owner or member.
    #[model(max_length = 16, default = "'member'", index)]
    pub role: String,
    #[model(
        sql_type = "TIMESTAMP WITH TIME ZONE",
        column = "joined",
        renamed_from = "joined_at"
    )]
    pub joined_at: Option<String>,
    #[model(unique, renamed_from = "nick", max_length = 32)]
    pub nickname: Option<String>,
    #[model(sql_type = "TEXT[]")]
    pub tags: Tags,
    #[model(column = "contact_email")]
    pub contact: Option<Email>,
    #[model(
        on_delete = "set null",
        on_update = "set default",
        references = "user.user_id"
    )]
    pub invited_by: Option<i64>,
    pub score: Option<f64>,
    #[model(default = "0")]
    pub flags: i16,
    pub active: bool,
    pub avatar: Option<Vec<u8>>,
    #[model(skip)]
    pub cache: Vec<Tags>,
}

#[test]
fn membership_table() {
    let expected = Table::new("memberships")
        .comment(
            "Who belongs to which team.\n\nOne row per membership; a user may be in several teams.",
        )
        .renamed_from("team_members")
        // A composite key does not auto-increment.
        .column(Column::new("team", ColumnType::BigInt))
        .column(Column::new("user", ColumnType::BigInt).comment("The member."))
        .column(
            Column::new("role", ColumnType::Varchar(16))
                .default("'member'")
                .comment("The role: owner or member."),
        )
        .column(
            Column::new(
                "joined",
                ColumnType::Custom("TIMESTAMP WITH TIME ZONE".into()),
            )
            .nullable()
            .renamed_from("joined_at"),
        )
        .column(
            Column::new("nickname", ColumnType::Varchar(32))
                .nullable()
                .renamed_from("nick"),
        )
        .column(Column::new("tags", ColumnType::Custom("TEXT[]".into())))
        .column(Column::new("contact_email", ColumnType::Varchar(320)).nullable())
        .column(Column::new("invited_by", ColumnType::BigInt).nullable())
        .column(Column::new("score", ColumnType::Double).nullable())
        .column(Column::new("flags", ColumnType::SmallInt).default("0"))
        .column(Column::new("active", ColumnType::Boolean))
        .column(Column::new("avatar", ColumnType::Blob).nullable())
        .primary_key(&["team", "user"])
        .index(Index::new("membership_role_idx", &["role", "joined"]).unique())
        // A field name in `columns(...)` becomes its column name.
        .index(Index::new("membership_contact_idx", &["contact_email"]))
        .index(Index::new("ix_memberships_role", &["role"]))
        .unique(UniqueConstraint::new(
            "membership_nick_key",
            &["team", "nickname"],
        ))
        .unique(UniqueConstraint::new(
            "memberships_nickname_key",
            &["nickname"],
        ))
        .foreign_key(
            ForeignKey::new("memberships_team_fkey", &["team"], "team", &["id"])
                .on_delete(FkAction::Cascade)
                .on_update(FkAction::NoAction),
        )
        .foreign_key(
            ForeignKey::new("memberships_user_fkey", &["user"], "user", &["user_id"])
                .on_delete(FkAction::Restrict),
        )
        .foreign_key(
            ForeignKey::new(
                "memberships_invited_by_fkey",
                &["invited_by"],
                "user",
                &["user_id"],
            )
            .on_delete(FkAction::SetNull)
            .on_update(FkAction::SetDefault),
        )
        .check(CheckConstraint::new(
            "membership_role_check",
            "role IN ('owner', 'member')",
        ))
        .check(CheckConstraint::new(
            "membership_score_check",
            "score IS NULL OR (score >= 0 AND length(role) > 0)",
        ));
    assert_eq!(Membership::table(), expected);
}

// Default table names and the auto-increment convention.

#[derive(Model)]
pub struct UserProfile {
    #[model(primary_key)]
    pub id: i32,
}

#[derive(Model)]
pub struct HTTPLog {
    #[model(primary_key)]
    pub id: i16,
    pub r#type: String,
}

#[derive(Model)]
pub struct Setting {
    #[model(primary_key)]
    pub key: String,
}

#[test]
fn default_table_names() {
    assert_eq!(UserProfile::TABLE_NAME, "user_profile");
    assert_eq!(UserProfile::table().name, "user_profile");
    assert_eq!(HTTPLog::TABLE_NAME, "http_log");
    assert_eq!(HTTPLog::table().columns[1].name, "type");
}

#[test]
fn only_a_single_integer_key_auto_increments() {
    assert!(UserProfile::table().columns[0].autoincrement);
    assert!(HTTPLog::table().columns[0].autoincrement);
    assert!(!Setting::table().columns[0].autoincrement);
    assert!(Membership::table().columns.iter().all(|c| !c.autoincrement));
}

// The registry.

fn entry(type_name: &str) -> &'static registry::ModelEntry {
    registry::MIGRATE_MODELS
        .iter()
        .find(|e| e.type_name == type_name)
        .unwrap_or_else(|| panic!("{type_name} is not registered"))
}

#[test]
fn models_are_registered() {
    let user = entry(concat!(module_path!(), "::User"));
    assert_eq!((user.table)(), User::table());
    assert!(user.file.ends_with("behaviour.rs"), "{}", user.file);
    assert!(user.line > 0);

    let membership = entry(concat!(module_path!(), "::Membership"));
    assert_eq!((membership.table)().name, "memberships");
    // `r#` is not part of a type name.
    entry(concat!(module_path!(), "::HTTPLog"));
}

#[test]
fn registered_models_fit_together() {
    let entries =
        ["Team", "User", "Membership"].map(|name| entry(&format!("{}::{name}", module_path!())));
    let schema = registry::schema_from(entries).expect("the models are consistent");
    let names: Vec<&str> = schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["memberships", "team", "user"]);
}
