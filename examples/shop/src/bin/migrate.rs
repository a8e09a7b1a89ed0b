//! The project's `migrate` command: `cargo run -p shop --bin migrate -- --help`.

migrate_cli::main!(shop);
