use migrate_core::Model;

#[derive(Model)]
#[model(primary_key)]
struct User {
    #[model(primary_key, table = "users")]
    id: i64,
}

fn main() {}
