use migrate_core::Model;

#[derive(Model)]
struct User {
    #[model(primary_key)]
    id: i64,
    #[model(on_delete = "cascade", on_update = "cascade")]
    team_id: i64,
}

fn main() {}
