use migrate_core::Model;

#[derive(Model)]
struct Borrowed<'a> {
    #[model(primary_key)]
    id: i64,
    name: &'a str,
}

fn main() {}
