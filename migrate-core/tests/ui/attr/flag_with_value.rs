use migrate_core::Model;

#[derive(Model)]
struct User {
    #[model(primary_key = true)]
    id: i64,
    #[model(unique(name = "x"))]
    name: String,
    #[model(skip = "yes")]
    cache: String,
}

fn main() {}
