use migrate_core::Model;

#[derive(Model)]
struct Pair(i64, String);

fn main() {}
