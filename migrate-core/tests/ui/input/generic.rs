use migrate_core::Model;

#[derive(Model)]
struct Wrapper<T> {
    #[model(primary_key)]
    id: i64,
    value: T,
}

fn main() {}
