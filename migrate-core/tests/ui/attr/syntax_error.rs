use migrate_core::Model;

// A malformed attribute is reported, and the next attributes still are.
#[derive(Model)]
struct User {
    #[model(primary_key,, unique)]
    id: i64,
    #[model(max_lenght = 64)]
    name: String,
}

fn main() {}
