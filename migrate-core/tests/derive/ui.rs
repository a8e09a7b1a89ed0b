//! Every compile error of `#[derive(Model)]`: one case per check in
//! `tests/ui/<category>/`, each with the exact message and span in its
//! `.stderr`. Regenerate with `TRYBUILD=overwrite`, then read the diff.
//!
//! The unsupported-type error lists the types that implement `SqlType`,
//! which depends on the enabled features: `tests/ui_features/none` holds
//! the case without the optional types, `ui_features/all` with all of them
//! (what `cargo test --workspace` builds, the tests package enabling them).

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*/*.rs");
    let all = cfg!(all(
        feature = "chrono",
        feature = "uuid",
        feature = "json",
        feature = "decimal"
    ));
    let none = cfg!(not(any(
        feature = "chrono",
        feature = "uuid",
        feature = "json",
        feature = "decimal"
    )));
    if all {
        t.compile_fail("tests/ui_features/all/*.rs");
    } else if none {
        t.compile_fail("tests/ui_features/none/*.rs");
    }
}
