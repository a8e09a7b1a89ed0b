use migrate_core::Model;

#[derive(Model)]
#[model(
    index(name = "user_name", columns("name")),
    unique(name = "user_name", columns("name")),
    check(name = "user_name", expr = "length(name) > 0")
)]
struct User {
    #[model(primary_key)]
    id: i64,
    name: String,
}

fn main() {}
