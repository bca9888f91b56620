//! Integration tests: the project folder: loading bad input, saving, re-anchoring, crash and full-disk safety, loader fuzzing.
//!
//! The integration tests are grouped into a few binaries (one folder each under `tests/`)
//! so that a cold `cargo test` links five test programs instead of one per file.

#[path = "../common/mod.rs"]
mod common;

mod bad_input;
mod crash_kill;
mod fuzz_loaders;
mod reanchor;
mod safety;
mod store_save;
