use migrate_core::Model;

#[derive(Model)]
struct User {
    #[model(primary_key)]
    id: i64,
    #[model(max_lenght = 64)]
    name: String,
    #[model(nullable)]
    email: String,
}

fn main() {}
