use migrate_core::Model;

// Every mistake in this struct is reported in one compile.
#[derive(Model)]
#[model(tabel = "users", index(name = "user_name_idx", columns("nmae")))]
struct User {
    id: i64,
    #[model(max_length = 64)]
    age: i32,
    #[model(max_length = 64, max_length = 32)]
    name: String,
    #[model(column = "name")]
    display_name: String,
    #[model(on_delete = "cascade")]
    team_id: i64,
    #[model(references = "team")]
    other_team_id: i64,
}

fn main() {}
