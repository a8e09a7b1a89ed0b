use migrate_core::Model;

#[derive(Model)]
#[model(
    check(expr = "id > 0"),
    check(name = "user_id_check"),
    check,
    check(),
    check(name = "user_empty_check", expr = "")
)]
struct User {
    #[model(primary_key)]
    id: i64,
}

fn main() {}
