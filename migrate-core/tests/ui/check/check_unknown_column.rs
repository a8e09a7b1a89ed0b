use migrate_core::Model;

#[derive(Model)]
#[model(
    check(name = "user_age_check", expr = "agee >= 0 AND length(name) > 0"),
    check(name = "user_status_check", expr = "status IN (\"active\", \"disabled\")"),
    check(name = "user_score_check", expr = "score_value > 0")
)]
struct User {
    #[model(primary_key)]
    id: i64,
    age: i32,
    name: String,
    status: String,
    #[model(column = "score")]
    score_value: i32,
}

fn main() {}
