//! The models of the quickstart example (DESIGN.md §1).

use migrate_core::Model;

/// A team of people.
#[derive(Model)]
pub struct Team {
    #[model(primary_key)]
    pub id: i64,
    #[model(max_length = 64, unique)]
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
    /// Where we write to them.
    #[model(max_length = 64, unique)]
    pub email: String,
    pub password: String,
    pub token: Option<String>,
    #[model(default = "CURRENT_TIMESTAMP")]
    pub created_at: String,
    #[model(references = "team.id", on_delete = "cascade")]
    pub team_id: Option<i64>,
}
