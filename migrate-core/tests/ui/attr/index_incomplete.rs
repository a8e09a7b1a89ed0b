use migrate_core::Model;

#[derive(Model)]
#[model(
    index(columns("name")),
    index(name = "user_name_idx"),
    index(),
    index,
    unique(columns("name")),
    unique(name = "user_name_key", columns()),
    index(name = "user_id_idx", columns(id))
)]
struct User {
    #[model(primary_key)]
    id: i64,
    name: String,
}

fn main() {}
