//! Tests: diff_roundtrip.
