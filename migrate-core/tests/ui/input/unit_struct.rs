use migrate_core::Model;

#[derive(Model)]
struct Nothing;

fn main() {}
