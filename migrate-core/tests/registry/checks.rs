//! The checks made when the registry is loaded: what no single derive can
//! see. Each message must name both places involved.

use migrate_core::Error;
use migrate_core::registry::{ModelEntry, schema_from};
use migrate_core::schema::{Column, ColumnType, ForeignKey, Table};

fn team_table() -> Table {
    Table::new("team")
        .column(Column::new("id", ColumnType::BigInt))
        .primary_key(&["id"])
}

fn user_table() -> Table {
    Table::new("user")
        .column(Column::new("id", ColumnType::BigInt))
        .column(Column::new("team_id", ColumnType::BigInt))
        .primary_key(&["id"])
        .foreign_key(ForeignKey::new(
            "user_team_id_fkey",
            &["team_id"],
            "team",
            &["id"],
        ))
}

fn user_table_to_team_uuid() -> Table {
    Table::new("user")
        .column(Column::new("id", ColumnType::BigInt))
        .column(Column::new("team_id", ColumnType::BigInt))
        .primary_key(&["id"])
        .foreign_key(ForeignKey::new(
            "user_team_id_fkey",
            &["team_id"],
            "team",
            &["uuid"],
        ))
}

fn audit_table() -> Table {
    Table::new("audit")
        .column(Column::new("id", ColumnType::BigInt))
        .column(Column::new("x".repeat(64), ColumnType::Text))
        .primary_key(&["id"])
}

fn entry(
    type_name: &'static str,
    file: &'static str,
    line: u32,
    table: fn() -> Table,
) -> ModelEntry {
    ModelEntry {
        type_name,
        file,
        line,
        table,
    }
}

/// The messages of a registry error.
fn messages(entries: &[&ModelEntry]) -> Vec<String> {
    match schema_from(entries.iter().copied()) {
        Err(Error::Registry(messages)) => messages,
        Err(other) => panic!("expected a registry error, got {other}"),
        Ok(schema) => panic!("expected a registry error, got {schema:?}"),
    }
}

#[test]
fn consistent_models_load() {
    let team = entry("app::Team", "src/team.rs", 3, team_table);
    let user = entry("app::User", "src/user.rs", 7, user_table);
    let schema = schema_from([&team, &user]).unwrap();
    assert!(schema.table("team").is_some() && schema.table("user").is_some());
}

#[test]
fn two_models_with_one_table_name() {
    let team = entry("app::Team", "src/team.rs", 3, team_table);
    let squad = entry("app::legacy::Squad", "src/legacy.rs", 12, team_table);
    let messages = messages(&[&team, &squad]);
    assert_eq!(messages.len(), 1, "{messages:?}");
    let message = &messages[0];
    assert!(message.contains("`team`"), "{message}");
    assert!(message.contains("app::Team (src/team.rs:3)"), "{message}");
    assert!(
        message.contains("app::legacy::Squad (src/legacy.rs:12)"),
        "{message}"
    );
}

#[test]
fn foreign_key_to_an_unknown_table() {
    let user = entry("app::User", "src/user.rs", 7, user_table);
    let messages = messages(&[&user]);
    assert_eq!(messages.len(), 1, "{messages:?}");
    let message = &messages[0];
    assert!(message.contains("user.team_id"), "{message}");
    assert!(message.contains("app::User (src/user.rs:7)"), "{message}");
    assert!(message.contains("table `team`"), "{message}");
}

#[test]
fn foreign_key_to_an_unknown_column() {
    let team = entry("app::Team", "src/team.rs", 3, team_table);
    let user = entry("app::User", "src/user.rs", 7, user_table_to_team_uuid);
    let messages = messages(&[&user, &team]);
    assert_eq!(messages.len(), 1, "{messages:?}");
    let message = &messages[0];
    assert!(message.contains("user.team_id"), "{message}");
    assert!(message.contains("app::User (src/user.rs:7)"), "{message}");
    assert!(message.contains("`team.uuid`"), "{message}");
    assert!(message.contains("app::Team (src/team.rs:3)"), "{message}");
}

#[test]
fn identifier_over_63_bytes() {
    let audit = entry("app::Audit", "src/audit.rs", 40, audit_table);
    let messages = messages(&[&audit]);
    assert_eq!(messages.len(), 1, "{messages:?}");
    let message = &messages[0];
    assert!(message.contains(&"x".repeat(64)), "{message}");
    assert!(
        message.contains("app::Audit (src/audit.rs:40)"),
        "{message}"
    );
    assert!(message.contains("64 bytes"), "{message}");
}

#[test]
fn every_problem_is_reported() {
    let team = entry("app::Team", "src/team.rs", 3, team_table);
    let squad = entry("app::Squad", "src/squad.rs", 5, team_table);
    let user = entry("app::User", "src/user.rs", 7, user_table_to_team_uuid);
    let audit = entry("app::Audit", "src/audit.rs", 40, audit_table);
    let messages = messages(&[&team, &squad, &user, &audit]);
    assert_eq!(messages.len(), 3, "{messages:?}");
}
