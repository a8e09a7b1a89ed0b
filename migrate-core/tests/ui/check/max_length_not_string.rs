use migrate_core::Model;

#[derive(Model)]
struct User {
    #[model(primary_key)]
    id: i64,
    #[model(max_length = 10)]
    age: i32,
    #[model(max_length = 10)]
    tags: Vec<String>,
    #[model(max_length = 10)]
    nick: Option<String>,
}

fn main() {}
