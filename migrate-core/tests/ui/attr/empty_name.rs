use migrate_core::Model;

#[derive(Model)]
#[model(table = "", renamed_from = " ")]
struct User {
    #[model(primary_key, column = "")]
    id: i64,
    #[model(sql_type = "", default = "")]
    name: String,
}

fn main() {}
