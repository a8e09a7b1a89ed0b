//! The shop's tables.

use migrate_core::Model;

/// People who buy.
#[derive(Model)]
pub struct Customer {
    #[model(primary_key)]
    pub id: i64,
    #[model(max_length = 100)]
    pub first_name: String,
    #[model(max_length = 100)]
    pub last_name: String,
    #[model(max_length = 320, unique)]
    pub email: String,
    /// "Ada L.": filled from the names by a data migration.
    #[model(max_length = 120)]
    pub display_name: Option<String>,
}

/// What is sold.
#[derive(Model)]
pub struct Product {
    #[model(primary_key)]
    pub id: i64,
    #[model(max_length = 200, unique)]
    pub name: String,
    /// The price in cents.
    #[model(default = "0")]
    pub price_cents: i64,
}

/// One product bought by one customer.
#[derive(Model)]
#[model(
    table = "order",
    index(name = "order_customer_idx", columns("customer_id", "placed_at"))
)]
pub struct Order {
    #[model(primary_key)]
    pub id: i64,
    #[model(references = "customer.id", on_delete = "cascade")]
    pub customer_id: i64,
    #[model(references = "product.id", on_delete = "restrict")]
    pub product_id: i64,
    pub quantity: i32,
    #[model(default = "CURRENT_TIMESTAMP")]
    pub placed_at: String,
}
