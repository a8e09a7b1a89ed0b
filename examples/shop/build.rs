// Written by `migrate init`. Revision files are compiled into the binary
// (`migrate_cli::main!`, `migrate_core::embed_revisions!`); this makes Cargo
// rebuild it when a file is added to, changed in or removed from the folder.
fn main() {
    println!("cargo:rerun-if-changed=migrations/versions");
}
