use migrate_core::Model;

#[derive(Model)]
struct User {
    #[model(primary_key)]
    id: i64,
    name: String,
    #[model(column = "name")]
    full_name: String,
    #[model(column = "id")]
    legacy_id: i64,
}

fn main() {}
