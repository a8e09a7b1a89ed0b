//! Every compile error of `#[derive(Model)]`: one case per check in
//! `tests/ui/<category>/`, each with the exact message and span in its
//! `.stderr`. Regenerate with `TRYBUILD=overwrite`, then read the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*/*.rs");
}
