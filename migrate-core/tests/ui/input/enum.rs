use migrate_core::Model;

#[derive(Model)]
enum Status {
    Active,
    Disabled,
}

fn main() {}
