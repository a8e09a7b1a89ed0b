//! The `revision!` macro, expanded as in a user's crate: several revision
//! modules in one crate, found in the registry by id.
//!
//! (It is tested here and not in a unit test: expanded inside migrate-core,
//! linkme's `link_section` trips the workspace's `forbid(unsafe_code)`.)

use migrate_core::revision::{RevisionEntry, RevisionMap, entries, find};

mod r_macro_base {
    use migrate_core::revision::prelude::*;

    revision! {
        id: "macro_base_01",
        down_revision: None,
        branch_labels: ["macro_test"],
        depends_on: [],
        message: "create the test tables",
    }

    pub fn upgrade(op: &mut Op) -> Result<()> {
        op.execute("CREATE TABLE t (id INTEGER)")
    }

    pub fn downgrade(_op: &mut Op) -> Result<()> {
        Err(migrate_core::Error::Unsupported("downgrade called".into()))
    }
}

mod r_macro_second {
    use migrate_core::revision::prelude::*;

    // The path form of the macro, and no trailing comma.
    migrate_core::revision! {
        id: "macro_second_02",
        down_revision: "macro_base_01",
        branch_labels: [],
        depends_on: ["macro_test"],
        message: "second"
    }

    pub fn upgrade(_op: &mut Op) -> Result<()> {
        Ok(())
    }

    pub fn downgrade(_op: &mut Op) -> Result<()> {
        Ok(())
    }
}

mod r_macro_other_branch {
    use migrate_core::revision::prelude::*;

    revision! {
        id: "macro_other_03",
        down_revision: None,
        branch_labels: [],
        depends_on: [],
        message: "other branch",
    }

    pub fn upgrade(_op: &mut Op) -> Result<()> {
        Ok(())
    }

    pub fn downgrade(_op: &mut Op) -> Result<()> {
        Ok(())
    }
}

mod r_macro_merge {
    use migrate_core::revision::prelude::*;

    revision! {
        id: "macro_merge_04",
        down_revision: ["macro_second_02", "macro_other_03",],
        branch_labels: [],
        depends_on: [],
        message: "merge",
        transactional: false,
    }

    pub fn upgrade(_op: &mut Op) -> Result<()> {
        Ok(())
    }

    pub fn downgrade(_op: &mut Op) -> Result<()> {
        Ok(())
    }
}

/// Generated code uses fully qualified paths only: a module that shadows the
/// prelude names still compiles.
mod r_macro_shadowing {
    #![allow(dead_code)]
    use migrate_core::revision::prelude::{Op, revision};
    type Result<T> = std::result::Result<T, migrate_core::Error>;
    struct Ok;
    struct Some;
    struct None;
    mod core {}

    revision! {
        id: "macro_shadow_05",
        down_revision: ["macro_merge_04"],
        branch_labels: [],
        depends_on: [],
        message: concat!("shadow", "ing"),
        transactional: true
    }

    pub fn upgrade(_op: &mut Op) -> Result<()> {
        std::result::Result::Ok(())
    }

    pub fn downgrade(_op: &mut Op) -> Result<()> {
        std::result::Result::Ok(())
    }
}

fn get(id: &str) -> &'static RevisionEntry {
    find(id).unwrap_or_else(|| panic!("revision {id} is not registered"))
}

#[test]
fn revisions_in_several_modules_are_registered() {
    let base = get("macro_base_01");
    assert!(base.down_revisions.is_empty());
    assert_eq!(base.branch_labels, &["macro_test"]);
    assert_eq!(base.message, "create the test tables");
    assert!(base.transactional);
    assert_eq!(base.module, "tests::revision::macros::r_macro_base");
    assert!(base.file.ends_with("macros.rs"));
    assert!(base.location().contains("macros.rs:"));

    let second = get("macro_second_02");
    assert_eq!(second.down_revisions, &["macro_base_01"]);
    assert_eq!(second.depends_on, &["macro_test"]);
    assert_eq!(second.module, "tests::revision::macros::r_macro_second");

    let merge = get("macro_merge_04");
    assert_eq!(merge.down_revisions, &["macro_second_02", "macro_other_03"]);
    assert!(!merge.transactional);

    let shadow = get("macro_shadow_05");
    assert_eq!(shadow.message, "shadowing");
    assert!(shadow.transactional);
}

#[test]
fn the_entry_points_at_the_module_functions() {
    let base = get("macro_base_01");
    let mut rec = migrate_core::revision::Recorder {
        dialect: migrate_core::Dialect::Sqlite,
        ops: Vec::new(),
    };
    let mut op = migrate_core::revision::Op::new(&mut rec);
    assert!((base.upgrade)(&mut op).is_ok());
    assert!((base.downgrade)(&mut op).is_err());
    assert_eq!(rec.ops.len(), 1);
}

#[test]
fn registered_revisions_build_a_graph() {
    let ours: Vec<&'static RevisionEntry> = entries()
        .into_iter()
        .filter(|e| e.id.starts_with("macro_"))
        .collect();
    let map = RevisionMap::from_entries(&ours).unwrap();
    assert_eq!(map.heads(), ["macro_shadow_05"]);
    assert_eq!(map.bases(), ["macro_base_01", "macro_other_03"]);
    assert!(map.entry("macro_merge_04").is_some());
    assert_eq!(map.branch_labels("macro_second_02"), ["macro_test"]);
    let steps = map.upgrade_steps(&[], "head").unwrap();
    let order: Vec<&str> = steps.iter().map(|s| s.revision.as_str()).collect();
    assert_eq!(order.last(), Some(&"macro_shadow_05"));
    assert_eq!(order.len(), 5);
}
