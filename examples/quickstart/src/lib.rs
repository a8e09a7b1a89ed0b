//! The models of the quickstart example (DESIGN.md §1).

use migrate_core::Model;

/// A team of people.
#[derive(Model)]
pub struct Team {
    /// Key.
    #[model(primary_key)]
    pub id: i64,
    /// Team name, unique.
    #[model(max_length = 64, unique)]
    pub name: String,
}

/// People who can sign in.
#[derive(Model)]
#[model(table = "user", index(name = "user_name_idx", columns("name")))]
pub struct User {
    /// Key.
    #[model(primary_key)]
    pub user_id: i64,
    /// Display name.
    #[model(max_length = 64)]
    pub name: String,
    /// Where we write to them.
    #[model(max_length = 64, unique)]
    pub email: String,
    /// Password hash.
    pub password: String,
    /// Session token, when signed in.
    pub token: Option<String>,
    /// When the account was made.
    #[model(default = "CURRENT_TIMESTAMP")]
    pub created_at: String,
    /// The team, if any.
    #[model(references = "team.id", on_delete = "cascade")]
    pub team_id: Option<i64>,
}
