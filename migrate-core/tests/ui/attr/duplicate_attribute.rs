use migrate_core::Model;

#[derive(Model)]
#[model(table = "users")]
#[model(table = "people")]
struct User {
    #[model(primary_key, primary_key)]
    id: i64,
    #[model(max_length = 64)]
    #[model(max_length = 32)]
    name: String,
}

fn main() {}
