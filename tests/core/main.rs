//! Integration tests: the pure core: edits and their inverses, intents, linking, offsets, and the
//! layering test that keeps the layers apart.
//!
//! The integration tests are grouped into a few binaries (one folder each under `tests/`)
//! so that a cold `cargo test` links five test programs instead of one per file.

#![allow(
    clippy::unwrap_used,
    reason = "tests unwrap their own fixtures: a panic is how a test reports a failure"
)]

#[path = "../common/mod.rs"]
mod common;

mod edit_stories;
mod intents;
mod layering;
mod link_core;
mod prop_edits;
mod prop_offsets;
