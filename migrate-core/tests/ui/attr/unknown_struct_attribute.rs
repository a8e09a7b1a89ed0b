use migrate_core::Model;

#[derive(Model)]
#[model(tabel = "users", idx(name = "a", columns("id")))]
struct User {
    #[model(primary_key)]
    id: i64,
}

fn main() {}
