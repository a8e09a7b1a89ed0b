use migrate_core::Model;

#[derive(Model)]
#[model(
    index(name = "user_name_idx", colums("name")),
    unique(name = "user_name_key", columns("name"), unique),
    check(name = "user_id_check", expression = "id > 0")
)]
struct User {
    #[model(primary_key)]
    id: i64,
    name: String,
}

fn main() {}
