use migrate_core::Model;

#[derive(Model)]
struct User {
    #[model(primary_key)]
    id: i64,
    #[model(sql_type = "CITEXT", max_length = 64)]
    email: String,
}

fn main() {}
