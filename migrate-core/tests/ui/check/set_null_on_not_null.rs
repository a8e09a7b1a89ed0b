use migrate_core::Model;

#[derive(Model)]
struct User {
    #[model(primary_key)]
    id: i64,
    #[model(references = "team.id", on_delete = "set null")]
    team_id: i64,
}

fn main() {}
