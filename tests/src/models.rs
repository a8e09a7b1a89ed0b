//! A model set that uses every supported type, default form, index,
//! constraint and foreign key: created in a fresh database, introspected and
//! diffed against itself, it must give an empty diff on both databases.
//!
//! Field doc comments would become column comments and are part of what is
//! tested, so only some fields have them.
#![allow(missing_docs)]

use migrate_core::Model;
use migrate_core::schema::Schema;

/// A team of users.
#[derive(Model)]
#[model(unique(name = "team_name_org_key", columns("name", "org")))]
pub struct Team {
    #[model(primary_key)]
    pub id: i64,
    #[model(max_length = 64)]
    pub name: String,
    /// Organisation code.
    #[model(max_length = 16, default = "'acme'")]
    pub org: String,
}

/// People who can sign in.
#[derive(Model)]
#[model(
    table = "user",
    index(name = "user_name_idx", columns("name")),
    index(name = "user_team_name_idx", columns("team_id", "name"), unique),
    check(name = "user_score_positive", expr = "score >= 0")
)]
pub struct User {
    #[model(primary_key)]
    pub user_id: i64,
    #[model(max_length = 64)]
    pub name: String,
    /// Where we write to them.
    #[model(max_length = 64, unique)]
    pub email: String,
    pub password: String,
    pub token: Option<String>,
    #[model(default = "CURRENT_TIMESTAMP", sql_type = "timestamp")]
    pub created_at: String,
    #[model(references = "team.id", on_delete = "cascade", on_update = "set null")]
    pub team_id: Option<i64>,
    #[model(default = "0", index)]
    pub score: i32,
    #[model(column = "Display Name", default = "'it''s me'")]
    pub display_name: String,
    #[model(skip)]
    pub cached: Vec<String>,
}

/// One column per supported type, nullable and not.
#[derive(Model)]
#[model(table = "every_type")]
pub struct EveryType {
    #[model(primary_key)]
    pub id: i32,
    pub small: i16,
    pub small_null: Option<i16>,
    pub int: i32,
    #[model(default = "-1")]
    pub int_null: Option<i32>,
    pub big: i64,
    pub big_null: Option<i64>,
    pub real: f32,
    #[model(default = "1.5")]
    pub double: f64,
    pub double_null: Option<f64>,
    #[model(default = "true")]
    pub flag: bool,
    #[model(default = "false")]
    pub flag_null: Option<bool>,
    #[model(default = "''")]
    pub text: String,
    pub text_null: Option<String>,
    #[model(max_length = 255)]
    pub varchar_null: Option<String>,
    pub bytes: Vec<u8>,
    pub bytes_null: Option<Vec<u8>>,
    pub date: chrono::NaiveDate,
    pub time: Option<chrono::NaiveTime>,
    #[model(default = "CURRENT_TIMESTAMP")]
    pub stamp: chrono::NaiveDateTime,
    pub stamp_tz: Option<chrono::DateTime<chrono::Utc>>,
    pub uuid: uuid::Uuid,
    #[model(default = "'{}'")]
    pub json: serde_json::Value,
    pub decimal: Option<rust_decimal::Decimal>,
    #[model(sql_type = "NUMERIC(10, 2)", default = "0")]
    pub price: rust_decimal::Decimal,
    #[model(sql_type = "VARCHAR(20)")]
    pub code: Option<String>,
}

/// A composite primary key, a self-reference and a set-null foreign key.
#[derive(Model)]
#[model(
    table = "Membership",
    check(name = "membership_role_known", expr = "role IN ('admin', 'member')")
)]
pub struct Membership {
    #[model(primary_key, references = "user.user_id", on_delete = "cascade")]
    pub user_id: i64,
    #[model(primary_key, references = "team.id", on_delete = "restrict")]
    pub team_id: i64,
    #[model(max_length = 16, default = "'member'")]
    pub role: String,
    #[model(references = "user.user_id", on_delete = "set null")]
    pub invited_by: Option<i64>,
}

/// The model set as a schema.
pub fn schema() -> Schema {
    Schema::new(vec![
        Team::table(),
        User::table(),
        EveryType::table(),
        Membership::table(),
    ])
}
