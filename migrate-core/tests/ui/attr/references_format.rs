use migrate_core::Model;

#[derive(Model)]
struct User {
    #[model(primary_key)]
    id: i64,
    #[model(references = "team")]
    team_id: i64,
    #[model(references = "public.team.id")]
    other_team_id: i64,
    #[model(references = "team.")]
    third_team_id: i64,
}

fn main() {}
