use migrate_core::Model;

#[derive(Model)]
struct User {
    #[model(primary_key)]
    id: i64,
    #[model(skip, max_length = 64, unique)]
    cache: String,
}

// Reported as the conflict, not also as a missing primary key.
#[derive(Model)]
struct Session {
    #[model(primary_key, skip)]
    id: i64,
}

fn main() {}
