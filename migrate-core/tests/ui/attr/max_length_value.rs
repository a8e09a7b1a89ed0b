use migrate_core::Model;

#[derive(Model)]
struct User {
    #[model(primary_key)]
    id: i64,
    #[model(max_length = 0)]
    name: String,
    #[model(max_length = 5000000000)]
    bio: String,
    #[model(max_length = -1)]
    nick: String,
}

fn main() {}
