use migrate_core::Model;

#[derive(Model)]
#[model(unique(name = "user_email_key", columns("id", "mail")))]
struct User {
    #[model(primary_key)]
    id: i64,
    email: String,
}

fn main() {}
