use migrate_core::Model;

#[derive(Model)]
#[model(
    index(name = "user_name_idx", columns("nmae")),
    index(name = "user_cache_idx", columns("cache")),
    index(name = "user_pair_idx", columns("name", "full_name"))
)]
struct User {
    #[model(primary_key)]
    id: i64,
    #[model(column = "full_name")]
    name: String,
    #[model(skip)]
    cache: String,
}

fn main() {}
