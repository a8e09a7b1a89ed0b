use migrate_core::Model;

struct Money(i64);

#[derive(Model)]
struct Invoice {
    #[model(primary_key)]
    id: i64,
    total: Money,
    refunds: Vec<Money>,
}

fn main() {}
