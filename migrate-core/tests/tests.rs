//! The integration tests of migrate-core, in one binary (one binary links
//! much faster than one per file).
//!
//! - `derive`: `#[derive(Model)]`: the tables it builds, its registry
//!   entries, its hygiene, and (through trybuild, `tests/ui/`) every
//!   compile error it gives.
//! - `registry`: the cross-model checks made when the registry is loaded.
//! - `revision`: the `revision!` macro and its registration.

mod derive {
    mod behaviour;
    mod hygiene;
    mod ui;
}

mod registry {
    mod checks;
}

mod revision {
    mod macros;
}
