use migrate_core::{Model, Record};

#[derive(Model)]
pub struct User {
    #[model(primary_key)]
    pub id: i64,
    pub name: String,
    pub team_id: Option<i64>,
}

#[derive(Model)]
pub struct Team {
    #[model(primary_key)]
    pub id: i64,
}

fn main() {
    let c = User::columns();
    // A String column takes strings, not integers.
    let _ = User::query().filter(c.name.eq(5));
    // An integer column takes integers, not strings.
    let _ = User::query().filter(c.team_id.gt("5"));
    // A filter on one model's column cannot go into another model's query.
    let _ = Team::query().filter(c.id.eq(1));
    // LIKE is for text columns only.
    let _ = User::query().filter(c.id.like("1%"));
}
