use migrate_core::Model;

// The typo is the one error: no second "no primary key" error.
#[derive(Model)]
struct User {
    #[model(primay_key)]
    id: i64,
}

fn main() {}
