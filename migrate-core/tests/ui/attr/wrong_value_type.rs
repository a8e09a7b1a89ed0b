use migrate_core::Model;

#[derive(Model)]
#[model(table = users)]
struct User {
    #[model(primary_key)]
    id: i64,
    #[model(max_length = "64")]
    name: String,
    #[model(default = 0)]
    visits: i64,
    #[model(sql_type = CITEXT)]
    email: String,
    #[model(column)]
    nick: String,
}

fn main() {}
